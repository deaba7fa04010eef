package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.RealAgent;

/** The launcher with stdin and stdout as a shell can leave them: closed, full, or a reader that leaves. */
@Timeout(120)
class StreamsIT {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    /** Runs a sh command line in which $QGA is the launcher, capturing what reaches the files. */
    private Run sh(String script) throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script)
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("QGA", LauncherIT.HOME.resolve("bin/qga").toString());
        builder.environment().remove("QGA_ADDRESS");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aFullDiskIsAnError() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Run run = sh("\"$QGA\" " + agent.address() + " exec guest-get-osinfo >/dev/full");
            assertThat(run.exit()).as(run.toString()).isEqualTo(74);
            assertThat(run.err()).isEqualTo("qga: cannot write to stdout: No space left on device"
                    + " (is the disk full, or stdout closed?)\n");
        }
    }

    @Test
    void aFullDiskStopsPipeModeWithAnError() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Run run = sh("yes guest-ping | head -n 20000 | \"$QGA\" " + agent.address() + " >/dev/full");
            assertThat(run.exit()).as(run.toString()).isEqualTo(74);
            assertThat(run.err()).isEqualTo("qga: cannot write to stdout: No space left on device"
                    + " (is the disk full, or stdout closed?)\n");
        }
    }

    @Test
    void aClosedStdoutIsAnErrorAndNothingIsSent() throws Exception {
        Run run = sh("\"$QGA\" unix:" + dir.resolve("nothing-here.sock") + " exec guest-ping >&-; echo \"exit $?\"");
        assertThat(run.out()).isEqualTo("exit 74\n");
        assertThat(run.err()).isEqualTo("qga: stdout is closed: give it somewhere to write (>/dev/null to discard the replies)\n");
    }

    @Test
    void aReaderThatLeavesIsNotAnError() throws Exception {
        // 20,000 replies are far more than a pipe holds, so qga is still writing when head has left
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Run run = sh("yes guest-ping | head -n 20000 | { \"$QGA\" " + agent.address() + "; echo \"qga exit $?\" >&2; }"
                    + " | head -n 1");
            assertThat(run.out()).isEqualTo("{\"return\":{}}\n");
            assertThat(run.err()).isEqualTo("qga exit 0\n");
        }
    }

    @Test
    void aClosedStdinIsAnEmptyOne() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Run run = sh("\"$QGA\" " + agent.address() + " <&-");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEmpty();
        }
    }
}
