package qga.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import qga.base.Log;
import qga.base.QgaException;

/** The guest agents a libvirt host offers: each running domain's agent channels and how to reach them. */
public final class LibvirtHost {
    /** One agent channel of a domain (channel null: the domain has none), with the address to use. */
    public record Agent(String domain, String channel, String state, String address, String note) {
    }

    private final Virsh virsh;

    public LibvirtHost(String uri, Map<String, String> env, Log log) {
        this.virsh = new Virsh(uri, env, log);
    }

    /** The running domains' names (virsh list --name), one virsh call. */
    public List<String> running(Duration timeout) throws QgaException {
        Virsh.Result list = virsh.run(List.of("list", "--name"), timeout.plusSeconds(10), 1 << 20);
        if (list.exit() != 0) {
            throw VirshErrors.connectFailure("(list)", list);
        }
        List<String> names = new ArrayList<>();
        for (String name : list.stdoutText().split("\n")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /** The address of a domain's agent on this host's URI: libvirt:DOMAIN[?uri=URI]. */
    public String libvirtAddress(String domain) {
        return "libvirt:" + domain + (virsh.uri() == null ? "" : "?uri=" + virsh.uri());
    }

    public List<Agent> agents(Duration timeout) throws QgaException {
        List<Agent> agents = new ArrayList<>();
        for (String domain : running(timeout)) {
            DomainXml.Domain description = LibvirtEndpoint.describe(virsh, domain, timeout);
            if (description.agentChannels().isEmpty()) {
                agents.add(new Agent(domain, null, null, null, "no guest agent channel"));
            }
            for (DomainXml.AgentChannel channel : description.agentChannels()) {
                agents.add(agent(domain, channel));
            }
        }
        return agents;
    }

    private Agent agent(String domain, DomainXml.AgentChannel channel) {
        String uriSuffix = virsh.uri() == null ? "" : "?uri=" + virsh.uri();
        if (channel.name().equals("org.qemu.guest_agent.0")) {
            return new Agent(domain, channel.name(), channel.state(), "virsh:" + domain + uriSuffix,
                    "libvirt holds this channel");
        }
        if (channel.path() != null && virsh.uri() == null) {
            return new Agent(domain, channel.name(), channel.state(), (channel.pty() ? "serial:" : "unix:") + channel.path(),
                    channel.isConnected() ? null : "no agent on it yet");
        }
        return new Agent(domain, channel.name(), channel.state(), null, channel.path() == null ? "not a unix socket or pty"
                : channel.pty() ? "pty on the remote host" : "socket on the remote host");
    }
}
