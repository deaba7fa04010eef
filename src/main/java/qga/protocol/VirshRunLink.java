package qga.protocol;

import qga.transport.Virsh;
import qga.transport.VirshEndpoint;

/**
 * What the two links through libvirt share: one virsh process per request, run when the request
 * is awaited, so a link is always open, a reply is never waiting, and cancelling stops the run in
 * progress. {@link VirshLink} for the agent, {@link VirshMonitorLink} for the QEMU monitor.
 */
abstract class VirshRunLink implements AgentLink {
    final VirshEndpoint endpoint;
    final Virsh virsh;
    final long maxReply;
    volatile WireTap tap;
    private long sequence;

    VirshRunLink(VirshEndpoint endpoint, long maxReply) {
        this.endpoint = endpoint;
        this.virsh = endpoint.virsh();
        this.maxReply = maxReply;
    }

    /** The next ticket; callers hold the link's lock. */
    final Ticket nextTicket(Request request) {
        return new Ticket("virsh-" + (++sequence), request);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    /** Stops the virsh run in progress. */
    @Override
    public void cancel() {
        virsh.cancel();
    }

    /** Each reply is a virsh run still to be made. */
    @Override
    public boolean replyReady() {
        return false;
    }

    @Override
    public void setWireTap(WireTap tap) {
        this.tap = tap;
    }
}
