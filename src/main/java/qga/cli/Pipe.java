package qga.cli;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import qga.base.BadInputException;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.input.RequestStream;
import qga.protocol.AgentLink;
import qga.protocol.AgentSession;
import qga.protocol.CallPolicy;
import qga.protocol.Outcome;
import qga.protocol.Reply;
import qga.protocol.Request;
import qga.schema.CommandGate;

/**
 * Requests piped on stdin: up to WINDOW requests are in flight at once, replies are printed in
 * request order, one per request; a request that cannot be parsed or answered gets an error
 * object in its place. Agent errors, timeouts and garbled replies do not stop the stream (the
 * next request resyncs first); a lost channel does, and every later request is answered at once
 * with the reason it was not sent.
 */
final class Pipe {
    /** Requests in flight at most; refilled in batches once half have been answered. */
    static final int WINDOW = 256;
    private static final Object END = new Object();

    private sealed interface Entry {
        int line();
    }

    private record Sent(AgentLink client, AgentLink.Ticket ticket, CallPolicy policy, long sentAt, int line)
            implements Entry {
    }

    private record Failed(ExitCode code, String message, int line) implements Entry {
    }

    private final AgentSession session;
    private final CommandGate gate;
    private final RequestStream stream;
    private final Reporter reporter;
    /** Batches of items (everything read from one fill of the stdin buffer), and the end marker. */
    private final BlockingQueue<List<Object>> inputs = new ArrayBlockingQueue<>(64);
    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private ExitCode worst = ExitCode.OK;
    private String broken;
    private ExitCode brokenCode;
    private long lastResolved;

    Pipe(AgentSession session, CommandGate gate, RequestStream stream, Reporter reporter) {
        this.session = session;
        this.gate = gate;
        this.stream = stream;
        this.reporter = reporter;
    }

    ExitCode run() throws InterruptedException {
        session.setReconnect(false);
        Thread reader = new Thread(this::readInputs, "qga-stdin");
        reader.setDaemon(true);
        reader.start();
        try {
            loop();
        } finally {
            reporter.flush();
        }
        return worst;
    }

    /**
     * Works in batches: take every request already read (up to the window), print every reply
     * already here, and only when neither is possible flush stdout and block. Requests written in
     * between go out together when we next wait for the agent.
     */
    private void loop() throws InterruptedException {
        boolean ended = false;
        while (!(ended && pending.isEmpty())) {
            boolean progressed = false;
            int limit = pending.size() <= WINDOW / 2 ? WINDOW : pending.size();
            while (!ended && pending.size() < limit) {
                Object next = pollInput();
                if (next == null) {
                    break;
                }
                progressed = true;
                ended = take(next);
            }
            while (!pending.isEmpty() && headReady()) {
                resolveHead();
                progressed = true;
            }
            if (progressed) {
                continue;
            }
            reporter.flush();
            if (reporter.outputFailed()) {
                return;
            }
            if (pending.isEmpty()) {
                ended = take(takeInput());
            } else {
                resolveHead();
            }
        }
    }

    private Object pollInput() {
        if (inbox.isEmpty()) {
            List<Object> batch = inputs.poll();
            if (batch != null) {
                inbox.addAll(batch);
            }
        }
        return inbox.poll();
    }

    private Object takeInput() throws InterruptedException {
        if (inbox.isEmpty()) {
            inbox.addAll(inputs.take());
        }
        return inbox.poll();
    }

    /** Handles one item from stdin; true at the end of input. */
    private boolean take(Object next) throws InterruptedException {
        if (next == END) {
            return true;
        }
        accept((RequestStream.Item) next);
        return false;
    }

    private boolean headReady() {
        Entry head = pending.peek();
        return head instanceof Failed || ((Sent) head).client().replyReady();
    }

    /** Reads and parses stdin on its own thread, handing over all it has each time it would block. */
    private void readInputs() {
        List<Object> batch = new ArrayList<>();
        try {
            RequestStream.Item item;
            while ((item = stream.next()) != null) {
                batch.add(item);
                if (!stream.hasBuffered() || batch.size() >= 1024) {
                    inputs.put(batch);
                    batch = new ArrayList<>();
                }
            }
        } catch (IOException e) {
            reporter.message("cannot read stdin: " + e.getMessage());
        } catch (InterruptedException e) {
            return;
        }
        batch.add(END);
        try {
            inputs.put(batch);
        } catch (InterruptedException ignored) {
            // the run is over
        }
    }

