package qga.support;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import qga.transport.LocalEndpoint;

/**
 * The real qemu-ga from Debian on a Unix socket in a test's temp directory, every state-changing
 * command blocked. Stopped by PID in close().
 */
public final class RealAgent implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/qemu-ga");
    /** iproute2's socket statistics, for {@link #awaitUnread()}. */
    public static final Path SS = Path.of("/usr/bin/ss");

    private final Process process;
    private final Path socket;

    private RealAgent(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    public static RealAgent start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of(), Map.of());
    }

    /** An agent with more commands blocked than the state-changing ones: what an agent with them disabled shows. */
    public static RealAgent start(Path dir, List<String> alsoBlocked) throws IOException, InterruptedException {
        return start(dir, alsoBlocked, Map.of());
    }

    /**
     * An agent with more commands blocked (guest-exec, to see a guest that has it disabled) and
     * more in its environment (PATH, to give the programs it runs through guest-exec a stand-in).
     */
    public static RealAgent start(Path dir, List<String> alsoBlocked, Map<String, String> env)
            throws IOException, InterruptedException {
        assumeThat(BINARY).as("qemu-ga is installed (apt-get install qemu-guest-agent)").isExecutable();
        Files.createDirectories(dir);
        Path socket = dir.resolve("qga.sock");
        Files.deleteIfExists(socket);
        // SIGPIPE ignored, as systemd starts it: the signal state a JVM hands its children varies (it
        // changes once JLine has run), and qemu-ga dies writing a reply to a client that has left
        List<String> blocked = new ArrayList<>(LocalEndpoint.BLOCKED);
        blocked.addAll(alsoBlocked);
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", "trap '' PIPE; exec \"$@\"", "sh", BINARY.toString(), "-m", "unix-listen", "-p", socket.toString(),
                "-t", dir.toString(), "-f", dir.resolve("qemu-ga.pid").toString(),
                "-b", String.join(",", blocked)));
        builder.environment().putAll(env);
        Process process = builder
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu-ga.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("qemu-ga did not start: " + Files.readString(dir.resolve("qemu-ga.log")));
            }
            Thread.sleep(5);
        }
        return new RealAgent(process, socket);
    }

    public Path socket() {
        return socket;
    }

    public String address() {
        return "unix:" + socket;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP: the agent reads and answers nothing until resume(), like a guest too busy to. */
    public void pause() throws IOException, InterruptedException {
        Signals.send(process.pid(), "STOP");
    }

    /** SIGCONT after pause(). */
    public void resume() throws IOException, InterruptedException {
        Signals.send(process.pid(), "CONT");
    }

    /**
     * Waits until bytes the agent has not read sit in its end of a connection. With the agent
     * stopped (SIGSTOP) after it answered everything before, that is a client's request, sent and
     * pending. The kernel's receive queue, as ss shows it, is the one place this can be seen.
     */
    public void awaitUnread() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String queues = unreadQueues();
        while (queues.lines().noneMatch(line -> Long.parseLong(line.trim().split("\\s+")[1]) > 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no unread request reached the agent at " + socket + " within 30 s; ss shows:\n"
                        + queues);
            }
            Thread.sleep(20);
            queues = unreadQueues();
        }
    }

    /** One line per connection to the socket: netid, bytes unread, bytes unsent, addresses. */
    private String unreadQueues() throws IOException, InterruptedException {
        Process ss = new ProcessBuilder(SS.toString(), "-x", "-n", "-H", "state", "established", "src", socket.toString())
                .redirectErrorStream(true).start();
        String output = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            throw new IOException("ss failed: " + output);
        }
        return output;
    }

    /** guest-info as a raw client sees it. */
    public JsonObject guestInfo() throws IOException {
        try (RawClient raw = RawClient.connect(socket)) {
            raw.sync();
            return raw.call("{\"execute\":\"guest-info\"}").getAsJsonObject("return");
        }
    }

    @Override
    public void close() throws InterruptedException {
        Signals.stop(process);
    }
}
