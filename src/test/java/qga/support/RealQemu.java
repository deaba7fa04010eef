package qga.support;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real QEMU with no machine and nothing to run (-machine none), serving two independent QMP
 * monitors on Unix sockets in a test's temp directory: one for qga, one for the test to act on
 * the VM meanwhile (a monitor serves one client at a time). Stopped by PID in close().
 */
public final class RealQemu implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/qemu-system-x86_64");

    private final Process process;
    private final Path socket;
    private final Path second;

    private RealQemu(Process process, Path socket, Path second) {
        this.process = process;
        this.socket = socket;
        this.second = second;
    }

    public static RealQemu start(Path dir) throws Exception {
        assumeThat(BINARY).as("QEMU is installed (apt-get install qemu-system-x86)").isExecutable();
        Files.createDirectories(dir);
        Path socket = dir.resolve("qmp.sock");
        Path second = dir.resolve("qmp2.sock");
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "-machine", "none", "-nodefaults", "-display", "none",
                "-qmp", "unix:" + socket + ",server=on,wait=off", "-qmp", "unix:" + second + ",server=on,wait=off"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile())
                .start();
        RealQemu qemu = new RealQemu(process, socket, second);
        try {
            Poll.until("QEMU's monitor sockets in " + dir, Duration.ofSeconds(30),
                    () -> (Files.exists(socket) && Files.exists(second)) || !process.isAlive());
            if (!process.isAlive()) {
                throw new IOException("QEMU did not start: " + Files.readString(dir.resolve("qemu.log")));
            }
        } catch (Exception | AssertionError e) {
            qemu.close();
            throw e;
        }
        return qemu;
    }

    /** The monitor qga is pointed at. */
    public Path socket() {
        return socket;
    }

    public String address() {
        return "unix:" + socket;
    }

    /** The other monitor, for the test's own requests while qga holds the first. */
    public Path secondSocket() {
        return second;
    }

    /**
     * Runs one command on the second monitor, as a bare client does (greeting, qmp_capabilities,
     * the command); returns its reply line.
     */
    public String command(String json) throws IOException {
        try (RawClient client = RawClient.connect(second)) {
            client.readLine();
            client.send("{\"execute\":\"qmp_capabilities\"}\n");
            replyLine(client);
            client.send(json + "\n");
            return replyLine(client);
        }
    }

    private static String replyLine(RawClient client) throws IOException {
        while (true) {
            String line = client.readLine();
            if (line.contains("\"return\"") || line.contains("\"error\"")) {
                return line;
            }
        }
    }

    /** SIGSTOP: QEMU reads and answers nothing until resume(). */
    public void pause() throws IOException, InterruptedException {
        Signals.send(process.pid(), "STOP");
    }

    /** SIGCONT after pause(). */
    public void resume() throws IOException, InterruptedException {
        Signals.send(process.pid(), "CONT");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        Signals.stop(process);
    }
}
