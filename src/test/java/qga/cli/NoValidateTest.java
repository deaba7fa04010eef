package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.WithRealAgent;

/**
 * --no-validate sends a JSON request as written, whatever its members, and the real qemu-ga
 * answers it; qga's id travels in it only to match the reply, and the user's id comes back.
 */
@Timeout(60)
class NoValidateTest extends WithRealAgent {
    private static final String OOB_REFUSED = "{\"class\":\"GenericError\",\"desc\":\"QMP input member 'exec-oob' is unexpected\"}";


    @Test
    void aRequestWithoutExecuteIsSentAndTheAgentsAnswerShown() {
        Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "{\"exec-oob\":\"guest-ping\"}");
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("{\"error\":" + OOB_REFUSED + "}\n");
        assertThat(result.err()).isEqualTo("qga: {\"exec-oob\":\"guest-ping\"}: GenericError: QMP input member 'exec-oob'"
                + " is unexpected\n");
    }

    @Test
    void theUsersIdComesBack() {
        Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "{\"exec-oob\":\"guest-ping\",\"id\":\"mine\"}");
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("{\"id\":\"mine\",\"error\":" + OOB_REFUSED + "}\n");
    }

    @Test
    void withValidationTheSameRequestIsRefusedUnsent() {
        Qga.Result result = qga().run(agent.address(), "exec", "{\"exec-oob\":\"guest-ping\"}");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: unknown member \"exec-oob\" in the request: a request has only"
                + " \"execute\", \"arguments\" and \"id\"\n");
    }

    @Test
    void pipeModeSendsThemAsGivenToo() {
        Qga.Result result = qga().stdin("{\"exec-oob\":\"guest-ping\"}\n{\"execute\":\"guest-ping\",\"id\":7,\"extra\":1}\n"
                + "{\"execute\":\"guest-ping\",\"arguments\":[]}\nguest-ping\n").run("--no-validate", agent.address());
        assertThat(result.out()).isEqualTo("{\"error\":" + OOB_REFUSED + "}\n"
                + "{\"id\":7,\"error\":{\"class\":\"GenericError\",\"desc\":\"QMP input member 'extra' is unexpected\"}}\n"
                + "{\"error\":{\"class\":\"GenericError\",\"desc\":\"QMP input member 'arguments' must be an object\"}}\n"
                + "{\"return\":{}}\n");
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
    }

    @Test
    void aRequestMustStillBeAJsonObject() {
        Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "{\"execute\":");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).startsWith("qga: malformed JSON request at column 12:");
    }
}
