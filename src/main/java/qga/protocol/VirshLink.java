package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import qga.base.QgaException;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;
import qga.transport.Virsh;
import qga.transport.VirshEndpoint;
import qga.transport.VirshErrors;

/**
 * Requests through libvirt: one virsh qemu-agent-command process per request, in order. libvirt
 * does its own syncing with guest-sync, so there is nothing to resynchronise here; what this class
 * adds is the mapping of virsh's outcomes onto ours (error replies, silence, the 10 MiB limit).
 */
public final class VirshLink extends VirshRunLink {
    /** libvirt refuses agent replies larger than this and then keeps its agent connection in an error state. */
    static final long LIBVIRT_REPLY_LIMIT = 10L << 20;
    private static final String AGENT_ERROR = "unable to execute QEMU agent command '";
    private static final String NOT_RESPONDING = "Guest agent is not responding: ";
    /** Time for virsh itself on top of the request's own timeout; more for a remote libvirt connection. */
    private static final Duration VIRSH_SLACK = Duration.ofSeconds(5);
    private static final Duration REMOTE_SLACK = Duration.ofSeconds(15);

    private final List<Ticket> queued = new ArrayList<>();

    public VirshLink(VirshEndpoint endpoint, long maxReply) {
        super(endpoint, maxReply);
    }

    @Override
    public synchronized Ticket send(Request request, Duration timeout) {
        Ticket ticket = nextTicket(request);
        queued.add(ticket);
        return ticket;
    }

    /** Runs the ticket's request now; requests go one at a time, as libvirt would take them anyway. */
    @Override
    public synchronized Reply await(Ticket ticket, long deadlineNanos, Duration timeout) throws QgaException {
        queued.remove(ticket);
        Virsh.Result result = run(ticket.request(), timeout);
        if (result.exit() == 0) {
            return reply(ticket.request(), result);
        }
        Reply error = agentError(ticket.request(), result);
        if (error != null) {
            return error;
        }
        throw failure(ticket.request(), result);
    }

    @Override
    public synchronized Outcome callWithoutReply(Request request, Duration timeout, Duration grace) throws QgaException {
        long start = System.nanoTime();
        Virsh.Result result = run(request, grace);
        Duration after = Duration.ofNanos(System.nanoTime() - start);
        if (result.exit() == 0) {
            return new Outcome.Replied(reply(request, result));
        }
        Reply error = agentError(request, result);
        if (error != null) {
            return new Outcome.Replied(error);
        }
        String message = result.error();
        if (message.startsWith(NOT_RESPONDING)) {
            // libvirt waited for a reply that a no-reply command never sends; the guest going away shows as
            // "disappeared while executing command"
            return new Outcome.Accepted(request.command(), message.contains("disappeared"), after);
        }
        throw failure(request, result);
    }

    private Virsh.Result run(Request request, Duration timeout) throws QgaException {
        String json = JsonCodec.compact(request.json());
        WireTap current = tap;
        if (current != null) {
            current.sent(json);
        }
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        Virsh.Result result = virsh.run(List.of("qemu-agent-command", endpoint.domain(), json, "--timeout",
                Long.toString(seconds)), timeout.plus(slack(virsh)), maxReply);
        if (current != null) {
            current.received(result.exit() == 0 ? result.stdoutText().strip() : "virsh: " + result.error());
        }
        return result;
    }

    private Reply reply(Request request, Virsh.Result result) throws QgaException {
        return new Reply(printedReply(result));
    }

    /** The reply virsh printed (qemu-agent-command or qemu-monitor-command): one well-formed JSON object, or a protocol error. */
    static JsonObject printedReply(Virsh.Result result) throws QgaException {
        byte[] out = result.stdout();
        JsonElement json;
        try {
            json = JsonCodec.parse(out, 0, out.length, JsonCodec.Utf8.REPLACE);
        } catch (JsonSyntaxError e) {
            throw QgaException.protocol("virsh printed something that is not a reply (" + e.getMessage() + ")");
        }
        if (!json.isJsonObject() || !Reply.isWellFormed(json.getAsJsonObject())) {
            throw QgaException.protocol("virsh printed something that is not a reply: "
                    + abbreviate(result.stdoutText()));
        }
        return json.getAsJsonObject();
    }

    /** How long a virsh run may take on top of the request's own timeout. */
    static Duration slack(Virsh virsh) {
        return virsh.uri() == null ? VIRSH_SLACK : REMOTE_SLACK;
    }

    /** virsh's "unable to execute QEMU agent command 'X': DESC" is the agent's own error reply. */
    private static Reply agentError(Request request, Virsh.Result result) {
        String message = result.error();
        String prefix = "internal error: " + AGENT_ERROR;
        int at = message.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int close = message.indexOf("': ", at + prefix.length());
        String desc = close < 0 ? message : message.substring(close + 3);
        Reply reply = Reply.error(refusedCommand(request.command(), desc) ? "CommandNotFound" : "GenericError", desc);
        JsonObject json = reply.json();
        if (request.userId() != null) {
            json.add("id", request.userId());
        }
        return reply;
    }

    /**
     * virsh drops the error's class; qemu-ga's own wording for a command it lacks or has disabled
     * (blocked, frozen, another OS's) tells CommandNotFound back, so the refusal can be explained.
     */
    private static boolean refusedCommand(String command, String desc) {
        return desc.startsWith("Command " + command + " has been disabled")
                || desc.equals("The command " + command + " has not been found");
    }

    private QgaException failure(Request request, Virsh.Result result) {
        String message = result.error();
        if (message.startsWith(NOT_RESPONDING)) {
            return QgaException.noAnswer("no answer from the agent of " + endpoint.domain() + " through libvirt: "
                    + message.substring(NOT_RESPONDING.length())
                    + " (no agent running in the guest, or it is still starting; a longer --timeout may help)");
        }
        if (message.startsWith("No complete agent response found in")) {
            return QgaException.protocol("the reply to " + request.command() + " is larger than libvirt's"
                    + " 10 MiB limit for agent replies, and libvirt keeps its agent connection in an error state"
                    + " afterwards: read in smaller pieces, or use a direct channel (a second channel"
                    + " org.qemu.guest_agent.1; qga domains shows the addresses)");
        }
        if (message.contains("QEMU guest agent is not configured")) {
            return QgaException.cannotConnect("libvirt domain " + endpoint.domain() + " has no guest agent channel");
        }
        if (message.startsWith("internal error: cannot parse json")) {
            return QgaException.agentError("libvirt could not parse the request: " + message);
        }
        return VirshErrors.connectFailure(endpoint.domain(), result);
    }

    private static String abbreviate(String text) {
        return qga.base.Excerpt.of(text.strip(), 120);
    }

    @Override
    public void close() {
        queued.clear();
    }
}
