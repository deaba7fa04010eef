package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga;

/**
 * qga run against an agent that answers guest-exec and guest-exec-status wrongly, which a real one
 * cannot be made to do: a protocol violation (exit 5) naming the command and the member, never an
 * internal error.
 */
@Timeout(60)
class RunFaultsTest {
    @TempDir
    Path dir;

    /** An agent listing only guest-exec and guest-exec-status (so output comes at the exit), answering status as given. */
    private Qga.Result runAgainst(String execReturn, String statusReturn) throws Exception {
        Function<JsonObject, String> replies = request -> switch (request.get("execute").getAsString()) {
            case "guest-info" -> FakeAgent.returning(request, "{\"version\": \"7.2.0\", \"supported_commands\": ["
                    + "{\"name\": \"guest-exec\", \"enabled\": true, \"success-response\": true},"
                    + "{\"name\": \"guest-exec-status\", \"enabled\": true, \"success-response\": true},"
                    + "{\"name\": \"guest-get-memory-blocks\", \"enabled\": true, \"success-response\": true}]}");
            case "guest-exec" -> FakeAgent.returning(request, execReturn);
            case "guest-exec-status" -> FakeAgent.returning(request, statusReturn);
            default -> FakeAgent.failing(request, "CommandNotFound", "not here");
        };
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(replies))) {
            return qga().run(agent.address(), "run", "--", "true");
        }
    }

    @Test
    void aStatusWhoseExitedIsNoBooleanIsAProtocolViolation() throws Exception {
        Qga.Result result = runAgainst("{\"pid\": 5}", "{\"exited\": \"yes\"}");

        assertThat(result.exit()).as(result.toString()).isEqualTo(5);
        assertThat(result.err()).isEqualTo("qga: protocol violation: guest-exec-status returned \"exited\" that is not a boolean\n");
    }

    @Test
    void outputThatIsNoBase64IsAProtocolViolation() throws Exception {
        Qga.Result result = runAgainst("{\"pid\": 5}", "{\"exited\": true, \"exitcode\": 0, \"out-data\": \"not base64!\"}");

        assertThat(result.exit()).as(result.toString()).isEqualTo(5);
        assertThat(result.err()).isEqualTo("qga: protocol violation: guest-exec-status returned \"out-data\" that is not base64\n");
    }

    @Test
    void aStartWithoutAPidIsAProtocolViolation() throws Exception {
        Qga.Result result = runAgainst("{}", "{\"exited\": true}");

        assertThat(result.exit()).as(result.toString()).isEqualTo(5);
        assertThat(result.err()).isEqualTo("qga: protocol violation: guest-exec returned no \"pid\"\n");
    }

    @Test
    void aWellFormedAnswerIsTheProgramsStatus() throws Exception {
        Qga.Result result = runAgainst("{\"pid\": 5}", "{\"exited\": true, \"exitcode\": 9, \"out-data\": \"aGkK\"}");

        assertThat(result.exit()).as(result.toString()).isEqualTo(9);
        assertThat(result.out()).isEqualTo("hi\n");
    }
}
