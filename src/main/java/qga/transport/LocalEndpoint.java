package qga.transport;

import java.io.IOException;
import java.io.OutputStream;
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
import qga.base.Log;
import qga.base.QgaException;

/**
 * {@code local:}: a private qemu-ga on a Unix socket in a fresh temporary directory, answering
 * about this machine. A host-side agent runs with our privileges on the real machine, so it is
 * started with every command that can change anything blocked by the agent itself (-b), whatever
 * qga sends. Started on first connect; stopped on close, and by a watcher when qga dies, however.
 */
public final class LocalEndpoint implements ChannelEndpoint {
    /** The commands that change the machine itself (shutdown, clocks, freezes, CPUs, accounts). */
    public static final List<String> BLOCKED = List.of(
            "guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid",
            "guest-set-time", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list", "guest-fsfreeze-thaw",
            "guest-fstrim", "guest-set-vcpus", "guest-set-memory-blocks", "guest-set-user-password",
            "guest-ssh-add-authorized-keys", "guest-ssh-remove-authorized-keys");

    /**
     * The commands that run programs or write files as the agent's user: harmless inside a guest,
     * not on the host. With guest-file-open blocked no handle exists, so the other file commands
     * can only fail; even a read-only open is refused, since opening some devices acts.
     */
    public static final List<String> HOST_WRITES = List.of(
            "guest-exec", "guest-file-open", "guest-file-write", "guest-file-flush");

    /**
     * Polls of 50 ms the watcher gives the agent after SIGTERM before SIGKILL: qemu-ga 7.2 can
     * deadlock in its own SIGTERM handler (both threads waiting on a futex, seen here), and a
     * stopped agent never gets to it; either way it would outlive qga, with the watcher waiting.
     */
    private static final int KILL_AFTER_POLLS = 40;

    /**
     * Runs the agent (arguments after the directory) and a watcher on the pipe from qga: a line
     * from qga is a normal stop (qga removes the directory); the pipe closing without one while
     * the agent lives means qga died, however it was killed, and the watcher stops the agent
     * (TERM, then KILL) and removes the directory. (The JDK also closes the pipe when the agent
     * exits by itself; qga then reads its log and cleans up.) The first line out is the agent's
     * PID; the exit status is the agent's. SIGPIPE is ignored, as systemd starts qemu-ga: the agent dies of it when it
     * writes a reply to a client that left, and a JVM does not always hand it on ignored.
     */
    private static final String SUPERVISOR = String.join("\n",
            "dir=$1; shift",
            "trap '' PIPE",
            "exec 3<&0 </dev/null",
            "\"$@\" >\"$dir/qemu-ga.log\" 2>&1 &",
            "agent=$!",
            "echo \"$agent\"",
            "exec >/dev/null",
            "{ if ! read -r _ <&3 && kill \"$agent\" 2>/dev/null; then n=0;"
                    + " while kill -0 \"$agent\" 2>/dev/null; do n=$((n+1));"
                    + " if [ \"$n\" -eq " + KILL_AFTER_POLLS + " ]; then kill -KILL \"$agent\" 2>/dev/null; fi; sleep 0.05; done;"
                    + " rm -rf \"$dir\"; else kill \"$agent\" 2>/dev/null; fi; } &",
            "exec 3<&-",
            "wait \"$agent\"");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, String> env;
    private final Log log;
    private final List<String> systemDirs;
    /** The supervising shell; alive exactly as long as the agent. */
    private Process process;
    private long agentPid = -1;
    private boolean stopped;
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
    public boolean answersForThisHost() {
        return true;
    }

    /** A byte channel to the agent. */
    @Override
    public synchronized Channel connect(Duration timeout) throws QgaException {
        if (process == null) {
            start();
        }
        return socket.connect(timeout);
    }

    /** The agent's process id, once started. */
    public synchronized long pid() {
        return agentPid;
    }

    public synchronized Path socketPath() {
        return socket == null ? null : socket.path();
    }

