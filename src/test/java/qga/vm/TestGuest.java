package qga.vm;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import qga.support.Poll;
import qga.support.RawClient;

/**
 * A real VM running the real qemu-ga: the cached {@link GuestImage} booted with
 * qemu-system-x86_64, the agent behind virtio-serial port org.qemu.guest_agent.0 (and .1 if
 * asked) on Unix sockets, the serial console in target/vm-logs/. QEMU is our child process and is
 * stopped by PID in close() and, should the JVM die first, in a shutdown hook.
 */
final class TestGuest implements AutoCloseable {
    static final Duration BOOT_LIMIT = Duration.ofSeconds(180);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;
    private final Accelerator accelerator;
    private final Path runDir;
    private final Path consoleLog;
    private final Path qemuLog;
    private final int ports;
    private final Chardev secondChardev;
    private final GuestImage image;
    private final Process qemu;
    private final Thread reaper;
    private final long startNanos = System.nanoTime();

    /** What the host side of an agent port is: a socket file, a socket in the abstract namespace, or a pty. */
    enum Chardev {
        SOCKET, ABSTRACT, PTY
    }

    /** What to boot: how many agent ports, a data disk, paused or not. */
    static final class Options {
        private final String name;
        private int ports = 1;
        private Chardev secondChardev = Chardev.SOCKET;
        private int diskMiB;
        private boolean paused;

        private Options(String name) {
            this.name = name;
        }

        /** A second port, org.qemu.guest_agent.1, with its own qemu-ga in the guest. */
        Options secondPort() {
            ports = 2;
            return this;
        }

        /**
         * A second port whose host side is a socket in the abstract namespace or a pty rather than a
         * socket file; boot waits for port 0 only, the test for this one (agentAnswers).
         */
        Options secondPortOn(Chardev chardev) {
            ports = 2;
            secondChardev = chardev;
            return this;
        }

        /** A blank raw image as a virtio disk passing discards on; the guest formats it (ext2) and mounts it on /data. */
        Options dataDisk(int mebibytes) {
            diskMiB = mebibytes;
            return this;
        }

        /** QEMU starts with its CPU stopped (-S): nothing in the guest runs until resume(). */
        Options paused() {
            paused = true;
            return this;
        }

        /**
         * Boots and, unless paused, waits until every agent port answers a sync. QEMU's sockets and
         * disk go in runDir, the test's own (@TempDir): short, as a Unix socket path has at most 107 bytes.
         */
        TestGuest boot(Path runDir) throws IOException, InterruptedException {
            Path qemu = VmRequirement.qemu();
            GuestImage image = VmRequirement.image();
            TestGuest guest = new TestGuest(this, runDir, qemu, image);
            try {
                if (!paused) {
                    for (int port = 0; port < ports; port++) {
                        if (guest.chardev(port) == Chardev.SOCKET) {
                            guest.awaitAgent(port, BOOT_LIMIT);
                        }
                    }
                    guest.note("agent answered " + guest.secondsSinceStart() + " s after QEMU started");
                }
                return guest;
            } catch (IOException | RuntimeException | Error e) {
                guest.close();
                throw e;
            }
        }
    }

    static Options named(String name) {
        return new Options(name);
    }

