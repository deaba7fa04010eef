package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static qga.support.Qga.qga;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga;
import qga.support.RealAgent;
import qga.support.Poll;

/** exec:, tcp: and vsock: against the real qemu-ga, with socat carrying the bytes where needed. */
@Timeout(60)
class ChildTransportTest {
    static final Path SOCAT = Path.of("/usr/bin/socat");
    /** Without it, every vsock: address stops before looking for socat. */
    static final Path VSOCK = Path.of("/dev/vsock");

    @TempDir
    Path dir;

    @Test
    void execRunsAProgramWhoseStdioIsTheChannel() throws Exception {
        assumeThat(SOCAT).as("socat is installed").isExecutable();
        try (RealAgent agent = RealAgent.start(dir)) {
            Qga.Result result = qga().run("exec:socat STDIO UNIX-CONNECT:" + agent.socket(), "exec", "guest-get-timezone");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).startsWith("{\"return\":{").contains("\"offset\":");
            Qga.Result piped = qga().stdin("guest-ping\nguest-ping\n").run("exec:socat STDIO UNIX-CONNECT:" + agent.socket());
            assertThat(piped.out()).isEqualTo("{\"return\":{}}\n{\"return\":{}}\n");
        }
    }

    @Test
    void aChildThatExitsIsReportedWithItsStatusAndStderr() {
        Qga.Result result = qga().run("exec:sh -c 'echo \"ssh: connect to host h port 22: Connection refused\" >&2; exit 255'",
                "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(3);
        // the child may be seen gone on write or on read, whichever comes first: both carry its reason
        assertThat(result.err()).startsWith("qga: ").hasLineCount(1)
                .endsWith(": sh exited with status 255: ssh: connect to host h port 22: Connection refused\n");
        Qga.Result missing = qga().run("exec:/nonexistent/ssh host", "exec", "guest-ping");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).startsWith("qga: cannot run /nonexistent/ssh: ");
    }

    @Test
    void tcpReachesAChardevOnTcp() throws Exception {
        assumeThat(SOCAT).as("socat is installed").isExecutable();
        try (RealAgent agent = RealAgent.start(dir)) {
            // socat binds port 0 and says which port it got, so no other process can take it in between
            Path log = dir.resolve("bridge.log");
            Process bridge = new ProcessBuilder(SOCAT.toString(), "-d", "-d", "TCP-LISTEN:0,bind=127.0.0.1,reuseaddr,fork",
                    "UNIX-CONNECT:" + agent.socket()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                int port = listeningPort(bridge, log);
                Qga.Result result = qga().run("tcp:127.0.0.1:" + port, "exec", "guest-ping");
                assertThat(result.exit()).as(result.toString()).isZero();
                assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
            } finally {
                bridge.destroy();
                bridge.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The port socat reports once it listens ("N listening on AF=2 127.0.0.1:PORT" at -d -d). */
    private static int listeningPort(Process socat, Path log) throws Exception {
        Pattern listening = Pattern.compile("listening on AF=2 127\\.0\\.0\\.1:(\\d+)");
        Poll.until("socat to listen", Duration.ofSeconds(30), () -> {
            assertThat(socat.isAlive()).as("socat is running: %s", Files.readString(log)).isTrue();
            return listening.matcher(Files.readString(log)).find();
        });
        Matcher port = listening.matcher(Files.readString(log));
        assertThat(port.find()).isTrue();
        return Integer.parseInt(port.group(1));
    }

    @Test
    void tcpWithNothingListeningIsRefused() throws Exception {
        // a socket bound but never listening holds the port for this test, and a connection to it is refused
        try (Socket holder = new Socket()) {
            holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = holder.getLocalPort();
            Qga.Result refused = qga().run("tcp:127.0.0.1:" + port, "exec", "guest-ping");
            assertThat(refused.exit()).isEqualTo(3);
            assertThat(refused.err()).startsWith("qga: nothing is listening on 127.0.0.1:" + port);
        }
    }

    @Test
    void vsockWithoutAPeerFailsCleanlyWithinTheTimeout() {
        assumeThat(VSOCK).as("this machine has vsock (/dev/vsock)").exists();
        assumeThat(SOCAT).as("socat is installed").isExecutable();
        Qga.Result result = qga().run("--timeout", "5", "vsock:1:5555", "exec", "--no-validate", "guest-ping");
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        // seen gone on write or on read, whichever comes first; socat's own words name the kernel's reason
        assertThat(result.err()).as(result.toString()).startsWith("qga: ").hasLineCount(1)
                .contains(": socat (vsock 1:5555) exited with status 1: ");
    }

    @Test
    void vsockWithoutSocatSaysHowToInstallIt() throws Exception {
        assumeThat(VSOCK).as("this machine has vsock (/dev/vsock)").exists();
        Path noSocat = Files.createDirectory(dir.resolve("bin"));
        Qga.Result result = qga().env("PATH", noSocat.toString()).run("vsock:3:1234", "exec", "--no-validate", "guest-ping");
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("qga: vsock: needs socat, which is not installed: apt-get install socat\n");
    }

    @Test
    void vsockOnAMachineWithoutItSaysWhichModulesToLoad() {
        assumeThat(VSOCK).as("this machine has no vsock (no /dev/vsock)").doesNotExist();
        Qga.Result result = qga().run("vsock:3:1234", "exec", "--no-validate", "guest-ping");
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("qga: vsock is not available on this machine (no /dev/vsock: load the vsock"
                + " and vhost_vsock or virtio-vsock transport modules)\n");
    }
}
