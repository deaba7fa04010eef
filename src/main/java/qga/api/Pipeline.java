package qga.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.protocol.AgentLink;
import qga.protocol.AgentSession;
import qga.protocol.CallPolicy;
import qga.protocol.Outcome;
import qga.protocol.Reply;
import qga.protocol.Request;
import qga.schema.CommandGate;

/**
 * Many requests to one agent, answered in the order given, up to WINDOW in flight. Each request
 * gets exactly one result, tagged with what the caller gave (a line number, say). A request that
 * gets no answer within its timeout fails alone: those in flight behind it are still awaited, a
 * reply carrying a request's own id being its answer, and the next request sent resyncs first. A
 * lost channel fails what is in flight and everything after it at once (a pipeline does not
 * reconnect; once drained, the agent reconnects again if it did before). Commands that reply only
 * on failure run once everything before them is answered.
 */
public final class Pipeline<T> {
    /**
     * Requests in flight at most; taken again in batches once half have been answered. On a
     * local socket 32 to 256 measure the same; on a link with a round trip, more is faster.
     */
    public static final int WINDOW = 256;

    /** What came of one request. */
    public sealed interface Result<T> {
        T tag();

        /** The agent's reply, which may be an error reply. */
        record Answered<T>(T tag, Request request, Reply reply) implements Result<T> {
        }

        /** A command that replies only on failure was taken. */
        record Accepted<T>(T tag, Outcome.Accepted outcome) implements Result<T> {
        }

        /** No reply: refused before sending, not sent, or not answered; message says which. */
        record Failed<T>(T tag, ExitCode code, String message) implements Result<T> {
        }
    }

    private sealed interface Entry<T> {
        T tag();
    }

    private record Sent<T>(T tag, AgentLink link, AgentLink.Ticket ticket, CallPolicy policy, long sentAt) implements Entry<T> {
    }

    private record Deferred<T>(T tag, Request request) implements Entry<T> {
    }

    private record Done<T>(T tag, Result<T> result) implements Entry<T> {
    }

    private final AgentSession session;
    private final CommandGate gate;
    private final CommandGate.Target target;
    /** The session's own setting, given back whenever nothing is in flight (the shell's agent reconnects). */
    private final boolean reconnects;
    private final ArrayDeque<Entry<T>> pending = new ArrayDeque<>();
    private boolean filling = true;
    private String broken;
    private ExitCode brokenCode;
    private long lastResolved;

    Pipeline(AgentSession session, CommandGate gate, CommandGate.Target target) {
        this.session = session;
        this.gate = gate;
        this.target = target;
        this.reconnects = session.reconnects();
    }

    /** Whether another request may be submitted now, or results should be taken first. */
    public boolean acceptsMore() {
        if (pending.size() <= WINDOW / 2) {
            filling = true;
        } else if (pending.size() >= WINDOW) {
            filling = false;
        }
        return filling && !(pending.peekLast() instanceof Deferred);
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** True when next() will not wait for the agent. */
    public boolean headReady() {
        Entry<T> head = pending.peek();
        return head instanceof Done || (head instanceof Sent<T> sent && sent.link().replyReady());
    }

    /** Puts in line an input that could not become a request, so its result keeps its place. */
    public void fail(T tag, ExitCode code, String message) {
        pending.add(new Done<>(tag, new Result.Failed<>(tag, code, message)));
    }

    /** Checks the request and sends it without waiting for its reply. */
    public void submit(T tag, Request request) {
        if (pending.isEmpty()) {
            session.setReconnect(false);
        }
        if (broken != null) {
            fail(tag, brokenCode, "not sent: " + broken);
            return;
        }
        try {
            gate.admit(request, target);
        } catch (QgaException e) {
            if (e.isBadInput()) {
                fail(tag, ExitCode.BAD_INPUT, e.getMessage() + "; not sent");
            } else {
                notSent(tag, e);
            }
            return;
        }
        CallPolicy policy = session.policy(request.command());
        if (!policy.replies()) {
            pending.add(new Deferred<>(tag, request));
            return;
        }
        try {
            AgentLink link = session.client(policy.timeout());
            AgentLink.Ticket ticket = link.send(request, policy.timeout());
            pending.add(new Sent<>(tag, link, ticket, policy, System.nanoTime()));
        } catch (QgaException e) {
            notSent(tag, e);
        }
    }

    /**
     * A request that could not go out: a silent resync (the agent still busy with a request that
     * timed out) fails only this one, and the next request resyncs again; a lost channel ends it all.
     */
    private void notSent(T tag, QgaException e) {
        breakOffIfLost(e);
        fail(tag, e.exitCode(), "not sent: " + e.getMessage());
    }

    /** The result of the oldest request not yet taken, waiting for it if need be. */
    public Result<T> next() {
        Entry<T> head = pending.poll();
        if (head == null) {
            throw new IllegalStateException("nothing submitted");
        }
        try {
            return resolve(head);
        } finally {
            if (pending.isEmpty()) {
                session.setReconnect(reconnects);
            }
        }
    }

    private Result<T> resolve(Entry<T> head) {
        if (head instanceof Done<T> done) {
            return done.result();
        }
        if (head instanceof Deferred<T> deferred) {
            return runWithoutReply(deferred);
        }
        Sent<T> sent = (Sent<T>) head;
        long start = Math.max(sent.sentAt(), lastResolved);
        try {
            Reply reply = sent.link().await(sent.ticket(), start + sent.policy().timeout().toNanos(), sent.policy().timeout());
            lastResolved = System.nanoTime();
            return new Result.Answered<>(sent.tag(), sent.ticket().request(), reply);
        } catch (QgaException e) {
            lastResolved = System.nanoTime();
            if (!sent.link().isOpen()) {
                breakOffIfLost(e);
                failInFlight(e.exitCode());
            }
            return new Result.Failed<>(sent.tag(), e.exitCode(), e.getMessage());
        }
    }

    private Result<T> runWithoutReply(Deferred<T> deferred) {
        try {
            Outcome outcome = session.execute(deferred.request());
            if (outcome instanceof Outcome.Accepted accepted) {
                return new Result.Accepted<>(deferred.tag(), accepted);
            }
            return new Result.Answered<>(deferred.tag(), deferred.request(), ((Outcome.Replied) outcome).reply());
        } catch (QgaException e) {
            breakOffIfLost(e);
            return new Result.Failed<>(deferred.tag(), e.exitCode(), e.getMessage());
        }
    }

    /** Once the channel is gone no reply can come for the requests still in flight: they fail now. */
    private void failInFlight(ExitCode code) {
        List<Entry<T>> rest = new ArrayList<>(pending);
        pending.clear();
        for (Entry<T> entry : rest) {
            if (entry instanceof Sent<T> sent) {
                fail(sent.tag(), code, "no reply: the channel was lost while waiting for an earlier request;"
                        + " this one was sent and may still run in the guest");
            } else if (entry instanceof Deferred<T> deferred) {
                fail(deferred.tag(), code, "not sent: the channel was lost");
            } else {
                pending.add(entry);
            }
        }
    }

    private void breakOffIfLost(QgaException e) {
        if (broken == null && (session.isLost() || e.exitCode() == ExitCode.CANNOT_CONNECT)) {
            broken = e.getMessage();
            brokenCode = e.exitCode();
        }
    }
}
