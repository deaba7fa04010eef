package qga.transport;

import qga.base.QgaException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import qga.base.Log;
import qga.base.Tokenizer;

/** Turns the address a user typed into an endpoint. Nothing is opened or run here. */
public final class Address {
    /** The forms accepted, for error messages. */
    public static final String FORMS = forms();

    private Address() {
    }

    public static Endpoint parse(String text, Map<String, String> env, Log log) throws QgaException {
        if (text == null || text.isBlank()) {
            throw QgaException.badInput("empty address: give " + FORMS);
        }
        String name = scheme(text);
        if (name == null) {
            return unix(text, text, env, log);
        }
        String rest = text.substring(name.length() + 1);
        AddressScheme scheme = AddressScheme.named(name);
        if (scheme == null || (scheme == AddressScheme.LOCAL && !rest.isEmpty())) {
            throw QgaException.badInput("unknown address type '" + name + ":' in " + text + ": use " + FORMS);
        }
        return switch (scheme) {
            case UNIX -> rest.startsWith("@") ? abstractUnix(text, rest.substring(1)) : unix(text, rest, env, log);
            case LIBVIRT -> new LibvirtEndpoint(domain(text, rest), uri(rest), text, env, log);
            case VIRSH -> new VirshEndpoint(domain(text, rest), uri(rest), text, env, log);
            case TCP -> tcp(text, rest);
            case VSOCK -> vsock(text, rest, env);
            case HVSOCK -> hybridVsock(text, rest, env, log);
            case SERIAL -> serial(text, rest, env);
            case EXEC -> exec(text, rest);
            case QMP -> monitor(text, rest, env, log);
            case LOCAL -> new LocalEndpoint(env, log);
        };
    }

    /** qmp:ADDRESS: a QEMU monitor behind a byte stream qga opens itself, or a libvirt domain's through virsh. */
    private static Endpoint monitor(String text, String rest, Map<String, String> env, Log log) throws QgaException {
        String inner = scheme(rest);
        AddressScheme scheme = inner == null ? AddressScheme.UNIX : AddressScheme.named(inner);
        if (scheme == AddressScheme.QMP) {
            return parse(rest, env, log);
        }
        if (scheme == AddressScheme.LOCAL) {
            throw QgaException.badInput("'" + text + "' names no QEMU monitor: qmp: takes a monitor's address (a path,"
                    + " unix:, tcp:, exec:, or virsh:DOMAIN for a libvirt domain's); local: is a guest agent");
        }
        if (scheme == AddressScheme.LIBVIRT || scheme == AddressScheme.VIRSH) {
            // libvirt holds its domains' monitors: they are reached through virsh whichever of the two is written
            String domainPart = rest.substring(inner.length() + 1);
            return VirshEndpoint.monitor(domain(rest, domainPart), uri(domainPart), text, env, log);
        }
        return new MonitorEndpoint(parse(rest, env, log), text);
    }

    /** unix:PATH (or a socket path), libvirt:DOMAIN, ... or local: */
    private static String forms() {
        AddressScheme[] schemes = AddressScheme.values();
        StringBuilder forms = new StringBuilder();
        for (int i = 0; i < schemes.length; i++) {
            forms.append(i == 0 ? "" : i == schemes.length - 1 ? " or " : ", ").append(schemes[i].form());
        }
        return forms.toString();
    }

