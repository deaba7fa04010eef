package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.base.Seconds;
import qga.json.JsonCodec;
import qga.transport.Virsh;
import qga.transport.VirshEndpoint;
import qga.transport.VirshErrors;

/**
 * A QEMU monitor through libvirt, which holds it: one virsh qemu-monitor-command process per
 * request, in order. libvirt has negotiated with the monitor and keeps its greeting and events
 * to itself, so this link has neither; QEMU's error replies come back as JSON on stdout with
 * exit 0, and libvirt refuses a request that carries an id, so the user's id is kept here and
 * put back in place of libvirt's own.
 */
public final class VirshMonitorLink extends VirshRunLink {

    public VirshMonitorLink(VirshEndpoint endpoint, long maxReply) {
        super(endpoint, maxReply);
    }

    @Override
    public boolean isMonitor() {
        return true;
    }

    @Override
    public boolean sendsEvents() {
        return false;
    }

    @Override
    public synchronized Ticket send(Request request, Duration timeout) {
        return nextTicket(request);
    }

    /** Runs the ticket's request now; requests go one at a time, as libvirt would take them anyway. */
    @Override
    public synchronized Reply await(Ticket ticket, long deadlineNanos, Duration timeout) throws QgaException {
        return run(ticket.request(), timeout);
    }

    /** A monitor replies to every command, stop and quit included: there is nothing to wait out. */
    @Override
    public synchronized Outcome callWithoutReply(Request request, Duration timeout, Duration grace) throws QgaException {
        return new Outcome.Replied(run(request, timeout));
    }

    private Reply run(Request request, Duration timeout) throws QgaException {
        JsonObject wire = new JsonObject();
        for (Map.Entry<String, JsonElement> member : request.json().entrySet()) {
            if (!member.getKey().equals("id")) {
                wire.add(member.getKey(), member.getValue());
            }
        }
        String json = JsonCodec.compact(wire);
        WireTap current = tap;
        if (current != null) {
            current.sent(json);
        }
        Virsh.Result result;
        try {
            // qemu-monitor-command has no timeout of its own: virsh is stopped the usual slack after the request's
            result = virsh.run(List.of("qemu-monitor-command", endpoint.domain(), json),
                    timeout.plus(VirshLink.slack(virsh)), maxReply);
        } catch (QgaException e) {
            if (e.exitCode() == ExitCode.NO_ANSWER && !e.cancelled()) {
                throw QgaException.noAnswer("no reply to " + request.command() + " from the QEMU monitor of "
                        + endpoint.domain() + " through libvirt within " + Seconds.text(timeout)
                        + " (stopped virsh): QEMU may be busy, or libvirt not answering", e);
            }
            throw e;
        }
        if (current != null) {
            current.received(result.exit() == 0 ? result.stdoutText().strip() : "virsh: " + result.error());
        }
        if (result.exit() != 0) {
            throw VirshErrors.connectFailure(endpoint.domain(), result);
        }
        return reply(request, result);
    }

    /** The reply virsh printed, with libvirt's own id replaced by the user's, or removed. */
    private static Reply reply(Request request, Virsh.Result result) throws QgaException {
        JsonObject reply = VirshLink.printedReply(result);
        if (request.userId() == null) {
            reply.remove("id");
        } else {
            reply.add("id", request.userId());
        }
        return new Reply(reply);
    }

    @Override
    public void close() {
    }
}
