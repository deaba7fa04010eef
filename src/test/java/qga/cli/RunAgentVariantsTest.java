package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga;

/**
 * What qga run asks of agents this machine has no real one of: a qemu-ga 8.0 (its capture-output
 * modes) and a Windows guest's (no POSIX shell). The fake lists only guest-exec and its status, plus
 * the command that tells the guest's OS, and records every guest-exec it is sent.
 */
@Timeout(60)
class RunAgentVariantsTest {
    @TempDir
    Path dir;
    private final List<JsonObject> execs = new CopyOnWriteArrayList<>();

    private Qga.Result runOn(String version, String osMarker, String... args) throws Exception {
        FakeAgent.Script script = FakeAgent.replying(request -> switch (request.get("execute").getAsString()) {
            case "guest-info" -> FakeAgent.returning(request, "{\"version\": \"" + version + "\", \"supported_commands\": ["
                    + "{\"name\": \"guest-exec\", \"enabled\": true, \"success-response\": true},"
                    + "{\"name\": \"guest-exec-status\", \"enabled\": true, \"success-response\": true},"
                    + "{\"name\": \"" + osMarker + "\", \"enabled\": true, \"success-response\": true}]}");
            case "guest-exec" -> {
                execs.add(request.getAsJsonObject("arguments"));
                yield FakeAgent.returning(request, "{\"pid\": 5}");
            }
            case "guest-exec-status" -> FakeAgent.returning(request, "{\"exited\": true, \"exitcode\": 0}");
            default -> FakeAgent.failing(request, "CommandNotFound", "not here");
        });
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), script)) {
            List<String> full = new java.util.ArrayList<>(List.of(agent.address(), "run"));
            full.addAll(List.of(args));
            return qga().run(full.toArray(String[]::new));
        }
    }

    @Test
    void anAgentOfEightOrLaterMergesWithItsOwnCaptureMode() throws Exception {
        Qga.Result result = runOn("8.2.0", "guest-get-memory-blocks", "--merge", "--no-stream", "--", "make");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(execs).hasSize(1);
        assertThat(execs.get(0).toString()).isEqualTo("{\"path\":\"make\",\"arg\":[],\"capture-output\":\"merged\"}");
    }

    @Test
    void anOlderAgentMergesThroughTheShell() throws Exception {
        Qga.Result result = runOn("7.2.0", "guest-get-memory-blocks", "--merge", "--no-stream", "--", "make");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(execs.get(0).get("path").getAsString()).isEqualTo("/bin/sh");
        assertThat(execs.get(0).get("capture-output").getAsBoolean()).isTrue();
        assertThat(execs.get(0).getAsJsonArray("arg").get(1).getAsString()).endsWith("exec \"$@\" 2>&1");
    }

    @Test
    void aWindowsGuestRunsTheProgramItselfWithTheEnvironmentGivenToTheAgent() throws Exception {
        Qga.Result result = runOn("8.2.0", "guest-get-devices", "-e", "A=1", "--", "ipconfig", "/all");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(execs.get(0).toString())
                .isEqualTo("{\"path\":\"ipconfig\",\"env\":[\"A=1\"],\"arg\":[\"/all\"],\"capture-output\":true}");
    }

    @Test
    void aWindowsGuestHasNoShellForCwdOrMerge() throws Exception {
        Qga.Result cwd = runOn("8.2.0", "guest-get-devices", "--cwd", "C:\\\\", "--", "dir");
        Qga.Result merge = runOn("8.2.0", "guest-get-devices", "--merge", "--", "dir");

        assertThat(cwd.exit()).isEqualTo(2);
        assertThat(cwd.err()).isEqualTo("qga: --cwd needs a POSIX shell in the guest, and this guest runs Windows:"
                + " run cmd /c \"cd DIR && PROGRAM\" instead\n");
        assertThat(merge.exit()).isEqualTo(2);
        assertThat(merge.err()).isEqualTo("qga: --merge is not possible on a Windows guest: its agent has no merged capture"
                + " mode and there is no POSIX shell; run cmd /c \"PROGRAM 2>&1\" instead\n");
        assertThat(execs).isEmpty();
    }
}