    /** The scheme before the first colon, if that colon comes before any slash. */
    private static String scheme(String text) {
        int colon = text.indexOf(':');
        int slash = text.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash) && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return text.substring(0, colon);
        }
        return null;
    }

    private static Endpoint unix(String text, String path, Map<String, String> env, Log log) throws QgaException {
        if (path.isEmpty()) {
            throw QgaException.badInput("address " + text + " has no path: write unix:/path/to/socket");
        }
        refuseNul(path);
        return new UnixEndpoint(Path.of(path), text, env, log);
    }

    /** unix:@NAME; the endpoint is the only class that loads junixsocket, when it connects. */
    private static Endpoint abstractUnix(String text, String name) throws QgaException {
        if (name.isEmpty()) {
            throw QgaException.badInput("address " + text + " has no name: write unix:@NAME with the path= of QEMU's"
                    + " -chardev socket,abstract=on (or unix:./@ for a file named @)");
        }
        refuseNul(name);
        return new AbstractUnixEndpoint(name, text);
    }

    private static Endpoint tcp(String text, String rest) throws QgaException {
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw QgaException.badInput("address " + text + " needs a host and a port: write tcp:HOST:PORT");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw QgaException.badInput("address " + text + ": write an IPv6 host in brackets, like tcp:[::1]:4444");
        }
        long port = number(text, "port", rest.substring(colon + 1), 65535);
        if (host.isEmpty() || port == 0) {
            throw QgaException.badInput("address " + text + " needs a host and a port from 1 to 65535");
        }
        return new TcpEndpoint(host, (int) port, text);
    }

    private static Endpoint vsock(String text, String rest, Map<String, String> env) throws QgaException {
        String[] parts = rest.split(":", -1);
        if (parts.length != 2) {
            throw QgaException.badInput("address " + text + " needs a CID and a port: write vsock:CID:PORT (e.g. vsock:3:1234)");
        }
        long cid = number(text, "CID", parts[0], 0xFFFFFFFFL);
        long port = number(text, "port", parts[1], 0xFFFFFFFFL);
        return new VsockEndpoint(cid, port, text, env);
    }

    /** hvsock:PATH:PORT, the path up to the last colon (a path may hold colons, a port cannot). */
    private static Endpoint hybridVsock(String text, String rest, Map<String, String> env, Log log) throws QgaException {
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw QgaException.badInput("address " + text + " needs the VMM's vsock socket and a guest port: write"
                    + " hvsock:PATH:PORT (e.g. hvsock:/run/firecracker/v.sock:1234)");
        }
        String path = rest.substring(0, colon);
        refuseNul(path);
        long port = number(text, "port", rest.substring(colon + 1), 0xFFFFFFFFL);
        return new HybridVsockEndpoint(Path.of(path), port, text, env, log);
    }

    private static Endpoint serial(String text, String path, Map<String, String> env) throws QgaException {
        if (path.isEmpty()) {
            throw QgaException.badInput("address " + text + " names no device: write serial:/dev/pts/N, the pty QEMU's"
                    + " -chardev pty reports (char device redirected to /dev/pts/N)");
        }
        refuseNul(path);
        return new SerialEndpoint(Path.of(path), text, env);
    }

    private static Endpoint exec(String text, String rest) throws QgaException {
        List<String> argv = Tokenizer.split(rest);
        if (argv.isEmpty()) {
            throw QgaException.badInput("address " + text + " names no program: write exec:PROGRAM ARG...,"
                    + " e.g. exec:ssh root@host socat STDIO UNIX-CONNECT:/run/vm1/qga.sock");
        }
        return new ExecEndpoint(argv, text);
    }

    private static String domain(String text, String rest) throws QgaException {
        int query = rest.lastIndexOf("?uri=");
        String domain = query < 0 ? rest : rest.substring(0, query);
        if (domain.isEmpty()) {
            throw QgaException.badInput("address " + text + " names no domain: write " + text.substring(0, text.indexOf(':'))
                    + ":DOMAIN (virsh list shows them)");
        }
        if (query >= 0 && rest.substring(query + 5).isEmpty()) {
            throw QgaException.badInput("address " + text + " has an empty uri: write ?uri=qemu+ssh://host/system");
        }
        return domain;
    }

    private static String uri(String rest) {
        int query = rest.lastIndexOf("?uri=");
        return query < 0 ? null : rest.substring(query + 5);
    }

    /** A NUL would end a path early where the kernel reads it: refused rather than connecting elsewhere. */
    private static void refuseNul(String part) throws QgaException {
        if (part.indexOf('\0') >= 0) {
            throw QgaException.badInput("address contains a NUL byte");
        }
    }

    private static long number(String text, String what, String digits, long max) throws QgaException {
        if (!digits.matches("[0-9]{1,10}") || Long.parseLong(digits) > max) {
            throw QgaException.badInput("address " + text + ": the " + what + " must be a number from 0 to " + max
                    + ", not '" + digits + "'");
        }
        return Long.parseLong(digits);
    }
}
