package qga.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import qga.cli.Invocation;
import qga.cli.Main;

/** Runs the real command line in-process, as a user would, capturing stdout, stderr and the exit status. */
public final class Qga {
    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private boolean stdoutTerminal;
    private boolean stderrTerminal;
    private String program = "qga";

    private Qga() {
        String path = System.getenv("PATH");
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    }

    public static Qga qga() {
        return new Qga();
    }

    public Qga program(String name) {
        program = name;
        return this;
    }

    public Qga env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public Qga stdin(String text) {
        stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Qga stdin(InputStream in) {
        stdin = in;
        return this;
    }

    /** Pretend stdout is a terminal (pretty by default). */
    public Qga toTerminal() {
        stdoutTerminal = true;
        return this;
    }

    /** Pretend stderr is a terminal (progress bars are drawn). */
    public Qga errToTerminal() {
        stderrTerminal = true;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Main.run(new Invocation(program, args, stdin, outStream, errStream, Map.copyOf(env),
                false, stdoutTerminal, stderrTerminal));
        outStream.flush();
        errStream.flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }

    /**
     * Starts the command line on its own thread, for tests that act while it runs (stdin fed
     * through a pipe the test holds, a peer changed once some output has appeared).
     */
    public Running start(String... args) {
        return new Running(this, args);
    }

    /** A command line running in-process; its output can be awaited while it runs. */
    public static final class Running {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();

        private Running(Qga qga, String[] args) {
            PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
            Invocation invocation = new Invocation(qga.program, args, qga.stdin, outStream, errStream,
                    Map.copyOf(qga.env), false, qga.stdoutTerminal);
            Thread thread = new Thread(() -> {
                try {
                    status.complete(Main.run(invocation));
                } catch (Throwable t) {
                    status.completeExceptionally(t);
                }
            }, "qga-under-test");
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits until stdout holds at least this many lines (it has flushed them), or fails after a minute. */
        public String awaitOutLines(int count) throws InterruptedException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
            while (true) {
                String text;
                synchronized (out) {
                    text = out.toString(StandardCharsets.UTF_8);
                }
                if (text.lines().count() >= count && text.endsWith("\n")) {
                    return text;
                }
                if (status.isDone() || System.nanoTime() > deadline) {
                    throw new AssertionError("waited for " + count + " lines of stdout; got:\n" + text + "--- stderr\n"
                            + err.toString(StandardCharsets.UTF_8));
                }
                Thread.sleep(10);
            }
        }

        /** Waits until stderr contains the text, or fails after a minute. */
        public void awaitErr(String text) throws Exception {
            Poll.until("stderr to contain " + text, java.time.Duration.ofMinutes(1), () -> {
                synchronized (err) {
                    if (err.toString(StandardCharsets.UTF_8).contains(text)) {
                        return true;
                    }
                }
                if (status.isDone()) {
                    throw new AssertionError("ended before stderr said " + text + ":\n" + result());
                }
                return false;
            });
        }

        public Result result() throws Exception {
            int exit = status.get(2, java.util.concurrent.TimeUnit.MINUTES);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
        }
    }

    /** outBytes: stdout as written, for binary output. */
    public record Result(int exit, String out, String err, byte[] outBytes) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
