package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Poll;
import qga.support.RealAgent;

/**
 * Ctrl-C to qga over many targets, as a separate process (bin/qga over the shaded jar): every
 * target in flight is stopped, none is started after, each still gets its line, and programs
 * started by run are killed in the guest (here: on this host, confined to the temp directory).
 */
@Timeout(120)
class ManyTargetsInterruptIT {
    @TempDir
    Path dir;

    private Process start(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LauncherIT.HOME.resolve("bin/qga").toString()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static void interrupt(Process qga) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(qga.pid())).inheritIO().start().waitFor();
        assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** A fake that takes the sync and never answers: a target in flight until it is stopped. */
    private FakeAgent hung(String name) throws Exception {
        return FakeAgent.start(dir.resolve(name), c -> {
            while (c.readRequest() != null) {
                // hold the request
            }
        });
    }

    @Test
    void ctrlCStopsTheTargetsInFlightAndStartsNoMore() throws Exception {
        try (RealAgent real = RealAgent.start(dir.resolve("agent")); FakeAgent a = hung("a.sock"); FakeAgent b = hung("b.sock")) {
            Process qga = start(List.of("-a", a.address(), "-a", b.address(), "-a", real.address(), "--parallel", "2",
                    "--ordered", "--timeout", "60", "--no-validate", "exec", "guest-ping"));
            Poll.until("both hung targets to hold a request", Duration.ofSeconds(60),
                    () -> a.receivedText().contains("guest-sync") && b.receivedText().contains("guest-sync"));

            interrupt(qga);

            String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
            assertThat(qga.exitValue()).as(err).isEqualTo(130);
            String stopped = "\",\"exit\":130,\"error\":\"cancelled; the next request resynchronises first\"}\n";
            assertThat(Files.readString(dir.resolve("out"))).isEqualTo("{\"target\":\"" + a.address() + stopped
                    + "{\"target\":\"" + b.address() + stopped
                    + "{\"target\":\"" + real.address() + "\",\"exit\":130,\"error\":\"interrupted before it was asked\"}\n");
            assertThat(err).isEqualTo("qga: 3 of 3 failed: " + a.address() + " interrupted (130), " + b.address()
                    + " interrupted (130), " + real.address() + " interrupted (130)\n");
        }
    }

    @Test
    void ctrlCKillsTheProgramsRunStartedOnEachTarget() throws Exception {
        try (RealAgent first = RealAgent.start(dir.resolve("first")); RealAgent second = RealAgent.start(dir.resolve("second"))) {
            Path pids = dir.resolve("pids");
            Process qga = start(List.of("-a", first.address(), "-a", second.address(), "--ordered", "run", "--tmpdir", dir.toString(),
                    "--", "sh", "-c", "echo $$ >> " + pids + "; exec tail -f /dev/null"));
            Poll.until("both programs to start", Duration.ofSeconds(60),
                    () -> Files.exists(pids) && Files.readAllLines(pids).size() == 2);
            List<Long> programs = Files.readAllLines(pids).stream().map(Long::parseLong).toList();

            interrupt(qga);

            String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
            assertThat(qga.exitValue()).as(err).isEqualTo(130);
            String killed = "\",\"exit\":130,\"reply\":{\"exitcode\":null,\"signal\":15,\"stdout\":\"\",\"stderr\":\"\","
                    + "\"stdout-truncated\":false,\"stderr-truncated\":false,\"timed-out\":false,\"interrupted\":true,"
                    + "\"streamed\":true}}\n";
            assertThat(Files.readString(dir.resolve("out"))).isEqualTo("{\"target\":\"" + first.address() + killed
                    + "{\"target\":\"" + second.address() + killed);
            assertThat(err).isEqualTo("qga: 2 of 2 failed: " + first.address() + " interrupted (130), " + second.address()
                    + " interrupted (130)\n");
            for (long program : programs) {
                assertThat(ProcessHandle.of(program)).as("program " + program + " is gone").isEmpty();
            }
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("qga-run-"));
            }
        }
    }
}