    private void start() throws QgaException {
        Path binary = findAgent();
        try {
            directory = Files.createTempDirectory("qga-local-");
        } catch (IOException e) {
            throw QgaException.cannotConnect("cannot create a temporary directory for local: (" + e.getMessage() + ")", e);
        }
        Path path = directory.resolve("qga.sock");
        Path logFile = directory.resolve("qemu-ga.log");
        List<String> command = new ArrayList<>();
        // its own session: Ctrl-C in the shell must cancel a request, not kill the agent with us
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.addAll(List.of("/bin/sh", "-c", SUPERVISOR, "qga-local", directory.toString()));
        List<String> agent = List.of(binary.toString(), "-m", "unix-listen", "-p", path.toString(),
                "-t", directory.toString(), "-f", directory.resolve("qemu-ga.pid").toString(),
                "-b", String.join(",", blockedCommands()));
        command.addAll(agent);
        log.verbose("local: starting " + String.join(" ", agent));
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            agentPid = readPid(process);
        } catch (IOException e) {
            stop();
            throw QgaException.cannotConnect("cannot start " + binary + ": " + e.getMessage(), e);
        }
        cleanupHook = new Thread(this::stop, "qga-local-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
        socket = new UnixEndpoint(path, "local:");
        awaitSocket(path, logFile);
        log.verbose("local: qemu-ga pid " + agentPid + " listening on " + path);
    }

    /** Everything blocked for a host-side agent: see BLOCKED and HOST_WRITES. */
    public static List<String> blockedCommands() {
        List<String> all = new ArrayList<>(BLOCKED);
        all.addAll(HOST_WRITES);
        return all;
    }

    private static long readPid(Process supervisor) throws IOException {
        StringBuilder line = new StringBuilder();
        java.io.InputStream out = supervisor.getInputStream();
        int c;
        while ((c = out.read()) >= 0 && c != '\n' && line.length() < 20) {
            line.append((char) c);
        }
        try {
            return Long.parseLong(line.toString());
        } catch (NumberFormatException e) {
            throw new IOException("its supervising shell did not start it (said '" + line + "')");
        }
    }

    private void awaitSocket(Path path, Path logFile) throws QgaException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(path)) {
            if (!process.isAlive()) {
                String tail = tail(logFile);
                close();
                throw QgaException.cannotConnect("local: qemu-ga exited with status " + process.exitValue()
                        + (tail.isEmpty() ? "" : ": " + tail));
            }
            if (System.nanoTime() > deadline) {
                close();
                throw QgaException.cannotConnect("local: qemu-ga did not create its socket within "
                        + START_TIMEOUT.toSeconds() + " s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw QgaException.cannotConnect("local: interrupted while qemu-ga was starting");
            }
        }
    }

    private Path findAgent() throws QgaException {
        String override = env.get("QGA_QEMU_GA");
        if (override != null && !override.isEmpty()) {
            Path path = Path.of(override);
            if (Files.isExecutable(path)) {
                return path;
            }
            throw QgaException.cannotConnect("QGA_QEMU_GA=" + override + " is not an executable file");
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
        throw QgaException.cannotConnect("local: needs qemu-ga, which is not installed:"
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

    /** A line to the supervisor stops the agent; if the shell does not go, the agent is killed by PID. */
    private synchronized void stop() {
        if (process != null && !stopped) {
            stopped = true;
            try (OutputStream toSupervisor = process.getOutputStream()) {
                toSupervisor.write('\n');
            } catch (IOException gone) {
                // the supervisor has exited, and the agent with it
            }
            try {
                // the supervisor exits once the agent has, so then the agent is gone and reaped
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    ProcessHandle.of(agentPid).ifPresent(ProcessHandle::destroyForcibly);
                    process.waitFor(5, TimeUnit.SECONDS);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                ProcessHandle.of(agentPid).ifPresent(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            log.verbose("local: stopped qemu-ga pid " + agentPid);
        }
        deleteDirectory();
    }

    private void deleteDirectory() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a leftover temp directory is harmless and visible; nothing else to do here
        }
        directory = null;
    }
}
