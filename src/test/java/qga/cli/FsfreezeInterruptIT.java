package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.failing;
import static qga.support.FakeAgent.returning;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Poll;

/**
 * Signals to qga fsfreeze freeze as a separate process (bin/qga over the shaded jar), at the two
 * moments a guest cannot be made to show on cue: while the freeze's reply is still awaited, and
 * while a host command runs. The agent is a fake (freezing is blocked on this host's real one)
 * that records the commands it gets; the thaw must be among them.
 */
@Timeout(120)
class FsfreezeInterruptIT {
    @TempDir
    Path dir;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    private FakeAgent agent(Function<JsonObject, String> freeze) throws Exception {
        return FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(request -> {
            String command = request.get("execute").getAsString();
            switch (command) {
                case "guest-info":
                    return failing(request, "CommandNotFound", "Command guest-info has been disabled");
                case "guest-fsfreeze-status":
                    return returning(request, "\"thawed\"");
                case "guest-fsfreeze-freeze":
                    commands.add(command);
                    return freeze.apply(request);
                default:
                    commands.add(command);
                    return command.equals("guest-fsfreeze-thaw") ? returning(request, "1") : null;
            }
        }));
    }

    private Process start(FakeAgent agent, String... extra) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(LauncherIT.HOME.resolve("bin/qga").toString(),
                agent.address(), "fsfreeze", "freeze", "--thaw-after", "600"));
        command.addAll(List.of(extra));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    private static void signal(String signal, Process process) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Test
    void ctrlCWhileTheFreezeIsAwaitedStillThaws() throws Exception {
        try (FakeAgent agent = agent(request -> null)) {
            Process qga = start(agent);
            Poll.until("the freeze to reach the agent", Duration.ofSeconds(60), () -> {
                assertThat(qga.isAlive()).as(Files.readString(dir.resolve("err"))).isTrue();
                return commands.contains("guest-fsfreeze-freeze");
            });

            signal("INT", qga);

            assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
            assertThat(qga.exitValue()).as(err).isEqualTo(130);
            assertThat(err).isEqualTo("qga: interrupted: thawed 1 file system\n");
            assertThat(commands).containsExactly("guest-fsfreeze-freeze", "guest-fsfreeze-thaw");
        }
    }

    @Test
    void sigtermWhileAHostCommandRunsThawsThenStopsIt() throws Exception {
        Path pidFile = dir.resolve("pid");
        try (FakeAgent agent = agent(request -> returning(request, "1"))) {
            Process qga = start(agent, "--", "sh", "-c", "echo $$ > " + pidFile + ".new; mv " + pidFile + ".new " + pidFile
                    + "; echo started; exec tail -f /dev/null");
            Poll.until("the host command to start", Duration.ofSeconds(60), () -> {
                assertThat(qga.isAlive()).as(Files.readString(dir.resolve("err"))).isTrue();
                return Files.exists(pidFile) && Files.readString(dir.resolve("out")).equals("started\n");
            });
            long command = Long.parseLong(Files.readString(pidFile).strip());

            signal("TERM", qga);

            assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = Files.readString(dir.resolve("err"), StandardCharsets.UTF_8);
            assertThat(qga.exitValue()).as(err).isEqualTo(143);
            assertThat(err).isEqualTo("qga: froze 1 file system; running sh (thawing when it exits, or after 600 s)\n"
                    + "qga: interrupted: thawed 1 file system, then stopped sh\n");
            assertThat(commands).containsExactly("guest-fsfreeze-freeze", "guest-fsfreeze-thaw");
            assertThat(ProcessHandle.of(command)).as("the host command is gone").isEmpty();
        }
    }
}
