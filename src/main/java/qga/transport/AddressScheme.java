package qga.transport;

import java.util.List;

/**
 * The address forms qga takes, in the order help lists them: the one list that Address parses
 * by and that --help, the man page and the shell completions are written from.
 */
public enum AddressScheme {
    UNIX(List.of("unix", "unix-connect"), Operand.PATH, "unix:PATH (or a socket path)", "unix:PATH, unix-connect:PATH, PATH, unix:@NAME",
            "A Unix socket: qemu-ga -m unix-listen, or a QEMU chardev socket behind the virtio-serial port"
                    + " org.qemu.guest_agent.0; unix:@NAME is one in the abstract namespace (-chardev"
                    + " socket,abstract=on,path=NAME)."),
    LIBVIRT(List.of("libvirt"), Operand.DOMAIN, "libvirt:DOMAIN", "libvirt:DOMAIN[?uri=URI]",
            "A libvirt domain's agent, found in its live XML: the second channel org.qemu.guest_agent.1"
                    + " directly when libvirt reports it connected, otherwise through libvirt as with virsh:."),
    VIRSH(List.of("virsh"), Operand.DOMAIN, "virsh:DOMAIN", "virsh:DOMAIN[?uri=URI]",
            "Every request through virsh qemu-agent-command, one process per request; remote hosts through"
                    + " libvirt URIs such as qemu+ssh://root@host/system."),
    TCP(List.of("tcp"), Operand.OTHER, "tcp:HOST:PORT", "tcp:HOST:PORT",
            "A QEMU chardev socket on TCP; an IPv6 host in brackets, tcp:[::1]:4444."),
    VSOCK(List.of("vsock"), Operand.OTHER, "vsock:CID:PORT", "vsock:CID:PORT",
            "qemu-ga -m vsock-listen in a guest; the connection is made by socat."),
    HVSOCK(List.of("hvsock"), Operand.PATH, "hvsock:PATH:PORT", "hvsock:PATH:PORT",
            "qemu-ga -m vsock-listen -p 3:PORT in a Firecracker or Cloud Hypervisor guest, through the VMM's"
                    + " vsock Unix socket PATH (its uds_path or socket=): qga writes CONNECT PORT and waits for OK."),
    SERIAL(List.of("serial"), Operand.PATH, "serial:DEVICE", "serial:DEVICE",
            "A character device with the agent on its other end: the /dev/pts/N of QEMU's -chardev pty (libvirt's"
                    + " channel type='pty', or an isa-serial port), set raw without echo."),
    EXEC(List.of("exec"), Operand.OTHER, "exec:PROGRAM ARG...", "exec:PROGRAM ARG...",
            "A program whose stdin and stdout are the channel, started without a shell, for example"
                    + " exec:ssh root@host socat STDIO UNIX-CONNECT:/run/vm1/qga.sock."),
    QMP(List.of("qmp"), Operand.PATH, "qmp:ADDRESS", "qmp:ADDRESS",
            "A QEMU monitor (QMP) at ADDRESS, a socket path or a unix:, tcp: or exec: address, for example"
                    + " qmp:/run/vm1/qmp.sock (also --qmp); qmp:virsh:DOMAIN[?uri=URI] (or qmp:libvirt:DOMAIN) is a"
                    + " libvirt domain's, through virsh qemu-monitor-command. Without it a monitor is recognised by its greeting."),
    LOCAL(List.of("local"), Operand.OTHER, "local:", "local:",
            "A private qemu-ga on this machine in a temporary directory. It acts on this host,"
                    + " so it runs only commands that change nothing: the agent blocks the rest (guest-exec and"
                    + " guest-file-open included) and qga never sends them, with or without --no-validate."
                    + " Stopped at exit, and when qga is killed in any way.");

    /** What follows the colon, as far as completing it goes. */
    public enum Operand {
        /** a socket path */
        PATH,
        /** a libvirt domain name */
        DOMAIN,
        /** something only the user knows, or nothing */
        OTHER
    }

    private final List<String> names;
    private final Operand operand;
    private final String form;
    private final String synopsis;
    private final String meaning;

    AddressScheme(List<String> names, Operand operand, String form, String synopsis, String meaning) {
        this.names = names;
        this.operand = operand;
        this.form = form;
        this.synopsis = synopsis;
        this.meaning = meaning;
    }

    /** The scheme written name:, or null. */
    static AddressScheme named(String name) {
        for (AddressScheme scheme : values()) {
            if (scheme.names.contains(name)) {
                return scheme;
            }
        }
        return null;
    }

    /** What may be written before the colon: unix and unix-connect are one scheme. */
    public List<String> names() {
        return names;
    }

    public Operand operand() {
        return operand;
    }

    /** How a one-line message names the form: libvirt:DOMAIN. */
    public String form() {
        return form;
    }

    /** How help names the form, with its variants: libvirt:DOMAIN[?uri=URI]. */
    public String synopsis() {
        return synopsis;
    }

    /** What the address reaches, in a sentence or three. */
    public String meaning() {
        return meaning;
    }
}
