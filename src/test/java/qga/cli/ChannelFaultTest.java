package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.failing;
import static qga.support.FakeAgent.returning;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga;

/**
 * Faults a real agent cannot be made to show, each on a real Unix socket through the real command
 * line. These fakes do not answer guest-info like an agent, so the runs skip validation.
 */
@Timeout(60)
class ChannelFaultTest {
    @TempDir
    Path dir;

    private FakeAgent agent(FakeAgent.Script script) throws Exception {
        return FakeAgent.start(dir.resolve("fake.sock"), script);
    }

    private static Qga.Result exec(FakeAgent agent, String... rest) {
        String[] args = new String[rest.length + 4];
        args[0] = agent.address();
        args[1] = "exec";
        args[2] = "--timeout=1";
        args[3] = "--no-validate";
        System.arraycopy(rest, 0, args, 4, rest.length);
        return qga().run(args);
    }

    @Test
    void staleRepliesAndGarbageBeforeTheDelimiterAreNeverShown() throws Exception {
        try (FakeAgent agent = agent(c -> {
            // what earlier clients left behind: a tail cut mid-base64, a whole stale reply, another client's sync
            c.write("QUFBQUFB\", \"count\": 6, \"eof\": true}}\n{\"return\": 99}\n");
            c.write(new byte[] {(byte) 0xFF});
            c.write("{\"return\": 1234}\n{\"return\": {\"stale\": true}}\n");
            FakeAgent.replying(r -> returning(r, "{\"host-name\": \"ours\"}")).serve(c);
        })) {
            Qga.Result result = exec(agent, "guest-get-host-name");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("{\"return\":{\"host-name\":\"ours\"}}\n");
        }
    }

