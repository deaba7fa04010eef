package qga.vm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Commands run on the host to build and boot the guest: each bounded in time, stopped by PID. */
final class Host {
    private Host() {
    }

    /** The executable NAME on PATH, as a shell would find it. */
    static Optional<Path> which(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path + ":/usr/sbin:/sbin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs a command to completion; returns its stdout, or throws with its stderr if it fails. */
    static String run(Path workDir, Duration limit, List<String> command) throws IOException, InterruptedException {
        return new String(output(workDir, limit, command), StandardCharsets.UTF_8);
    }

    static String run(Duration limit, String... command) throws IOException, InterruptedException {
        return run(null, limit, List.of(command));
    }

    /** Like run, for a command whose stdout is not text (xz -dc of a kernel module). */
    static byte[] bytes(Duration limit, String... command) throws IOException, InterruptedException {
        return output(null, limit, List.of(command));
    }

    private static byte[] output(Path workDir, Duration limit, List<String> command) throws IOException, InterruptedException {
        String what = String.join(" ", command);
        Process process = new ProcessBuilder(command)
                .directory(workDir == null ? null : workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        // both pipes read at once: a command that fills one while only the other is read would stall
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        // stop() closes the pipes, so what they hold is collected before it
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(what + ": still running after " + limit.toSeconds() + " s");
            }
            byte[] stdout = collected(out, what);
            if (process.exitValue() != 0) {
                throw new IOException(what + ": exit " + process.exitValue() + ": "
                        + new String(collected(err, what), StandardCharsets.UTF_8).strip());
            }
            return stdout;
        } finally {
            stop(process);
        }
    }

    /** Reads a child's pipe to its end on a thread of its own. */
    static CompletableFuture<byte[]> drain(InputStream pipe) {
        CompletableFuture<byte[]> bytes = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (pipe) {
                bytes.complete(pipe.readAllBytes());
            } catch (IOException e) {
                bytes.completeExceptionally(e);
            }
        }, "qga-vm-pipe");
        reader.setDaemon(true);
        reader.start();
        return bytes;
    }

    /** What drain read, once the process has ended; bounded, as a daemon it left could hold the pipe open. */
    static byte[] collected(CompletableFuture<byte[]> bytes, String what) throws IOException, InterruptedException {
        try {
            return bytes.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException(what + ": reading its output: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(what + ": its output was still open 10 s after it ended", e);
        }
    }

    /** Stops a process and everything it started, by PID: SIGTERM, then SIGKILL after 5 s. */
    static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }
}
