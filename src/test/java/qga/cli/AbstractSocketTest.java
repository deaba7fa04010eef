package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static qga.support.Qga.qga;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Poll;
import qga.support.Qga;
import qga.support.RealAgent;
import qga.support.Signals;

/**
 * unix:@NAME against the real qemu-ga. qemu-ga cannot listen in the abstract namespace itself, so
 * socat listens there and carries each connection to the agent's socket, as QEMU's abstract=on
 * chardev would hold it.
 */
@Timeout(60)
class AbstractSocketTest {
    static final Path SOCAT = Path.of("/usr/bin/socat");

    @TempDir
    Path dir;

    /** A name no other test or process uses: the abstract namespace is shared by the whole machine. */
    static String uniqueName() {
        return "qga-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    /** socat listening on @NAME and bridging to the socket; waits until the name is in /proc/net/unix. */
    static Process bridge(String name, Path socket, Path log) throws Exception {
        Process socat = new ProcessBuilder(SOCAT.toString(), "ABSTRACT-LISTEN:" + name + ",fork", "UNIX-CONNECT:" + socket)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Poll.until("socat to listen on @" + name, Duration.ofSeconds(30), () -> {
            assertThat(socat.isAlive()).as("socat is running: %s", Files.readString(log)).isTrue();
            return Files.readAllLines(Path.of("/proc/net/unix")).stream().anyMatch(line -> line.endsWith(" @" + name));
        });
        return socat;
    }

    @Test
    void execAndPipeModeReachAnAgentInTheAbstractNamespace() throws Exception {
        assumeThat(SOCAT).as("socat is installed").isExecutable();
        String name = uniqueName();
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Process socat = bridge(name, agent.socket(), dir.resolve("socat.log"));
            try {
                Qga.Result result = qga().run("unix:@" + name, "exec", "guest-get-timezone");
                assertThat(result.exit()).as(result.toString()).isZero();
                assertThat(result.out()).startsWith("{\"return\":{").contains("\"offset\":");
                Qga.Result piped = qga().stdin("guest-ping\nguest-ping\n").run("unix:@" + name);
                assertThat(piped.exit()).as(piped.toString()).isZero();
                assertThat(piped.out()).isEqualTo("{\"return\":{}}\n{\"return\":{}}\n");
            } finally {
                Signals.stop(socat);
            }
        }
    }

    @Test
    void aNameNobodyListensOnIsRefusedWithWhatToCheck() {
        String name = uniqueName();
        Qga.Result result = qga().run("unix:@" + name, "exec", "guest-ping");
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("qga: nothing is listening on the abstract socket @" + name
                + " (connection refused): is the VM running, and is this its agent chardev's name (abstract=on)?\n");
    }

    @Test
    void aNameWithoutCharactersIsBadInput() {
        Qga.Result result = qga().run("unix:@", "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: address unix:@ has no name: write unix:@NAME with the path= of QEMU's"
                + " -chardev socket,abstract=on (or unix:./@ for a file named @)\n");
    }

    @Test
    void aNameTooLongForSunPathIsNamedBeforeConnecting() {
        String name = "n".repeat(108);
        Qga.Result result = qga().run("unix:@" + name, "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("qga: abstract socket name is 108 bytes long; Unix sockets allow 107:"
                + " use a shorter name\n");
    }
}
