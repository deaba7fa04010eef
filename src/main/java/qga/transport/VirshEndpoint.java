package qga.transport;

import java.time.Duration;
import qga.base.QgaException;
import java.util.Map;
import qga.base.Log;

/**
 * virsh:DOMAIN[?uri=URI]: every request goes through virsh qemu-agent-command, so libvirt, which
 * holds the agent channel, speaks for us (also to remote hosts through libvirt URIs). There is no
 * byte channel: the protocol layer runs virsh once per request. qmp:virsh:DOMAIN and
 * qmp:libvirt:DOMAIN are the domain's QEMU monitor the same way, through qemu-monitor-command.
 */
public final class VirshEndpoint implements Endpoint {
    private final String domain;
    private final Virsh virsh;
    private final String display;
    private final boolean monitor;

    public VirshEndpoint(String domain, String uri, String display, Map<String, String> env, Log log) {
        this(domain, uri, display, env, log, false);
    }

    private VirshEndpoint(String domain, String uri, String display, Map<String, String> env, Log log, boolean monitor) {
        this.domain = domain;
        this.virsh = new Virsh(uri, env, log);
        this.display = display;
        this.monitor = monitor;
    }

    /** The domain's QEMU monitor, which libvirt holds: requests through virsh qemu-monitor-command. */
    static VirshEndpoint monitor(String domain, String uri, String display, Map<String, String> env, Log log) {
        return new VirshEndpoint(domain, uri, display, env, log, true);
    }

    public String domain() {
        return domain;
    }

    public Virsh virsh() {
        return virsh;
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public boolean speaksQmp() {
        return monitor;
    }

    /** Never called: AgentSession opens a virsh link instead of a channel for this endpoint. */
    @Override
    public <T> T open(Duration timeout, Links<T> links) throws QgaException {
        return links.throughVirsh(this);
    }
}
