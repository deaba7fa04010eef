package qga.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import qga.base.QgaException;

/**
 * A program run on this host while something holds in the guest (fsfreeze freeze -- COMMAND: the
 * snapshot): qga's environment and stdin, its output copied to qga's stdout and stderr as it
 * comes, and stopped (TERM to it and what it started, KILL after a grace period) when the hold
 * ends before it does.
 */
final class HostCommand {
    static final long STOP_GRACE_MILLIS = 2_000;

    private final List<String> command;
    private final Invocation invocation;
    private Process process;
    private Thread stdout;
    private Thread stderr;

    HostCommand(List<String> command, Invocation invocation) {
        this.command = List.copyOf(command);
        this.invocation = invocation;
    }

    /** Why PROGRAM cannot be run here (not found on PATH, not executable), or null: asked before anything is started. */
    static String problem(String program, Map<String, String> env) {
        if (program.isEmpty()) {
            return "an empty program name";
        }
        if (program.indexOf('/') >= 0) {
            return runnable(Path.of(program)) ? null : program + ": no such executable file on this host";
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(":", -1)) {
            if (runnable(Path.of(dir.isEmpty() ? "." : dir).resolve(program))) {
                return null;
            }
        }
        return program + ": not found on this host's PATH";
    }

    private static boolean runnable(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    String program() {
        return command.get(0);
    }

    /** Starts it; the future completes when it exits. */
    CompletableFuture<Process> start() throws QgaException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().clear();
        builder.environment().putAll(invocation.env());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw QgaException.badInput("cannot run " + program() + " on this host: " + e.getMessage());
        }
        stdout = pump(process.getInputStream(), invocation.out(), "stdout");
        stderr = pump(process.getErrorStream(), invocation.err(), "stderr");
        return process.onExit();
    }

    boolean started() {
        return process != null;
    }

    /**
     * Stops it if it still runs (TERM to it and what it started, KILL to what is left after the
     * grace period), then waits until its output is all copied: its exit status, 128 + N for signal N.
     */
    int finish() throws InterruptedException {
        if (process.isAlive()) {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            descendants.forEach(ProcessHandle::destroy);
            if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
        int status = process.waitFor();
        stdout.join();
        stderr.join();
        return status;
    }

    private static Thread pump(InputStream from, PrintStream to, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException e) {
                // the program is gone and so is its end of the pipe
            }
        }, "qga-host-command-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
