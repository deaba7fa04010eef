package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.WithRealAgent;
import qga.support.Poll;

/**
 * Signals to qga run as a separate process (bin/qga over the shaded jar), against the real
 * qemu-ga on this host: the program runs here, confined to the test's temp directory.
 */
@Timeout(120)
class RunInterruptIT extends WithRealAgent {
    private Process start(Path pidFile, String... extra) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(LauncherIT.HOME.resolve("bin/qga").toString(),
                agent.address(), "run", "--tmpdir", dir.toString()));
        command.addAll(List.of(extra));
        command.addAll(List.of("--", "sh", "-c", "echo $$ > " + pidFile + ".new; mv " + pidFile + ".new " + pidFile
                + "; echo started; exec tail -f /dev/null"));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** The guest program's pid, once it has written it and qga has shown its first line. */
    private long awaitProgram(Path pidFile) throws Exception {
        Poll.until("the program to start and qga to show its first line", Duration.ofSeconds(60),
                () -> Files.exists(pidFile) && Files.readString(dir.resolve("out")).equals("started\n"));
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private void signalAndExpect(String signal, int status, String message) throws Exception {
        Path pidFile = dir.resolve("pid");
        Process qga = start(pidFile);
        long program = awaitProgram(pidFile);

        new ProcessBuilder("kill", "-" + signal, Long.toString(qga.pid())).inheritIO().start().waitFor();

        assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertThat(qga.exitValue()).as(err).isEqualTo(status);
        assertThat(err).isEqualTo(message);
        assertThat(ProcessHandle.of(program)).as("the guest program is gone").isEmpty();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("qga-run-"));
        }
    }

    @Test
    void ctrlCKillsTheProgramInTheGuestAndExits130() throws Exception {
        signalAndExpect("INT", 130, "qga: interrupted: sh was killed in the guest\n");
    }

    @Test
    void sigtermDoesTheSameAndExits143() throws Exception {
        signalAndExpect("TERM", 143, "qga: interrupted: sh was killed in the guest\n");
    }

    @Test
    void aHangupDoesTheSameAndExits129() throws Exception {
        signalAndExpect("HUP", 129, "qga: interrupted: sh was killed in the guest\n");
    }

    @Test
    void stdoutThatCannotBeWrittenIsExit74AndTheProgramIsKilled() throws Exception {
        Path pidFile = dir.resolve("pid");
        List<String> command = List.of(LauncherIT.HOME.resolve("bin/qga").toString(), agent.address(), "run", "--tmpdir",
                dir.toString(), "--", "sh", "-c", "echo $$ > " + pidFile + "; while :; do echo line; sleep 0.01; done");
        Process qga = new ProcessBuilder(command).redirectOutput(new java.io.File("/dev/full"))
                .redirectError(dir.resolve("err").toFile()).start();

        assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertThat(qga.exitValue()).as(err).isEqualTo(74);
        assertThat(err).startsWith("qga: cannot write to stdout: No space left on device");
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))).isEmpty();
    }

    @Test
    void aReaderThatLeftEndsTheRunQuietlyAsSigpipeWould() throws Exception {
        Path pidFile = dir.resolve("pid");
        String qga = LauncherIT.HOME.resolve("bin/qga") + " " + agent.address() + " run --tmpdir " + dir + " -- sh -c 'echo $$ > "
                + pidFile + "; while :; do echo line; sleep 0.01; done'";
        Process pipeline = new ProcessBuilder("bash", "-c", "set -o pipefail; " + qga + " | head -n 1")
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();

        assertThat(pipeline.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
        assertThat(pipeline.exitValue()).as(err).isEqualTo(141);
        assertThat(err).isEmpty();
        assertThat(Files.readString(dir.resolve("out"))).isEqualTo("line\n");
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))).isEmpty();
    }
}
