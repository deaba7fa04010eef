package qga.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.base.ExitCode;
import qga.base.Phase;
import qga.base.QgaException;
import qga.support.FakeAgent;
import qga.support.RealAgent;

/** Through the public API: each failure carries the exit code and the phase it happened in. */
@Timeout(60)
class FailurePhaseTest {
    @TempDir
    Path dir;

    private static AgentOptions options() {
        return AgentOptions.defaults().withEnv(Map.of("PATH", "/usr/bin:/bin")).withTimeout(Duration.ofMillis(500));
    }

    private static QgaException failure(String address, String command, JsonObject arguments) throws Exception {
        try (Agent agent = Agent.open(address, options())) {
            return catchThrowableOfType(() -> agent.call(command, arguments), QgaException.class);
        }
    }

    @Test
    void aBadRequestFailsInValidation() throws Exception {
        try (RealAgent real = RealAgent.start(dir)) {
            JsonObject arguments = new JsonObject();
            arguments.addProperty("handle", "not a number");
            QgaException e = failure(real.address(), "guest-file-close", arguments);
            assertThat(e.phase()).isEqualTo(Phase.VALIDATE);
            assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        }
    }

    @Test
    void aMissingSocketFailsInConnect() throws Exception {
        QgaException e = failure("unix:" + dir.resolve("none.sock"), "guest-ping", null);
        assertThat(e.phase()).isEqualTo(Phase.CONNECT);
        assertThat(e.exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT);
    }

    @Test
    void aSilentAgentFailsInSync() throws Exception {
        try (FakeAgent silent = FakeAgent.start(dir.resolve("fake.sock"), c -> {
            while (c.readRequest() != null) {
                // never answers
            }
        })) {
            QgaException e = failure(silent.address(), "guest-ping", null);
            assertThat(e.phase()).isEqualTo(Phase.SYNC);
            assertThat(e.exitCode()).isEqualTo(ExitCode.NO_ANSWER);
        }
    }

    @Test
    void anUnansweredRequestFailsInReplyAndAnErrorReplyToo() throws Exception {
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(r ->
                r.get("execute").getAsString().equals("guest-ping") ? null
                        : FakeAgent.failing(r, "GenericError", "no such handle")))) {
            QgaException silent = failure(agent.address(), "guest-ping", null);
            assertThat(silent.phase()).isEqualTo(Phase.REPLY);
            assertThat(silent.exitCode()).isEqualTo(ExitCode.NO_ANSWER);
            JsonObject arguments = new JsonObject();
            arguments.addProperty("handle", 1);
            QgaException refused = failure(agent.address(), "guest-file-close", arguments);
            assertThat(refused.phase()).isEqualTo(Phase.REPLY);
            assertThat(refused.exitCode()).isEqualTo(ExitCode.AGENT_ERROR);
            assertThat(refused.getMessage()).isEqualTo("guest-file-close: GenericError: no such handle");
        }
    }
}
