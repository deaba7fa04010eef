package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga;

/** Replies no real agent sends, each reported as a protocol violation that says what is wrong with it. */
@Timeout(60)
class MalformedReplyTest {
    @TempDir
    Path dir;

    /** guest-ping answered with the reply body (the members besides the id) given. */
    private Qga.Result pingAnsweredWith(String body) throws Exception {
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"),
                FakeAgent.replying(r -> "{\"id\": " + r.get("id") + ", " + body + "}"))) {
            Qga.Result result = qga().run(agent.address(), "exec", "--timeout=1", "--no-validate", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(5);
            assertThat(result.out()).isEmpty();
            return result;
        }
    }

    private static String violation(String what, String body) {
        return "qga: protocol violation: the reply to guest-ping " + what + ": {\"id\":\"qga-"
                + "ID\"," + body + "}\n";
    }

    private static String withoutOurId(String err) {
        return err.replaceFirst("\"qga-[^\"]*\"", "\"qga-ID\"");
    }

    @Test
    void aReplyWithBothReturnAndErrorSaysBoth() throws Exception {
        Qga.Result result = pingAnsweredWith("\"return\": {}, \"error\": {\"class\": \"GenericError\", \"desc\": \"x\"}");
        assertThat(withoutOurId(result.err())).isEqualTo(violation("has both \"return\" and \"error\"",
                "\"return\":{},\"error\":{\"class\":\"GenericError\",\"desc\":\"x\"}"));
    }

    @Test
    void anEmptyErrorSaysClassAndDescAreMissing() throws Exception {
        Qga.Result result = pingAnsweredWith("\"error\": {}");
        assertThat(withoutOurId(result.err())).isEqualTo(violation(
                "has an \"error\" without a string \"class\" and \"desc\"", "\"error\":{}"));
    }

    @Test
    void anErrorWithoutDescSaysSo() throws Exception {
        Qga.Result result = pingAnsweredWith("\"error\": {\"class\": \"GenericError\"}");
        assertThat(withoutOurId(result.err())).isEqualTo(violation("has an \"error\" without a string \"desc\"",
                "\"error\":{\"class\":\"GenericError\"}"));
    }

    @Test
    void anErrorThatIsNotAnObjectSaysSo() throws Exception {
        Qga.Result result = pingAnsweredWith("\"error\": \"boom\"");
        assertThat(withoutOurId(result.err())).isEqualTo(violation("has an \"error\" that is not an object",
                "\"error\":\"boom\""));
    }
}
