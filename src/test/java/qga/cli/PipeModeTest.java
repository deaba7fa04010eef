package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.returning;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
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
    void aTimeoutFailsOnlyThatRequestAndTheStreamGoesOn() throws Exception {
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
            assertThat(lines.get(1)).contains("QgaNoAnswer").contains("no reply to guest-stall within 0.5 s");
            assertThat(lines.get(2)).isEqualTo("{\"return\":\"guest-two\"}");
            assertThat(result.exit()).isEqualTo(4);
        }
    }

    @Test
    void repliesBehindATimedOutRequestAreTheirAnswers() throws Exception {
        // the agent answers the two requests behind the silent one at once, with their own ids
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), c -> {
            JsonObject request;
            while ((request = c.nextRequest()) != null) {
                String command = request.get("execute").getAsString();
                if (!command.equals("guest-stall")) {
                    c.write(returning(request, "\"" + command + "\"") + "\n");
                }
            }
        })) {
            Qga.Result result = qga().stdin("guest-stall\nguest-two\nguest-three\nguest-four\n")
                    .run("--timeout", "0.5", "--no-validate", agent.address());
            assertThat(result.out().lines().toList()).as(result.toString()).containsExactly(
                    "{\"error\":{\"class\":\"QgaNoAnswer\",\"desc\":\"no reply to guest-stall within 0.5 s:"
                            + " it may still be running in the guest; try a longer --timeout\"}}",
                    "{\"return\":\"guest-two\"}", "{\"return\":\"guest-three\"}", "{\"return\":\"guest-four\"}");
            assertThat(result.err()).isEqualTo("qga: line 1: no reply to guest-stall within 0.5 s: it may still be running"
                    + " in the guest; try a longer --timeout\n");
            assertThat(result.exit()).isEqualTo(4);
        }
    }

    @Test
    void aThousandRequestsSurviveTenSilentOnes() throws Exception {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            input.append(i % 100 == 50 ? "guest-stall\n" : "{\"execute\":\"guest-echo\",\"id\":" + i + "}\n");
        }
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), c -> {
            JsonObject request;
            while ((request = c.nextRequest()) != null) {
                if (!request.get("execute").getAsString().equals("guest-stall")) {
                    c.write(returning(request, "{}") + "\n");
                }
            }
        })) {
            Qga.Result result = qga().stdin(input.toString()).run("--timeout", "0.3", "--no-validate", agent.address());
            List<String> lines = result.out().lines().toList();
            assertThat(lines).hasSize(1000);
            for (int i = 0; i < 1000; i++) {
                if (i % 100 == 50) {
                    assertThat(lines.get(i)).startsWith("{\"error\":{\"class\":\"QgaNoAnswer\"");
                } else {
                    assertThat(lines.get(i)).isEqualTo("{\"return\":{},\"id\":" + i + "}");
                }
            }
            assertThat(result.err().lines()).hasSize(10);
            assertThat(result.exit()).isEqualTo(4);
        }
    }

    @Test
    void aStalledRealAgentCostsOnlyTheRequestsItLeftUnanswered() throws Exception {
        // the real qemu-ga stopped with SIGSTOP, as a paused or overloaded guest's agent would be
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(feed, 1 << 16);
        try (RealAgent agent = RealAgent.start(dir)) {
            Qga.Running qga = qga().stdin(stdin).start("--timeout", "2", agent.address());
            feed.write("guest-ping\n".getBytes(StandardCharsets.UTF_8));
            feed.flush();
            assertThat(qga.awaitOutLines(1)).isEqualTo("{\"return\":{}}\n");
            signal("STOP", agent.pid());
            try {
                feed.write("guest-get-host-name\n".getBytes(StandardCharsets.UTF_8));
                feed.flush();
                assertThat(qga.awaitOutLines(2).lines().toList().get(1)).contains("QgaNoAnswer")
                        .contains("no reply to guest-get-host-name within 2 s");
                feed.write("guest-ping\n".getBytes(StandardCharsets.UTF_8));
                feed.flush();
                assertThat(qga.awaitOutLines(3).lines().toList().get(2)).contains("QgaNoAnswer")
                        .contains("not sent: no answer from the agent within 2 s");
            } finally {
                signal("CONT", agent.pid());
            }
            feed.write("guest-ping\n".repeat(100).getBytes(StandardCharsets.UTF_8));
            feed.close();
            Qga.Result result = qga.result();
            List<String> lines = result.out().lines().toList();
            assertThat(lines).as(result.toString()).hasSize(103);
            assertThat(lines.subList(3, 103)).allSatisfy(l -> assertThat(l).isEqualTo("{\"return\":{}}"));
            assertThat(result.exit()).isEqualTo(4);
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }

    @Test
    void everyReplyIsOneLineWhateverTheFormat() throws Exception {
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(request ->
                request.get("execute").getAsString().equals("guest-lines")
                        ? returning(request, "\"first\\nsecond\\n\\u001b[31m\"") : returning(request, "{\"a\": [1, 2]}")))) {
            String input = "guest-lines\nguest-object\n";
            Qga.Result returned = qga().stdin(input).run("--return", "--no-validate", agent.address());
            assertThat(returned.out()).isEqualTo("\"first\\nsecond\\n\\u001b[31m\"\n{\"a\":[1,2]}\n");
            Qga.Result returnedToTerminal = qga().stdin(input).toTerminal().run("--return", "--no-validate", agent.address());
            assertThat(returnedToTerminal.out()).isEqualTo(returned.out());
            Qga.Result pretty = qga().stdin(input).toTerminal().run("--pretty", "--color=always", "--no-validate", agent.address());
            assertThat(pretty.out()).isEqualTo("{\"return\":\"first\\nsecond\\n\\u001b[31m\"}\n{\"return\":{\"a\":[1,2]}}\n");
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