    @Test
    void aSilentAgentGivesExit4WithinTheTimeout() throws Exception {
        try (FakeAgent agent = agent(c -> {
            while (c.readRequest() != null) {
                // swallow everything, answer nothing
            }
        })) {
            Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "--timeout", "0.5", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(4);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).contains("no answer from the agent within 0.5 s")
                    .contains("no agent may be running in the guest").contains("another client");
        }
    }

    @Test
    void theTimeoutIsReportedAsGiven() throws Exception {
        try (FakeAgent agent = agent(c -> {
            while (c.readRequest() != null) {
                // swallow everything, answer nothing
            }
        })) {
            Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "--timeout", "0.001", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(4);
            assertThat(result.err()).isEqualTo("qga: no answer from the agent within 0.001 s: no agent may be running in the"
                    + " guest, or another client (libvirtd?) holds the channel; a booting guest may need a longer --timeout\n");
        }
    }

    @Test
    void aReplyCutByTheChannelClosingIsAProtocolViolation() throws Exception {
        try (FakeAgent agent = agent(c -> {
            c.nextRequest();
            c.write("{\"return\": {\"buf-b64\": \"AAAA");
            c.close();
        })) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(5);
            assertThat(result.err()).contains("reply cut short: the channel closed after 28 bytes of a reply");
        }
    }

    @Test
    void theChannelClosingBeforeAnyReplyIsALostChannel() throws Exception {
        try (FakeAgent agent = agent(c -> {
            c.nextRequest();
            c.close();
        })) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(3);
            assertThat(result.err()).contains("the agent closed the channel before replying to guest-ping");
        }
    }

    @Test
    void anOversizeReplyIsRefusedWithoutExhaustingMemory() throws Exception {
        try (FakeAgent agent = agent(FakeAgent.replying(r -> returning(r, "\"" + "A".repeat(200_000) + "\"")))) {
            Qga.Result result = exec(agent, "--max-reply", "64K", "guest-file-read", "handle=1000");
            assertThat(result.exit()).as(result.toString()).isEqualTo(5);
            assertThat(result.err()).contains("larger than the reply cap of 65536 bytes").contains("--max-reply");
        }
    }

    @Test
    void hundredThousandLevelsOfNestingAreRefused() throws Exception {
        try (FakeAgent agent = agent(FakeAgent.replying(
                r -> returning(r, "[".repeat(100_000) + "]".repeat(100_000))))) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(5);
            assertThat(result.err()).contains("nested deeper than 256 levels");
        }
    }

    @Test
    void invalidUtf8IsShownAsReplacementCharacters() throws Exception {
        try (FakeAgent agent = agent(c -> {
            JsonObject request = c.nextRequest();
            byte[] head = ("{\"return\": {\"host-name\": \"a").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("b\"}, \"id\": " + request.get("id") + "}\n").getBytes(StandardCharsets.UTF_8);
            c.write(head);
            c.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0x80});
            c.write(tail);
            c.nextRequest();
        })) {
            Qga.Result result = exec(agent, "guest-get-host-name");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("{\"return\":{\"host-name\":\"a\uFFFD(\uFFFDb\"}}\n");
        }
    }

    @Test
    void aFloodOfForeignRepliesEndsAtTheTimeout() throws Exception {
        try (FakeAgent agent = agent(c -> {
            c.nextRequest();
            byte[] line = "{\"return\": {}, \"id\": \"someone-else\"}\n".getBytes(StandardCharsets.UTF_8);
            byte[] chunk = new byte[line.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(line, 0, chunk, i * line.length, line.length);
            }
            while (true) {
                c.write(chunk);
            }
        })) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(4);
            assertThat(result.err()).contains("no reply to guest-ping within 1 s");
        }
    }

    @Test
    void aFloodOfGarbageIsAProtocolViolation() throws Exception {
        try (FakeAgent agent = agent(c -> {
            c.nextRequest();
            byte[] junk = new byte[1 << 16];
            java.util.Arrays.fill(junk, (byte) 'x');
            while (true) {
                c.write(junk);
            }
        })) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(5);
            assertThat(result.err()).contains("unexpected data \"xxxx");
        }
    }

    @Test
    void repliesWithOtherIdsAreDroppedAndOursIsShown() throws Exception {
        try (FakeAgent agent = agent(c -> {
            JsonObject request = c.nextRequest();
            c.write("{\"return\": {\"wrong\": 1}, \"id\": \"qga-00000000-1\"}\n");
            c.write("{\"return\": {\"wrong\": 2}}\n");
            c.write("{\"return\": {\"wrong\": 3}, \"id\": 17}\n");
            c.write(returning(request, "{\"right\": true}") + "\n");
            c.nextRequest();
        })) {
            Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "-v", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("{\"return\":{\"right\":true}}\n");
            assertThat(result.err()).contains("dropped a reply that is not ours");
        }
    }

    @Test
    void theUsersOwnIdComesBackAndOursNever() throws Exception {
        try (FakeAgent agent = agent(FakeAgent.replying(r -> returning(r, "{}")))) {
            Qga.Result withId = exec(agent, "{\"execute\":\"guest-ping\",\"id\":{\"mine\":[1]}}");
            assertThat(withId.out()).isEqualTo("{\"return\":{},\"id\":{\"mine\":[1]}}\n");
            Qga.Result withoutId = exec(agent, "guest-ping");
            assertThat(withoutId.out()).isEqualTo("{\"return\":{}}\n");
            assertThat(agent.receivedText()).contains("\"id\":\"qga-").doesNotContain("\"id\":{\"mine\"");
        }
    }

    @Test
    void aReplyWithNeitherReturnNorErrorIsAViolation() throws Exception {
        try (FakeAgent agent = agent(FakeAgent.replying(r -> "{\"something\": 1, \"id\": " + r.get("id") + "}"))) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(5);
            assertThat(result.err()).contains("has neither \"return\" nor \"error\"");
        }
    }

    @Test
    void fallsBackToGuestSyncWhenSyncDelimitedIsBlocked() throws Exception {
        try (FakeAgent agent = agent(c -> {
            JsonObject request;
            while ((request = c.readRequest()) != null) {
                String command = request.get("execute").getAsString();
                if (command.equals("guest-sync-delimited")) {
                    c.write(failing(request, "CommandNotFound", "Command guest-sync-delimited has been disabled") + "\n");
                } else if (command.equals("guest-sync")) {
                    c.write("{\"return\": 5}\n");
                    c.answerSync(request);
                } else {
                    c.write(returning(request, "{\"fine\": 1}") + "\n");
                }
            }
        })) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("{\"return\":{\"fine\":1}}\n");
        }
    }

    @Test
    void shutdownAcceptedInSilence() throws Exception {
        CountDownLatch got = new CountDownLatch(1);
        try (FakeAgent agent = agent(c -> {
            c.nextRequest();
            got.countDown();
            c.nextRequest();
        })) {
            Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "--timeout", "0.5", "guest-shutdown");
            assertThat(got.await(1, TimeUnit.SECONDS)).isTrue();
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).contains("accepted: the agent sends no reply to guest-shutdown on success;"
                    + " no error within 0.5 s");
        }
    }

    @Test
    void silenceAfterAnAcceptedSuspendSaysTheGuestIsAsleep() throws Exception {
        try (FakeAgent agent = agent(c -> {
            c.nextRequest();
            while (c.readRequest() != null) {
                // asleep: nothing answers any more
            }
        })) {
            Qga.Result result = qga().stdin("guest-suspend-ram\nguest-ping\n")
                    .run("--no-validate", "--timeout", "0.5", agent.address());
            assertThat(result.err()).contains("accepted: the agent sends no reply to guest-suspend-ram on success");
            assertThat(result.out()).contains("QgaNoAnswer").contains("the guest is probably asleep: the agent accepted"
                    + " guest-suspend-ram earlier; wake it");
            assertThat(result.exit()).isEqualTo(4);
        }
    }

    @Test
    void shutdownAcceptedWhenTheChannelCloses() throws Exception {
        try (FakeAgent agent = agent(c -> {
            JsonObject request = c.nextRequest();
            assertThat(request.get("execute").getAsString()).isEqualTo("guest-shutdown");
            assertThat(request.getAsJsonObject("arguments").get("mode").getAsString()).isEqualTo("halt");
            c.close();
        })) {
            Qga.Result result = exec(agent, "guest-shutdown", "mode=halt");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.err()).contains("accepted").contains("channel closed after");
        }
    }

    @Test
    void shutdownRefusedIsAnAgentError() throws Exception {
        try (FakeAgent agent = agent(FakeAgent.replying(
                r -> failing(r, "CommandNotFound", "Command guest-shutdown has been disabled")))) {
            Qga.Result result = exec(agent, "guest-shutdown");
            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(result.out()).contains("\"class\":\"CommandNotFound\"");
            assertThat(result.err()).contains("guest-shutdown: CommandNotFound: Command guest-shutdown has been disabled");
        }
    }

    @Test
    void malformedInputIsNeverSent() throws Exception {
        try (FakeAgent agent = agent(FakeAgent.replying(r -> returning(r, "{}")))) {
            for (String[] args : new String[][] {
                {"{\"execute\": \"guest-ping\""},
                {"guest-exec", "arg=[\"-l\""},
                {"guest-ping", "novalue"},
                {"guest ping"},
            }) {
                Qga.Result result = exec(agent, args);
                assertThat(result.exit()).as(result.toString()).isEqualTo(2);
                assertThat(result.err()).hasLineCount(1);
            }
            assertThat(agent.connections()).isZero();
            assertThat(agent.received()).isEmpty();
        }
    }

    @Test
    void agentErrorDescriptionsCannotDriveTheTerminal() throws Exception {
        try (FakeAgent agent = agent(FakeAgent.replying(r -> failing(r, "GenericError", "bad\\u001b]0;owned\\u0007")))) {
            Qga.Result result = exec(agent, "guest-ping");
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err()).contains("bad\\x1b]0;owned\\x07").doesNotContain("\u001b");
            assertThat(result.out()).contains("bad\\u001b]0;owned\\u0007").doesNotContain("\u001b");
        }
    }
}
