package qga.vm;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The cached test guest as a libvirt domain (vm/libvirt-domain.xml) on our own {@link LibvirtDaemons}:
 * defined, started, and destroyed and undefined in close(). Its kernel, initramfs, console log and
 * the socket of its second agent channel live in the test's temp directory, opened up so that QEMU,
 * running as libvirt-qemu, can read them (it cannot read the cache under /root).
 */
final class LibvirtGuest implements AutoCloseable {
    static final String FIRST = "org.qemu.guest_agent.0";
    static final String SECOND = "org.qemu.guest_agent.1";
    private static final Path QEMU_PIDS = Path.of("/run/libvirt/qemu");

    private final LibvirtDaemons libvirt;
    private final String name;
    private final Path dir;
    private final GuestImage image;
    private final long startNanos = System.nanoTime();
    private boolean defined;
    private long qemuPid = -1;
    private final Thread reaper;

    /** One agent channel as libvirt's live XML shows it. */
    record Channel(String path, String state) {
    }

    private LibvirtGuest(LibvirtDaemons libvirt, String name, Path dir, GuestImage image) {
        this.libvirt = libvirt;
        this.name = name;
        this.image = image;
        this.dir = dir;
        this.reaper = new Thread(this::killQemu, "qga-libvirt-guest-reaper");
    }

    /**
     * Defines and starts NAME, and waits until the agent answers through libvirt and on the second
     * channel. dir is the test's own (@TempDir) and holds the guest's files.
     */
    static LibvirtGuest start(LibvirtDaemons libvirt, String name, Path dir) throws IOException, InterruptedException {
        VmRequirement.qemu();
        GuestImage image = VmRequirement.image();
        LibvirtGuest guest = new LibvirtGuest(libvirt, name, dir, image);
        Runtime.getRuntime().addShutdownHook(guest.reaper);
        try {
            guest.boot();
            return guest;
        } catch (IOException | RuntimeException | Error e) {
            try {
                guest.close();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void boot() throws IOException, InterruptedException {
        removeLeftover();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path kernel = readableCopy(image.kernel());
        Path initramfs = readableCopy(image.initramfs());
        Accelerator accelerator = Accelerator.choose(Host.which("qemu-system-x86_64").orElseThrow());
        String xml = resource("libvirt-domain.xml")
                .replace("@TYPE@", accelerator == Accelerator.KVM ? "kvm" : "qemu")
                .replace("@NAME@", name)
                .replace("@KERNEL@", kernel.toString())
                .replace("@INITRD@", initramfs.toString())
                .replace("@CONSOLE@", console().toString())
                .replace("@SECOND_SOCKET@", secondSocket().toString());
        Path definition = dir.resolve("domain.xml");
        Files.writeString(definition, xml);
        libvirt.virsh("define", definition.toString());
        defined = true;
        libvirt.virsh("start", name);
        Path pidFile = QEMU_PIDS.resolve(name + ".pid");
        if (Files.exists(pidFile)) {
            qemuPid = Long.parseLong(Files.readString(pidFile).strip());
        }
        note("started by libvirt (QEMU pid " + qemuPid + ", domain type " + (accelerator == Accelerator.KVM ? "kvm" : "qemu")
                + ")");
        awaitAgentThroughLibvirt(TestGuest.BOOT_LIMIT);
        awaitChannelState(SECOND, "connected", Duration.ofSeconds(60));
        note("agent answered through libvirt and on " + SECOND + " " + secondsSinceStart() + " s after virsh define");
    }

    /** A domain of ours left by a run that was killed before its cleanup: our libvirtd is fresh, so the name is ours. */
    private void removeLeftover() throws InterruptedException {
        try {
            libvirt.virsh("dominfo", name);
        } catch (IOException noSuchDomain) {
            return;
        }
        GuestImage.log("libvirt: removing the domain " + name + ", left by an interrupted run");
        try {
            libvirt.virsh("destroy", name);
        } catch (IOException notRunning) {
            // only defined
        }
        try {
            libvirt.virsh("undefine", name);
        } catch (IOException e) {
            GuestImage.log("libvirt: undefine " + name + ": " + e.getMessage());
        }
    }

    private Path readableCopy(Path file) throws IOException {
        Path copy = dir.resolve(file.getFileName());
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LibvirtGuest.class.getResourceAsStream("/vm/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource vm/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    String name() {
        return name;
    }

    GuestImage image() {
        return image;
    }

    Path secondSocket() {
        return dir.resolve("agent1.sock");
    }

    private Path console() {
        return dir.resolve("console.log");
    }

    /** guest-ping through virsh until libvirt stops answering "QEMU guest agent is not connected". */
    private void awaitAgentThroughLibvirt(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                agentCommand("{\"execute\":\"guest-ping\"}");
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the agent did not answer through libvirt within " + limit.toSeconds()
                            + " s: " + notYet.getMessage() + "\n" + diagnostics());
                }
            }
            Thread.sleep(250);
        }
    }

