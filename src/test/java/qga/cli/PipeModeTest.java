package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.returning;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga;
import qga.support.RealAgent;

/** Requests piped on stdin: one reply per request, in order, the worst exit code. */
@Timeout(120)
class PipeModeTest {
    @TempDir
    Path dir;

    @Test
    void aThousandMixedRequestsGetAThousandRepliesInOrder() throws Exception {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            switch (i % 5) {
                case 0 -> input.append("{\"execute\": \"guest-ping\", \"id\": ").append(i).append("}\n");
                case 1 -> input.append("guest-file-close handle=999999\n");
                case 2 -> input.append("{\"execute\": guest-ping}\n");
                case 3 -> input.append("{\"execute\":\"guest-get-timezone\",\"id\":\"t").append(i)
                        .append("\"} {\"execute\":\"guest-info\",\"id\":").append(i).append("}\n");
                default -> input.append("guest-ping\n");
            }
        }
        try (RealAgent agent = RealAgent.start(dir)) {
            Qga.Result result = qga().stdin(input.toString()).run(agent.address());
            List<String> lines = result.out().lines().toList();
            assertThat(lines).hasSize(1200);
            int line = 0;
            for (int i = 0; i < 1000; i++) {
                JsonObject reply = JsonParser.parseString(lines.get(line++)).getAsJsonObject();
                switch (i % 5) {
                    case 0 -> assertThat(reply.get("id").getAsInt()).isEqualTo(i);
                    case 1 -> assertThat(reply.getAsJsonObject("error").get("desc").getAsString())
                            .isEqualTo("handle '999999' has not been found");
                    case 2 -> assertThat(reply.getAsJsonObject("error").get("class").getAsString())
                            .isEqualTo("QgaInvalidRequest");
                    case 3 -> {
                        assertThat(reply.get("id").getAsString()).isEqualTo("t" + i);
                        assertThat(reply.getAsJsonObject("return").has("offset")).isTrue();
                        JsonObject info = JsonParser.parseString(lines.get(line++)).getAsJsonObject();
                        assertThat(info.get("id").getAsInt()).isEqualTo(i);
                        assertThat(info.getAsJsonObject("return").has("supported_commands")).isTrue();
                    }
                    default -> assertThat(reply.toString()).isEqualTo("{\"return\":{}}");
                }
            }
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.err().lines()).hasSize(400);
            assertThat(result.err()).contains("qga: request at line 3: malformed JSON at column 13 of the request:"
                    + " unexpected 'g', expected a value; not sent");
        }
    }

    @Test
    void agentErrorsAloneGiveExit1() throws Exception {
        try (RealAgent agent = RealAgent.start(dir)) {
            Qga.Result result = qga().stdin("guest-ping\nguest-file-close handle=1\n\n# a comment\nguest-ping\n")
                    .run(agent.address());
            assertThat(result.out().lines()).hasSize(3);
            assertThat(result.exit()).isEqualTo(1);
        }
    }

    @Test
    void requestsSpanningLinesAndSeveralPerLine() throws Exception {
        try (RealAgent agent = RealAgent.start(dir)) {
            Qga.Result result = qga().stdin("{\n  \"execute\": \"guest-ping\",\n  \"id\": 1\n}{\"execute\":\"guest-ping\",\"id\":2}"
                    + "\n  {\"execute\":\"guest-ping\",\"id\":3}").run(agent.address());
            assertThat(result.out()).isEqualTo("{\"return\":{},\"id\":1}\n{\"return\":{},\"id\":2}\n{\"return\":{},\"id\":3}\n");
            assertThat(result.exit()).isZero();
        }
    }

    @Test
    void anUnterminatedRequestAtTheEndGetsItsErrorLine() throws Exception {
        try (RealAgent agent = RealAgent.start(dir)) {
            Qga.Result result = qga().stdin("guest-ping\n{\"execute\": \"guest-ping\"\n").run(agent.address());
            assertThat(result.out().lines()).hasSize(2);
            assertThat(result.out().lines().toList().get(1)).contains("QgaInvalidRequest").contains("unterminated JSON object");
            assertThat(result.exit()).isEqualTo(2);
        }
    }

    @Test
    void aTimeoutFailsThatRequestAndTheOnesInFlightThenGoesOn() throws Exception {
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), c -> {
            JsonObject request;
            while ((request = c.nextRequest()) != null) {
                String command = request.get("execute").getAsString();
                if (!command.equals("guest-stall")) {
                    c.write(returning(request, "\"" + command + "\"") + "\n");
                }
            }
        })) {
            Qga.Result result = qga().stdin("guest-one\nguest-stall\nguest-two\n").run("--timeout", "0.5", "--no-validate", agent.address());
            List<String> lines = result.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo("{\"return\":\"guest-one\"}");
            assertThat(lines.get(1)).contains("QgaNoAnswer").contains("no reply to guest-stall within");
            assertThat(lines.get(2)).satisfiesAnyOf(
                    l -> assertThat(l).isEqualTo("{\"return\":\"guest-two\"}"),
                    l -> assertThat(l).contains("not awaited: the request at line 2 failed first"));
            assertThat(result.exit()).isEqualTo(4);
        }
    }

    @Test
    void aLostChannelAnswersTheRestAtOnce() throws Exception {
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), c -> {
            JsonObject request = c.nextRequest();
            c.write(returning(request, "{}") + "\n");
            c.nextRequest();
            c.close();
        })) {
            Qga.Result result = qga().stdin("guest-ping\nguest-ping\nguest-ping\nguest-ping\n")
                    .run("--no-validate", agent.address());
            List<String> lines = result.out().lines().toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).isEqualTo("{\"return\":{}}");
            assertThat(lines.subList(1, 4)).allSatisfy(l -> assertThat(l).contains("QgaCannotConnect"));
            assertThat(result.exit()).isEqualTo(3);
        }
    }
}
