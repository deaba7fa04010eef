package qga.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import qga.base.Log;
import qga.base.QgaException;

/**
 * libvirt:DOMAIN: finds the domain's agent channel in libvirt's live description of it. libvirt
 * connects to org.qemu.guest_agent.0 itself and never lets go, so a second channel
 * (org.qemu.guest_agent.1, with its own socket or pty) is used directly when the guest runs an agent on it;
 * otherwise every request goes through libvirt (virsh qemu-agent-command).
 */
public final class LibvirtEndpoint implements Endpoint {
    static final String SECOND_CHANNEL_XML = "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.1'/></channel>";

    private final String domain;
    private final String uri;
    private final String display;
    private final Map<String, String> env;
    private final Log log;

    public LibvirtEndpoint(String domain, String uri, String display, Map<String, String> env, Log log) {
        this.domain = domain;
        this.uri = uri;
        this.display = display;
        this.env = env;
        this.log = log;
    }

    public String domain() {
        return domain;
    }

    public String uri() {
        return uri;
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public <T> T open(Duration timeout, Links<T> links) throws QgaException {
        return resolve(timeout).open(timeout, links);
    }

    @Override
    public Endpoint resolve(Duration timeout) throws QgaException {
        DomainXml.Domain description = describe(new Virsh(uri, env, log), domain, timeout);
        if (!description.running()) {
            throw QgaException.cannotConnect("libvirt domain " + domain + " is not running (virsh start " + domain + ")");
        }
        DomainXml.AgentChannel second = description.channel("org.qemu.guest_agent.1");
        if (second != null && second.path() != null && second.isConnected() && uri == null) {
            log.verbose(display + ": using the second channel org.qemu.guest_agent.1 directly at " + second.path()
                    + " (libvirt holds org.qemu.guest_agent.0)");
            String direct = display + " (" + second.path() + ")";
            return second.pty() ? new SerialEndpoint(Path.of(second.path()), direct, env)
                    : new UnixEndpoint(Path.of(second.path()), direct, env, log);
        }
        if (description.channel("org.qemu.guest_agent.0") != null) {
            String why = second == null ? "it has no second channel org.qemu.guest_agent.1"
                    : uri != null ? "the domain is on " + uri + ", where its sockets are out of reach"
                    : second.path() == null ? "its second channel has no socket path or pty"
                    : "its second channel is disconnected (no second qemu-ga runs in the guest)";
            log.verbose(display + ": libvirt holds org.qemu.guest_agent.0 and " + why
                    + "; going through virsh qemu-agent-command");
            return new VirshEndpoint(domain, uri, display, env, log);
        }
        throw QgaException.cannotConnect("libvirt domain " + domain + " has no guest agent channel: add "
                + "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel> with virsh edit "
                + domain + " and restart it");
    }

    /** virsh dumpxml DOMAIN, read; libvirt's errors named. */
    static DomainXml.Domain describe(Virsh virsh, String domain, Duration timeout) throws QgaException {
        Virsh.Result result = virsh.run(List.of("dumpxml", domain), timeout.plusSeconds(10), 16 << 20);
        if (result.exit() != 0) {
            throw VirshErrors.connectFailure(domain, result);
        }
        try {
            return DomainXml.parseDomain(result.stdout());
        } catch (IOException e) {
            throw QgaException.cannotConnect("virsh dumpxml " + domain + ": " + e.getMessage(), e);
        }
    }
}
