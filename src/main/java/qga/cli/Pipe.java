package qga.cli;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import qga.api.Agent;
import qga.api.Pipeline;
import qga.base.ExitCode;
import qga.input.RequestStream;
import qga.protocol.Reply;

/**
 * Requests piped on stdin, through the agent's {@link Pipeline}: one line out per request, in
 * order; a request that cannot be parsed or answered gets an error object in its place, and the
 * reason on stderr. This class only reads, hands over and prints.
 */
final class Pipe {
    private static final Object END = new Object();

    private final Pipeline<Integer> pipeline;
    private final RequestStream stream;
    private final Reporter reporter;
    /** Batches of items (everything read from one fill of the stdin buffer), and the end marker. */
    private final BlockingQueue<List<Object>> inputs = new ArrayBlockingQueue<>(64);
    private final ArrayDeque<Object> inbox = new ArrayDeque<>();
    /** Lines whose failure already says where it is (input errors name their line themselves). */
    private final Set<Integer> located = new HashSet<>();
    private ExitCode worst = ExitCode.OK;

    Pipe(Agent agent, RequestStream stream, Reporter reporter) {
        this.pipeline = agent.pipeline();
        this.stream = stream;
        this.reporter = reporter;
    }

    ExitCode run() throws InterruptedException {
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
     * Works in batches: take every request already read (while the pipeline takes more), print
     * every result already here, and only when neither is possible flush stdout and block.
     * Requests handed over in between go out together when the pipeline next waits for the agent.
     */
    private void loop() throws InterruptedException {
        boolean ended = false;
        while (!(ended && pipeline.isEmpty())) {
            boolean progressed = false;
            while (!ended && pipeline.acceptsMore()) {
                Object next = pollInput();
                if (next == null) {
                    break;
                }
                progressed = true;
                ended = take(next);
            }
            while (!pipeline.isEmpty() && pipeline.headReady()) {
                print(pipeline.next());
                progressed = true;
            }
            if (progressed) {
                continue;
            }
            reporter.flush();
            if (reporter.outputFailed()) {
                return;
            }
            if (pipeline.isEmpty()) {
                ended = take(takeInput());
            } else {
                print(pipeline.next());
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

    /** Hands one item from stdin to the pipeline; true at the end of input. */
    private boolean take(Object next) {
        if (next == END) {
            return true;
        }
        if (next instanceof RequestStream.Invalid invalid) {
            located.add(invalid.line());
            pipeline.fail(invalid.line(), ExitCode.BAD_INPUT, invalid.message() + "; not sent");
        } else {
            RequestStream.Parsed parsed = (RequestStream.Parsed) next;
            pipeline.submit(parsed.line(), parsed.request());
        }
        return false;
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

    private void print(Pipeline.Result<Integer> result) {
        int line = result.tag();
        if (result instanceof Pipeline.Result.Answered<Integer> answered) {
            Reply reply = answered.reply();
            reporter.reply(reply);
            if (reply.isError()) {
                worst = worst.worse(ExitCode.AGENT_ERROR);
                reporter.message("line " + line + ": " + answered.request().command() + ": " + reply.errorClass() + ": "
                        + reply.errorDesc());
            }
        } else if (result instanceof Pipeline.Result.Accepted<Integer> accepted) {
            reporter.message("line " + line + ": " + accepted.outcome().describe());
        } else {
            Pipeline.Result.Failed<Integer> failed = (Pipeline.Result.Failed<Integer>) result;
            worst = worst.worse(failed.code());
            reporter.failure(failed.code(), failed.message());
            reporter.message(located.remove(line) ? failed.message() : "line " + line + ": " + failed.message());
        }
    }
}