    private void accept(RequestStream.Item item) throws InterruptedException {
        if (item instanceof RequestStream.Invalid invalid) {
            pending.add(new Failed(ExitCode.BAD_INPUT, invalid.message() + "; not sent", invalid.line()));
            return;
        }
        RequestStream.Parsed parsed = (RequestStream.Parsed) item;
        if (broken != null) {
            pending.add(new Failed(brokenCode, "not sent: " + broken, parsed.line()));
            return;
        }
        Request request = parsed.request();
        try {
            gate.admit(request, session);
        } catch (BadInputException e) {
            pending.add(new Failed(ExitCode.BAD_INPUT, e.getMessage() + "; not sent", parsed.line()));
            return;
        } catch (QgaException e) {
            notSent(e, parsed.line());
            return;
        }
        CallPolicy policy = session.policy(request.command());
        if (!policy.replies()) {
            while (!pending.isEmpty()) {
                resolveHead();
            }
            runWithoutReply(request, parsed.line());
            return;
        }
        try {
            AgentLink client = session.client(policy.timeout());
            AgentLink.Ticket ticket = client.send(request, policy.timeout());
            pending.add(new Sent(client, ticket, policy, System.nanoTime(), parsed.line()));
        } catch (QgaException e) {
            notSent(e, parsed.line());
        }
    }

    /**
     * A request that could not go out: a silent resync (the agent still busy with a request that
     * timed out) fails only this one, and the next request resyncs again; a lost channel ends
     * the stream, since pipe mode does not reconnect.
     */
    private void notSent(QgaException e, int line) {
        if (session.isLost() || e instanceof qga.base.ConnectFailedException) {
            breakOff(e);
        }
        pending.add(new Failed(e.exitCode(), "not sent: " + e.getMessage(), line));
    }

    private void runWithoutReply(Request request, int line) {
        try {
            Outcome outcome = session.execute(request);
            if (outcome instanceof Outcome.Accepted accepted) {
                reporter.message("line " + line + ": " + accepted.describe());
            } else {
                print(request, ((Outcome.Replied) outcome).reply(), line);
            }
        } catch (QgaException e) {
            if (session.isLost() || e instanceof qga.base.ConnectFailedException) {
                breakOff(e);
            }
            report(new Failed(e.exitCode(), e.getMessage(), line));
        }
    }

    private void resolveHead() {
        Entry head = pending.poll();
        if (head instanceof Failed failed) {
            report(failed);
            return;
        }
        Sent sent = (Sent) head;
        long start = Math.max(sent.sentAt(), lastResolved);
        try {
            Reply reply = sent.client().await(sent.ticket(), start + sent.policy().timeout().toNanos(),
                    sent.policy().timeout());
            lastResolved = System.nanoTime();
            print(sent.ticket().request(), reply, sent.line());
        } catch (QgaException e) {
            lastResolved = System.nanoTime();
            report(new Failed(e.exitCode(), e.getMessage(), sent.line()));
            if (!sent.client().isOpen()) {
                breakOff(e);
                abandonInFlight(sent.line(), e.exitCode());
            }
        }
    }

    /**
     * Once the channel is gone no reply can come for the requests still in flight: answer them
     * now. (After a timeout or a garbled reply the channel is still there, and each request in
     * flight is still awaited: a reply carrying its id is its answer.)
     */
    private void abandonInFlight(int failedLine, ExitCode code) {
        List<Entry> rest = new ArrayList<>(pending);
        pending.clear();
        for (Entry entry : rest) {
            if (entry instanceof Sent sent) {
                pending.add(new Failed(code, "no reply: the channel was lost while waiting for the request at line "
                        + failedLine + "; this one was sent and may still run in the guest", sent.line()));
            } else {
                pending.add(entry);
            }
        }
    }

    private void breakOff(QgaException e) {
        if (broken == null) {
            broken = e.getMessage();
            brokenCode = e.exitCode();
        }
    }

    private void print(Request request, Reply reply, int line) {
        reporter.reply(reply);
        if (reply.isError()) {
            worst = worst.worse(ExitCode.AGENT_ERROR);
            reporter.message("line " + line + ": " + request.command() + ": " + reply.errorClass() + ": " + reply.errorDesc());
        }
    }

    private void report(Failed failed) {
        worst = worst.worse(failed.code());
        reporter.failure(failed.code(), failed.message());
        reporter.message(failed.message().startsWith("line ") || failed.message().startsWith("request at line")
                ? failed.message() : "line " + failed.line() + ": " + failed.message());
    }
}