    /** Waits until libvirt's live XML shows CHANNEL in STATE (it follows the guest opening and closing the port). */
    void awaitChannelState(String channel, String state, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Channel seen = channel(channel).orElse(null);
        while (seen == null || !state.equals(seen.state())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(channel + " not " + state + " within " + limit.toSeconds() + " s (libvirt shows "
                        + seen + ")\n" + diagnostics());
            }
            Thread.sleep(100);
            seen = channel(channel).orElse(null);
        }
    }

    /** CHANNEL's socket path and state in virsh dumpxml. */
    Optional<Channel> channel(String channel) throws IOException, InterruptedException {
        String xml = libvirt.virsh("dumpxml", name);
        try {
            NodeList channels = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getElementsByTagName("channel");
            for (int i = 0; i < channels.getLength(); i++) {
                Element element = (Element) channels.item(i);
                Element target = (Element) element.getElementsByTagName("target").item(0);
                if (target != null && channel.equals(target.getAttribute("name"))) {
                    Element source = (Element) element.getElementsByTagName("source").item(0);
                    return Optional.of(new Channel(source == null ? null : source.getAttribute("path"),
                            target.getAttribute("state")));
                }
            }
            return Optional.empty();
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("virsh dumpxml " + name + ": " + e.getMessage(), e);
        }
    }

    /** One request through virsh qemu-agent-command, for setting up, not for testing. */
    JsonObject agentCommand(String request) throws IOException, InterruptedException {
        return JsonParser.parseString(libvirt.virsh("qemu-agent-command", name, request, "--timeout", "30"))
                .getAsJsonObject();
    }

    /** Runs a shell script in the guest (guest-exec through libvirt) and returns its guest-exec-status once it exited. */
    JsonObject runInGuest(String script) throws IOException, InterruptedException {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("path", "/bin/sh");
        JsonArray arg = new JsonArray();
        arg.add("-c");
        arg.add(script);
        arguments.add("arg", arg);
        arguments.addProperty("capture-output", true);
        JsonObject request = new JsonObject();
        request.addProperty("execute", "guest-exec");
        request.add("arguments", arguments);
        long pid = agentCommand(request.toString()).getAsJsonObject("return").get("pid").getAsLong();
        for (int poll = 0; poll < 600; poll++) {
            JsonObject status = agentCommand("{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}")
                    .getAsJsonObject("return");
            if (status.get("exited").getAsBoolean()) {
                return status;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the script was still running in the guest after 60 s:\n" + script);
    }

    String secondsSinceStart() {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    String diagnostics() throws IOException {
        String console = Files.exists(console()) ? Files.readString(console()) : "";
        Path qemuLog = Path.of("/var/log/libvirt/qemu", name + ".log");
        String qemu = Files.exists(qemuLog) ? Files.readString(qemuLog) : "";
        return "--- console, last 3000 chars\n" + console.substring(Math.max(0, console.length() - 3000))
                + "\n--- " + qemuLog + ", last 3000 chars\n" + qemu.substring(Math.max(0, qemu.length() - 3000))
                + "\n" + libvirt.logTail("libvirtd");
    }

    /** A line in target/vm-logs/timings.txt and on stderr. */
    void note(String message) throws IOException {
        String line = name + " (libvirt): " + message;
        GuestImage.log(line);
        Files.writeString(TestGuest.targetDir().resolve("vm-logs/timings.txt"), line + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Destroys and undefines the domain (QEMU by PID if libvirt could not) and keeps its logs. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (defined) {
                try {
                    libvirt.virsh("destroy", name);
                } catch (IOException e) {
                    GuestImage.log("libvirt: destroy " + name + ": " + e.getMessage());
                }
                libvirt.virsh("undefine", name);
                defined = false;
            }
        } finally {
            try {
                killQemu();
                keepLogs();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: nothing to remove
                }
            }
        }
    }

    /** QEMU outlives libvirtd: if virsh destroy did not end it, its PID does. */
    private void killQemu() {
        if (qemuPid <= 0) {
            return;
        }
        ProcessHandle.of(qemuPid).filter(p -> p.info().command().orElse("").contains("qemu-system")).ifPresent(qemu -> {
            GuestImage.log("libvirt: QEMU pid " + qemuPid + " still running; killing it");
            qemu.destroyForcibly();
            qemu.onExit().completeOnTimeout(qemu, 10, TimeUnit.SECONDS).join();
        });
    }

    private void keepLogs() throws IOException {
        Path logs = Files.createDirectories(TestGuest.targetDir().resolve("vm-logs"));
        if (Files.exists(console())) {
            Files.copy(console(), logs.resolve(name + ".console.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path qemuLog = Path.of("/var/log/libvirt/qemu", name + ".log");
        if (Files.exists(qemuLog)) {
            Files.copy(qemuLog, logs.resolve(name + ".qemu.log"), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
