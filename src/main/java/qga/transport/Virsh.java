package qga.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import qga.base.Log;
import qga.base.QgaException;

/**
 * Runs virsh, one process per call, arguments as a list (no shell), with a deadline after which
 * the process is killed by PID. stdout is capped so a runaway reply cannot fill memory.
 */
public final class Virsh {
    /** What one virsh run printed and how it ended. */
    public record Result(int exit, byte[] stdout, String stderr) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** The text after "error: " on virsh's last error line, or the whole stderr. */
        public String error() {
            String text = stderr.strip();
            String found = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("error: ")) {
                    found = line.substring("error: ".length());
                }
            }
            return found != null ? found : text;
        }
    }

    private final String uri;
    private final Map<String, String> env;
    private final Log log;
    private volatile Process running;
    private volatile boolean cancelled;

    /** Stops the run in progress (from any thread); run() then throws QgaException. */
    public void cancel() {
        cancelled = true;
        Process process = running;
        if (process != null) {
            process.destroyForcibly();
        }
    }

    public Virsh(String uri, Map<String, String> env, Log log) {
        this.uri = uri;
        this.env = env;
        this.log = log;
    }

    public String uri() {
        return uri;
    }

    /** virsh [-c URI] ARGS..., killed at the deadline; stdout beyond maxOutput is an error. */
    public Result run(List<String> args, Duration timeout, long maxOutput) throws QgaException {
        Path virsh = Programs.find("virsh", env);
        if (virsh == null) {
            throw QgaException.cannotConnect("virsh is not installed (or not on PATH): apt-get install libvirt-clients");
        }
        List<String> command = new ArrayList<>(List.of(virsh.toString()));
        if (uri != null) {
            command.add("-c");
            command.add(uri);
        }
        command.addAll(args);
        log.verbose("running " + String.join(" ", command));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw QgaException.cannotConnect("cannot run " + virsh + ": " + e.getMessage(), e);
        }
        cancelled = false;
        running = process;
        Capture out = new Capture(process.getInputStream(), maxOutput);
        Capture err = new Capture(process.getErrorStream(), 64 << 10);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw QgaException.noAnswer("virsh " + args.get(0) + " did not finish within " + timeout.toSeconds()
                        + " s (stopped it): the libvirt connection or the agent is not answering");
            }
            out.join();
            err.join();
            if (cancelled) {
                throw QgaException.cancelled("cancelled; virsh was stopped");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw QgaException.cancelled("cancelled while virsh was running");
        }
        running = null;
        if (out.overflowed) {
            throw QgaException.protocol("virsh printed more than the reply cap of " + maxOutput
                    + " bytes (raise it with --max-reply)");
        }
        return new Result(process.exitValue(), out.bytes(), new String(err.bytes(), StandardCharsets.UTF_8));
    }

    /** Reads a stream on its own thread, keeping at most a cap. */
    private static final class Capture extends Thread {
        private final InputStream in;
        private final long cap;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private volatile boolean overflowed;

        Capture(InputStream in, long cap) {
            super("qga-virsh-output");
            this.in = in;
            this.cap = cap;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            byte[] chunk = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    if (buffer.size() + (long) n > cap) {
                        overflowed = true;
                    } else {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        byte[] bytes() {
            return buffer.toByteArray();
        }
    }
}
