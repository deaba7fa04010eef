package qga.support;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.gson.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import qga.transport.LocalEndpoint;

/**
 * The real qemu-ga from Debian on a Unix socket in a test's temp directory, every state-changing
 * command blocked. Stopped by PID in close().
 */
public final class RealAgent implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/qemu-ga");

    private final Process process;
    private final Path socket;

    private RealAgent(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    public static RealAgent start(Path dir) throws IOException, InterruptedException {
        assumeThat(BINARY).as("qemu-ga is installed (apt-get install qemu-guest-agent)").isExecutable();
        Files.createDirectories(dir);
        Path socket = dir.resolve("qga.sock");
        Files.deleteIfExists(socket);
        // SIGPIPE ignored, as systemd starts it: the signal state a JVM hands its children varies (it
        // changes once JLine has run), and qemu-ga dies writing a reply to a client that has left
        Process process = new ProcessBuilder(List.of("/bin/sh", "-c", "trap '' PIPE; exec \"$@\"", "sh", BINARY.toString(), "-m", "unix-listen", "-p", socket.toString(),
                "-t", dir.toString(), "-f", dir.resolve("qemu-ga.pid").toString(),
                "-b", String.join(",", LocalEndpoint.BLOCKED)))
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

    /** guest-info as a raw client sees it. */
    public JsonObject guestInfo() throws IOException {
        try (RawClient raw = RawClient.connect(socket)) {
            raw.sync();
            return raw.call("{\"execute\":\"guest-info\"}").getAsJsonObject("return");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
