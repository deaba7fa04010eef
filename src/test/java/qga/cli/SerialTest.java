package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static qga.support.Qga.qga;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Poll;
import qga.support.Qga;
import qga.support.RealAgent;
import qga.support.Signals;
import qga.transport.SerialEndpoint;

/**
 * serial:DEVICE against the real qemu-ga behind a real pty: socat holds the master, as QEMU's
 * -chardev pty does, and carries its bytes to the agent's socket.
 */
@Timeout(60)
class SerialTest {
    @TempDir
    Path dir;

    /** socat with a pty whose slave is linked at link, bridged to the agent; waits for the link. */
    static Process ptyBridge(RealAgent agent, Path link, Path log) throws Exception {
        Process socat = new ProcessBuilder(AbstractSocketTest.SOCAT.toString(), "-d", "-d", "PTY,link=" + link + ",raw,echo=0",
                "UNIX-CONNECT:" + agent.socket()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Poll.until("socat's pty", Duration.ofSeconds(30), () -> {
            assertThat(socat.isAlive()).as("socat is running: %s", Files.readString(log)).isTrue();
            return Files.exists(link) && Files.readString(log).contains("starting data transfer loop");
        });
        return socat;
    }

    @Test
    void aPtyWithStaleBytesInTheAgentsParserSyncsAndAnswers() throws Exception {
        assumeThat(AbstractSocketTest.SOCAT).as("socat is installed").isExecutable();
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Path pty = dir.resolve("pty");
            Process socat = ptyBridge(agent, pty, dir.resolve("socat.log"));
            try {
                // what an earlier client left in a pty, which has no connection boundary: half a request
                try (OutputStream stale = new FileOutputStream(pty.toFile())) {
                    stale.write("{\"execute\":\"guest-get-time\",\"argum".getBytes(StandardCharsets.US_ASCII));
                }
                Qga.Result result = qga().run("-v", "serial:" + pty, "exec", "guest-get-timezone");
                assertThat(result.exit()).as(result.toString()).isZero();
                assertThat(result.out()).startsWith("{\"return\":{").contains("\"offset\":");
                // the agent's complaint names the half request our 0xFF cut: the stale bytes were there, and skipped
                assertThat(result.err()).contains("qga: skipped while syncing: {\"error\":{\"class\":\"GenericError\","
                        + "\"desc\":\"JSON parse error, stray '\\\"argum");
                Qga.Result again = qga().stdin("guest-ping\nguest-ping\n").run("serial:" + pty);
                assertThat(again.exit()).as(again.toString()).isZero();
                assertThat(again.out()).isEqualTo("{\"return\":{}}\n{\"return\":{}}\n");
            } finally {
                Signals.stop(socat);
            }
        }
    }

    /** Another reader of the pty takes replies at random, so it is named when the agent seems silent. */
    @Test
    void otherProcessesHoldingThePtyAreNamed() throws Exception {
        assumeThat(AbstractSocketTest.SOCAT).as("socat is installed").isExecutable();
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Path pty = dir.resolve("pty");
            Process socat = ptyBridge(agent, pty, dir.resolve("socat.log"));
            Process reader = new ProcessBuilder("tail", "-f", "/dev/null").redirectInput(pty.toFile()).start();
            try {
                SerialEndpoint endpoint = new SerialEndpoint(pty, "serial:" + pty, Map.of());
                // socat keeps the slave side open as well as the master, so it is listed too
                Poll.until("tail to hold the pty", Duration.ofSeconds(30), () -> String.valueOf(endpoint.diagnoseSilence()).contains(" (tail)"));
                assertThat(endpoint.diagnoseSilence()).isEqualTo("other processes have " + pty + " open and may read the"
                        + " agent's replies before qga does: " + socat.pid() + " (socat), " + reader.pid() + " (tail)"
                        + " (see fuser -v " + pty + ")");
            } finally {
                Signals.stop(reader);
                Signals.stop(socat);
            }
        }
    }

    @Test
    void aMissingPtyIsNamedWithWhereToFindIt() {
        Path pty = dir.resolve("pts-gone");
        Qga.Result result = qga().run("serial:" + pty, "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("qga: no such device: " + pty + " (is the VM running? QEMU says which pty it"
                + " gave the chardev: char device redirected to /dev/pts/N)\n");
    }

    @Test
    void aRegularFileOrASocketIsNotADevice() throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Qga.Result result = qga().run("serial:" + file, "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("qga: " + file + " is not a character device (it is a regular file)\n");
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Qga.Result socket = qga().run("serial:" + agent.socket(), "exec", "guest-ping");
            assertThat(socket.exit()).isEqualTo(3);
            assertThat(socket.err()).isEqualTo("qga: " + agent.socket() + " is a socket, not a character device: use unix:"
                    + agent.socket() + "\n");
        }
    }
}
