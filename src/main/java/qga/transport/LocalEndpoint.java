package qga.transport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import qga.base.ConnectFailedException;
import qga.base.Log;
import qga.base.QgaException;

/**
 * {@code local:}: a private qemu-ga on a Unix socket in a fresh temporary directory, answering
 * about this machine. Every state-changing command is blocked with -b, because a host-side agent
 * runs with our privileges on the real machine. Started on first connect, stopped by PID on close.
 */
public final class LocalEndpoint implements Endpoint {
    /** The commands a host-side agent must never run (shutdown, clocks, freezes, CPUs, accounts). */
    public static final List<String> BLOCKED = List.of(
            "guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid",
            "guest-set-time", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list", "guest-fsfreeze-thaw",
            "guest-fstrim", "guest-set-vcpus", "guest-set-memory-blocks", "guest-set-user-password",
            "guest-ssh-add-authorized-keys", "guest-ssh-remove-authorized-keys");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final Log log;
    private final List<String> systemDirs;
    private Process process;
    private Path directory;
    private UnixEndpoint socket;
    private Thread cleanupHook;

    public LocalEndpoint(Map<String, String> env, Log log) {
        this(env, log, List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
    }

    /** systemDirs are searched after PATH: qemu-ga lives in /usr/sbin, often not on a user's PATH. */
    LocalEndpoint(Map<String, String> env, Log log, List<String> systemDirs) {
        this.env = env;
        this.log = log;
        this.systemDirs = systemDirs;
    }

    @Override
    public String display() {
        return "local:";
    }

    @Override
    public synchronized Channel connect(Duration timeout) throws QgaException {
        if (process == null) {
            start();
        }
        return socket.connect(timeout);
    }

    /** The agent's process id, once started. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public synchronized Path socketPath() {
        return socket == null ? null : socket.path();
    }

    private void start() throws QgaException {
        Path binary = findAgent();
        try {
            directory = Files.createTempDirectory("qga-local-");
        } catch (IOException e) {
            throw new ConnectFailedException("cannot create a temporary directory for local: (" + e.getMessage() + ")", e);
        }
        Path path = directory.resolve("qga.sock");
        Path logFile = directory.resolve("qemu-ga.log");
        List<String> command = new ArrayList<>();
        // its own session: Ctrl-C in the shell must cancel a request, not kill the agent with us
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.addAll(List.of(binary.toString(), "-m", "unix-listen", "-p", path.toString(),
                "-t", directory.toString(), "-f", directory.resolve("qemu-ga.pid").toString(),
                "-b", String.join(",", BLOCKED)));
        log.verbose("local: starting " + String.join(" ", command));
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            deleteDirectory();
            throw new ConnectFailedException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        cleanupHook = new Thread(this::stop, "qga-local-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        socket = new UnixEndpoint(path, "local:");
        awaitSocket(path, logFile);
        log.verbose("local: qemu-ga pid " + process.pid() + " listening on " + path);
    }

    private void awaitSocket(Path path, Path logFile) throws QgaException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(path)) {
            if (!process.isAlive()) {
                String tail = tail(logFile);
                close();
                throw new ConnectFailedException("local: qemu-ga exited with status " + process.exitValue()
                        + (tail.isEmpty() ? "" : ": " + tail));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new ConnectFailedException("local: qemu-ga did not create its socket within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new ConnectFailedException("local: interrupted while qemu-ga was starting");
            }
        }
    }

    private Path findAgent() throws ConnectFailedException {
        String override = env.get("QGA_QEMU_GA");
        if (override != null && !override.isEmpty()) {
            Path path = Path.of(override);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw new ConnectFailedException("QGA_QEMU_GA=" + override + " is not an executable file");
        }
        List<String> dirs = new ArrayList<>(List.of(env.getOrDefault("PATH", "").split(":")));
        dirs.addAll(systemDirs);
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "qemu-ga");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new ConnectFailedException("local: needs qemu-ga, which is not installed:"
                + " apt-get install qemu-guest-agent");
    }

    private static String tail(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
            String[] lines = text.split("\n");
            return lines[lines.length - 1];
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the agent by PID and removes its directory. */
    @Override
    public void close() {
        Thread hook;
        synchronized (this) {
            hook = cleanupHook;
            cleanupHook = null;
        }
        stop();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it finds nothing left to do
            }
        }
    }

    private synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            log.verbose("local: stopped qemu-ga pid " + process.pid());
        }
        deleteDirectory();
    }

    private void deleteDirectory() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless and visible; nothing else to do here
        }
        directory = null;
    }
}