    private TestGuest(Options options, Path runDir, Path qemuBinary, GuestImage image) throws IOException, InterruptedException {
        this.name = options.name + "-" + COUNTER.incrementAndGet();
        this.ports = options.ports;
        this.secondChardev = options.secondChardev;
        this.image = image;
        this.accelerator = Accelerator.choose(qemuBinary);
        this.runDir = runDir;
        Path logs = Files.createDirectories(targetDir().resolve("vm-logs"));
        this.consoleLog = logs.resolve(name + ".console.log");
        this.qemuLog = logs.resolve(name + ".qemu.log");
        Files.deleteIfExists(consoleLog);

        List<String> command = new ArrayList<>(List.of(qemuBinary.toString(), "-name", name, "-nodefaults",
                "-no-user-config", "-display", "none", "-no-reboot", "-m", "512", "-smp", "1"));
        command.addAll(accelerator.qemuArguments);
        String append = "console=ttyS0 panic=-1 quiet qga_ports=" + ports + (options.diskMiB > 0 ? " qga_disk=1" : "");
        command.addAll(List.of("-kernel", image.kernel().toString(), "-initrd", image.initramfs().toString(),
                "-append", append, "-serial", "file:" + consoleLog,
                "-qmp", "unix:" + qmpSocket() + ",server=on,wait=off",
                "-device", "virtio-serial"));
        for (int port = 0; port < ports; port++) {
            String chardev = switch (chardev(port)) {
                case SOCKET -> "socket,path=" + socket(port) + ",server=on,wait=off";
                case ABSTRACT -> "socket,path=" + abstractName(port) + ",abstract=on,server=on,wait=off";
                case PTY -> "pty";
            };
            command.addAll(List.of("-chardev", chardev + ",id=qga" + port,
                    "-device", "virtserialport,chardev=qga" + port + ",name=org.qemu.guest_agent." + port));
        }
        if (options.diskMiB > 0) {
            Path disk = runDir.resolve("data.img");
            try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
                file.setLength(options.diskMiB * 1024L * 1024L);
            }
            // discards reach the image, so guest-fstrim has something to do
            command.addAll(List.of("-drive", "file=" + disk + ",format=raw,if=virtio,discard=unmap"));
        }
        if (options.paused) {
            command.add("-S");
        }
        Files.writeString(qemuLog, String.join(" ", command) + "\n");
        this.qemu = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(qemuLog.toFile()))
                .start();
        Process started = qemu;
        this.reaper = new Thread(started::destroyForcibly, "qga-vm-reaper-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
        note("QEMU pid " + qemu.pid() + ", " + accelerator + ", " + (options.paused ? "paused, " : "") + ports
                + " agent port(s)" + (options.diskMiB > 0 ? ", data disk" : ""));
        try {
            awaitSockets();
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The build directory: where failsafe says the jar is (it may be elsewhere than ./target). */
    static Path targetDir() {
        String jar = System.getProperty("qga.jar");
        return jar != null ? Path.of(jar).toAbsolutePath().getParent()
                : Path.of(System.getProperty("qga.home", ".")).resolve("target");
    }

    Path socket(int port) {
        return runDir.resolve("qga" + port + ".sock");
    }

    Chardev chardev(int port) {
        return port == 1 ? secondChardev : Chardev.SOCKET;
    }

    /** Unique on this machine, where every process shares the abstract namespace. */
    private String abstractName(int port) {
        return "qga-vm-" + ProcessHandle.current().pid() + "-" + name + "-" + port;
    }

    String address(int port) {
        return switch (chardev(port)) {
            case SOCKET -> "unix:" + socket(port);
            case ABSTRACT -> "unix:@" + abstractName(port);
            case PTY -> "serial:" + pty(port);
        };
    }

    /** The pty QEMU made for a port's chardev, as it says on its output: char device redirected to /dev/pts/N (label qgaN). */
    Path pty(int port) {
        try {
            return awaitPty(port);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Path awaitPty(int port) throws Exception {
        java.util.regex.Pattern redirected = java.util.regex.Pattern.compile(
                "char device redirected to (/dev/pts/\\d+) \\(label qga" + port + "\\)");
        Path[] pty = {null};
        Poll.until("QEMU naming the pty of qga" + port + " in " + qemuLog, Duration.ofSeconds(30), () -> {
            java.util.regex.Matcher matcher = redirected.matcher(Files.readString(qemuLog));
            if (matcher.find()) {
                pty[0] = Path.of(matcher.group(1));
                return true;
            }
            if (!qemu.isAlive()) {
                throw new IOException("QEMU exited naming no pty for qga" + port + ": " + Files.readString(qemuLog));
            }
            return false;
        });
        return pty[0];
    }

    /** QEMU's own monitor (QMP) of this VM, a Unix socket. */
    Path qmpSocket() {
        return runDir.resolve("qmp.sock");
    }

    GuestImage image() {
        return image;
    }

    private void awaitSockets() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Path> sockets = new ArrayList<>(List.of(qmpSocket()));
        for (int port = 0; port < ports; port++) {
            if (chardev(port) == Chardev.SOCKET) {
                sockets.add(socket(port));
            }
        }
        while (!sockets.stream().allMatch(Files::exists)) {
            if (!qemu.isAlive()) {
                throw new IOException("QEMU exited with " + qemu.exitValue() + ": " + Files.readString(qemuLog));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("QEMU made no sockets within 30 s: " + Files.readString(qemuLog));
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until the agent on PORT answers: 0xFF and guest-sync-delimited sent once (QEMU holds
     * them until the guest opens the port), then everything up to the agent's 0xFF is skipped and
     * the echo of our id is the proof. Leaves the channel clean.
     */
    void awaitAgent(int port, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        try (RawClient raw = RawClient.connect(socket(port))) {
            raw.setTimeout(250);
            raw.send(new byte[] {(byte) 0xFF});
            raw.send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}\n");
            ByteArrayOutputStream afterDelimiter = null;
            while (true) {
                if (!qemu.isAlive()) {
                    throw new AssertionError("QEMU exited while waiting for the agent:\n" + diagnostics());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no answer from the agent on port " + port + " within "
                            + limit.toSeconds() + " s:\n" + diagnostics());
                }
                for (byte b : raw.readSome(1 << 16)) {
                    if (b == (byte) 0xFF) {
                        afterDelimiter = new ByteArrayOutputStream();
                    } else if (afterDelimiter != null && b == '\n') {
                        JsonObject reply = JsonParser.parseString(afterDelimiter.toString(StandardCharsets.UTF_8))
                                .getAsJsonObject();
                        if (reply.has("return") && reply.get("return").getAsLong() == id) {
                            return;
                        }
                        afterDelimiter = null;
                    } else if (afterDelimiter != null) {
                        afterDelimiter.write(b);
                    }
                }
            }
        }
    }

    /** Lets a paused guest run (QMP "cont"). */
    void resume() throws IOException {
        try (RawClient qmp = RawClient.connect(qmpSocket())) {
            qmp.setTimeout(30_000);
            qmp.readLine();
            for (String command : List.of("qmp_capabilities", "cont")) {
                qmp.send("{\"execute\":\"" + command + "\"}\n");
                String line;
                do {
                    line = qmp.readLine();
                } while (!line.contains("\"return\"") && !line.contains("\"error\"") && !line.isEmpty());
                if (!line.contains("\"return\"")) {
                    throw new IOException("QMP " + command + ": " + line);
                }
            }
        }
        note("resumed");
    }

    /** One request through a bare client: sync first, then the request; for setting up, not for testing. */
    JsonObject call(int port, String request) throws IOException {
        try (RawClient raw = RawClient.connect(socket(port))) {
            raw.setTimeout(60_000);
            raw.sync();
            return raw.call(request);
        }
    }

    /** Where the console log ends now: pass it to awaitConsole to look only at what comes after. */
    long consoleMark() throws IOException {
        return Files.exists(consoleLog) ? Files.size(consoleLog) : 0;
    }

    String console() throws IOException {
        return Files.exists(consoleLog) ? new String(Files.readAllBytes(consoleLog), StandardCharsets.UTF_8) : "";
    }

    /** Waits until TEXT appears on the console after MARK. */
    void awaitConsole(long mark, String text, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            byte[] all = Files.exists(consoleLog) ? Files.readAllBytes(consoleLog) : new byte[0];
            if (all.length > mark && new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8)
                    .contains(text)) {
                return;
            }
            if (!qemu.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("\"" + text + "\" never appeared on the console:\n" + diagnostics());
            }
            Thread.sleep(20);
        }
    }

    /** True if QEMU ended by itself within the limit. */
    boolean awaitExit(Duration limit) throws InterruptedException {
        return qemu.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return qemu.exitValue();
    }

    String secondsSinceStart() {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    String diagnostics() throws IOException {
        String console = console();
        return "--- console (" + consoleLog + "), last 3000 chars\n"
                + console.substring(Math.max(0, console.length() - 3000)) + "\n--- QEMU output (" + qemuLog + ")\n"
                + Files.readString(qemuLog);
    }

    /** A line in target/vm-logs/timings.txt and on stderr: boot times are worth seeing, not asserting. */
    void note(String message) throws IOException {
        String line = name + ": " + message;
        GuestImage.log(line);
        Files.writeString(targetDir().resolve("vm-logs/timings.txt"), line + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (qemu.isAlive()) {
                Host.stop(qemu);
            }
            if (qemu.isAlive()) {
                throw new IllegalStateException("QEMU pid " + qemu.pid() + " survived SIGKILL");
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: nothing to remove
            }
        }
    }
}
