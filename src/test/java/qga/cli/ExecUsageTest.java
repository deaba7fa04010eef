package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import qga.support.FakeAgent;
import qga.support.Qga;
import qga.support.RealAgent;

/** qga exec without a command, and stdout that refuses what is written to it. */
class ExecUsageTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"exec", "exec --", "exec --args {}", "exec  "})
    void execWithoutACommandIsAUsageErrorAndConnectsToNothing(String words) throws Exception {
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(r -> null))) {
            String[] args = (agent.address() + " " + words).trim().split(" ");
            if (words.endsWith("  ")) {
                args = new String[] {agent.address(), "exec", ""};
            }
            Qga.Result result = qga().run(args);
            assertThat(result.exit()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).isEqualTo("qga: exec needs a command: qga ADDRESS exec guest-ping,"
                    + " or a JSON request (qga help exec)\n");
            assertThat(result.out()).isEmpty();
            assertThat(agent.connections()).isZero();
        }
    }

    /** What the JVM reports for a write into a pipe whose reader has gone, and for a full disk. */
    private static OutputStream failing(String why) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(why);
            }
        };
    }

    private int runWithStdout(OutputStream stdout, ByteArrayOutputStream err, String address) {
        return Main.run(new Invocation("qga", new String[] {address, "exec", "guest-ping"},
                new ByteArrayInputStream(new byte[0]), new StdoutStream(stdout), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), false, false));
    }

    @Test
    void aFailedWriteIsExit74AndAGoneReaderIsQuiet() throws Exception {
        try (RealAgent agent = RealAgent.start(dir)) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(runWithStdout(failing("Input/output error"), err, agent.address())).isEqualTo(74);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("qga: cannot write to stdout: Input/output error"
                    + " (is the disk full, or stdout closed?)\n");

            ByteArrayOutputStream quiet = new ByteArrayOutputStream();
            assertThat(runWithStdout(failing("Broken pipe"), quiet, agent.address())).isZero();
            assertThat(quiet.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }
}
