package qga.vm;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private libvirt for the VM suite: virtlogd and libvirtd started by hand as our child processes
 * (in the foreground, so their PIDs are ours; no systemd needed), logs in target/vm-logs/, stopped
 * by PID in close(). Refuses to run next to a libvirt someone else started: a second libvirtd would
 * fight over /run/libvirt, and stopping theirs is not ours to do.
 */
final class LibvirtDaemons implements AutoCloseable {
    static final String URI = "qemu:///system";
    private static final List<String> DAEMONS = List.of("libvirtd", "virtlogd", "virtqemud");
    private static final Path RUN = Path.of("/run/libvirt");
    private static final Path VIRTLOGD_SOCKET = RUN.resolve("virtlogd-sock");
    /** libvirt keeps the status of each active network here; what is there before we start is not ours. */
    private static final Path NETWORK_STATUS = RUN.resolve("network");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration VIRSH_LIMIT = Duration.ofSeconds(60);

    private final Path logs;
    private final Set<String> networksActiveBefore;
    /** In start order: virtlogd, then libvirtd. */
    private final List<Process> started = new ArrayList<>();
    private Process libvirtd;
    private final Thread reaper;

    private LibvirtDaemons(Path logs, Set<String> networksActiveBefore) {
        this.logs = logs;
        this.networksActiveBefore = networksActiveBefore;
        this.reaper = new Thread(() -> started.forEach(Process::destroyForcibly), "qga-libvirt-reaper");
    }

    /** Starts virtlogd, then libvirtd, and waits until virsh can talk to it; skips or fails (QGA_REQUIRE_VM) if it cannot. */
    static LibvirtDaemons start() throws IOException, InterruptedException {
        for (String program : List.of("virsh", "libvirtd", "virtlogd")) {
            if (Host.which(program).isEmpty()) {
                VmRequirement.unavailable("no " + program + " on PATH: the libvirt tests need libvirt"
                        + " (apt-get install libvirt-daemon-system libvirt-clients)");
            }
        }
        if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
            VmRequirement.unavailable("the libvirt tests run their own libvirtd, which needs root");
        }
        Optional<String> running = runningDaemon();
        if (running.isPresent()) {
            VmRequirement.unavailable("a libvirt daemon is already running (" + running.get() + "); the libvirt tests"
                    + " start their own and will not share or stop someone else's: stop it, or run them elsewhere");
        }
        Path logs = Files.createDirectories(TestGuest.targetDir().resolve("vm-logs"));
        LibvirtDaemons daemons = new LibvirtDaemons(logs, activeNetworkStatuses());
        Runtime.getRuntime().addShutdownHook(daemons.reaper);
        try {
            Process virtlogd = daemons.launch("virtlogd");
            daemons.awaitVirtlogd(virtlogd);
            daemons.libvirtd = daemons.launch("libvirtd");
            daemons.awaitLibvirtd(daemons.libvirtd);
            GuestImage.log("libvirt: virtlogd pid " + virtlogd.pid() + ", libvirtd pid " + daemons.libvirtd.pid() + " (logs in "
                    + logs + ")");
            return daemons;
        } catch (IOException | RuntimeException | Error e) {
            try {
                daemons.close();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The first libvirt daemon found running: its PID and command line. */
    private static Optional<String> runningDaemon() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().command().map(c -> DAEMONS.contains(Path.of(c).getFileName().toString()))
                            .orElse(false))
                    .findFirst()
                    .map(p -> "pid " + p.pid() + ", " + p.info().commandLine().orElse(p.info().command().orElse("?")).strip());
        }
    }

    private static Set<String> activeNetworkStatuses() throws IOException {
        if (!Files.isDirectory(NETWORK_STATUS)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(NETWORK_STATUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - 4)).collect(Collectors.toSet());
        }
    }

    /** The daemon in the foreground (no -d: it stays our child, with a PID we know), warnings and errors to its log. */
    private Process launch(String program) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Host.which(program).orElseThrow().toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(program).toFile()));
        builder.environment().put("LIBVIRT_LOG_OUTPUTS", "3:stderr");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private Path log(String program) {
        return logs.resolve(program + ".log");
    }

    /** virtlogd is ready when its socket takes a connection (a stale socket file from an earlier run does not). */
    private void awaitVirtlogd(Process virtlogd) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            if (Files.exists(VIRTLOGD_SOCKET)) {
                try (SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    socket.connect(UnixDomainSocketAddress.of(VIRTLOGD_SOCKET));
                    return;
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            checkAlive(virtlogd, "virtlogd", deadline);
            Thread.sleep(50);
        }
    }

    /** libvirtd is ready when virsh gets an answer from it. */
    private void awaitLibvirtd(Process libvirtd) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            try {
                Host.run(Duration.ofSeconds(10), "virsh", "-c", URI, "uri");
                return;
            } catch (IOException notYet) {
                checkAlive(libvirtd, "libvirtd", deadline);
            }
            Thread.sleep(100);
        }
    }

    private void checkAlive(Process process, String program, long deadline) throws IOException {
        if (!process.isAlive()) {
            throw new IOException(program + " exited with " + process.exitValue() + ":\n" + logTail(program));
        }
        if (System.nanoTime() > deadline) {
            throw new IOException(program + " was not ready within " + START_LIMIT.toSeconds() + " s:\n" + logTail(program));
        }
    }

    String logTail(String program) throws IOException {
        Path log = log(program);
        String text = Files.exists(log) ? Files.readString(log) : "";
        return "--- " + log + ", last 3000 chars\n" + text.substring(Math.max(0, text.length() - 3000));
    }

    /** virsh -c qemu:///system ARGS...: its stdout, or an IOException with its stderr. */
    String virsh(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", URI));
        command.addAll(List.of(args));
        return Host.run(null, VIRSH_LIMIT, command);
    }

    /**
     * Stops what it started, by PID: networks our libvirtd autostarted (their dnsmasq would outlive
     * it), then libvirtd, then virtlogd. Domains must be gone before: QEMU outlives libvirtd.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (libvirtd != null && libvirtd.isAlive()) {
                destroyNetworksWeStarted();
            }
        } finally {
            try {
                for (int i = started.size() - 1; i >= 0; i--) {
                    Process daemon = started.get(i);
                    Host.stop(daemon);
                    if (daemon.isAlive()) {
                        throw new IllegalStateException("pid " + daemon.pid() + " survived SIGKILL");
                    }
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

    private void destroyNetworksWeStarted() throws IOException, InterruptedException {
        for (String network : virsh("net-list", "--name").lines().map(String::strip).filter(n -> !n.isEmpty()).toList()) {
            if (!networksActiveBefore.contains(network)) {
                GuestImage.log("libvirt: stopping the network " + network + ", which our libvirtd autostarted");
                virsh("net-destroy", network);
            }
        }
    }

}
