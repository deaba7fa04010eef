package qga.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import qga.base.Log;
import qga.base.QgaException;

/**
 * Looks for the likely reason a Unix socket stays silent: it is a libvirt domain's agent channel
 * (libvirtd holds it), another client is connected to it (QEMU and qemu-ga serve one client at a
 * time), or libvirt reports the channel disconnected (no agent runs in the guest).
 */
final class SilenceDiagnosis {
    /** libvirt names channel directories domain-ID-NAME, the name shortened to 20 characters. */
    private static final Pattern LIBVIRT_CHANNEL = Pattern.compile(".*/channel/target/domain-(\\d+)-([^/]+)/(org\\.qemu\\.guest_agent\\.\\d+)$");
    private static final Path PROC_NET_UNIX = Path.of("/proc/net/unix");

    private SilenceDiagnosis() {
    }

    static String diagnose(Path socket, Map<String, String> env, Log log) {
        Path path = socket.toAbsolutePath().normalize();
        Matcher libvirt = LIBVIRT_CHANNEL.matcher(path.toString());
        if (libvirt.matches()) {
            String domain = domainName(libvirt.group(1), libvirt.group(2), env, log);
            String state = channelState(domain, path, env, log);
            if ("disconnected".equals(state)) {
                return "libvirt reports this channel of domain " + domain + " disconnected: no agent is running in the"
                        + " guest (start qemu-guest-agent there)";
            }
            return "this is the agent channel " + libvirt.group(3) + " of libvirt domain " + domain
                    + ", which libvirtd holds (QEMU serves one client at a time): use virsh:" + domain
                    + ", or add a second channel " + LibvirtEndpoint.SECOND_CHANNEL_XML + " (virsh edit " + domain
                    + ", restart it, run a second qemu-ga on it) and use libvirt:" + domain;
        }
        if (heldByAnotherClient(path)) {
            return "another client is connected to " + path + " (QEMU and qemu-ga serve one client at a time; find it"
                    + " with: ss -xp | grep " + path + ")";
        }
        return null;
    }

    /** True when a socket in /proc/net/unix listens at this path (flag __SO_ACCEPTCON). */
    static boolean isListening(Path socket) {
        return isListening(socket.toAbsolutePath().normalize().toString());
    }

    /** The same for a path as /proc/net/unix writes it: an abstract name as @NAME. */
    static boolean isListening(String path) {
        try {
            for (String line : Files.readAllLines(PROC_NET_UNIX)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 8 && fields[7].equals(path) && (Long.parseLong(fields[3], 16) & 0x10000) != 0) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /**
     * True when a client of this socket has been accepted (state 03 in /proc/net/unix) while a
     * connection still waits in the backlog (state 02): ours, behind someone else's.
     */
    static boolean heldByAnotherClient(Path path) {
        return heldByAnotherClient(path.toString());
    }

    /** The same for a path as /proc/net/unix writes it: an abstract name as @NAME. */
    static boolean heldByAnotherClient(String path) {
        int accepted = 0;
        int waiting = 0;
        try {
            for (String line : Files.readAllLines(PROC_NET_UNIX)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 8 && fields[7].equals(path)) {
                    if (fields[5].equals("03")) {
                        accepted++;
                    } else if (fields[5].equals("02")) {
                        waiting++;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return accepted > 0 && waiting > 0;
    }

    /** The domain's full name (virsh domname ID), or the possibly shortened name in the directory. */
    private static String domainName(String id, String shortened, Map<String, String> env, Log log) {
        if (Programs.find("virsh", env) == null) {
            return shortened;
        }
        try {
            Virsh.Result result = new Virsh(null, env, log).run(java.util.List.of("domname", id), Duration.ofSeconds(5), 4096);
            String name = result.stdoutText().strip();
            return result.exit() == 0 && !name.isEmpty() ? name : shortened;
        } catch (QgaException e) {
            return shortened;
        }
    }

    /** libvirt's state for the channel at this path, if virsh can tell (null otherwise). */
    private static String channelState(String domain, Path path, Map<String, String> env, Log log) {
        if (Programs.find("virsh", env) == null) {
            return null;
        }
        try {
            DomainXml.Domain description = LibvirtEndpoint.describe(new Virsh(null, env, log), domain, Duration.ofSeconds(5));
            for (DomainXml.AgentChannel channel : description.agentChannels()) {
                if (path.toString().equals(channel.path())) {
                    return channel.state();
                }
            }
        } catch (QgaException | RuntimeException e) {
            log.verbose("could not ask libvirt about " + domain + ": " + e.getMessage());
        }
        return null;
    }
}
