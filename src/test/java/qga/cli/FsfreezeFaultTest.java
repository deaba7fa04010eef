package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.failing;
import static qga.support.FakeAgent.returning;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga;

/**
 * The freeze's failures that a real agent cannot be made to show on this host (where freezing is
 * blocked): a freeze whose reply never comes, a thaw that fails, a freeze that takes nothing. Each
 * fake refuses guest-info, so the gate lets every catalog command through, and records the
 * commands it was sent.
 */
@Timeout(60)
class FsfreezeFaultTest {
    @TempDir
    Path dir;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    /** A fake that answers status thawed and replies to the rest with answer (null: never). */
    private FakeAgent agent(Function<JsonObject, String> answer) throws Exception {
        return FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(request -> {
            String command = request.get("execute").getAsString();
            switch (command) {
                case "guest-info":
                    // the gate asks again before each command when the agent will not say
                    return failing(request, "CommandNotFound", "Command guest-info has been disabled");
                case "guest-fsfreeze-status":
                    commands.add(command);
                    return returning(request, "\"thawed\"");
                default:
                    commands.add(command);
                    return answer.apply(request);
            }
        }));
    }

    @Test
    void aFreezeWhoseReplyNeverComesIsThawedAll() throws Exception {
        try (FakeAgent agent = agent(r -> r.get("execute").getAsString().equals("guest-fsfreeze-thaw") ? returning(r, "1") : null)) {
            Qga.Result result = qga().run(agent.address(), "--timeout", "0.5", "fsfreeze", "freeze", "--thaw-after", "30");

            assertThat(result.exit()).as(result.toString()).isEqualTo(4);
            assertThat(result.err()).isEqualTo("qga: no reply to guest-fsfreeze-freeze within 0.5 s: it may still be running in"
                    + " the guest; try a longer --timeout; the thaw sent after it released 1 file system\n");
            assertThat(commands).containsExactly("guest-fsfreeze-status", "guest-fsfreeze-freeze", "guest-fsfreeze-thaw");
        }
    }

    @Test
    void aThawThatFailsSaysTheGuestMayStillBeFrozen() throws Exception {
        try (FakeAgent agent = agent(r -> r.get("execute").getAsString().equals("guest-fsfreeze-freeze") ? returning(r, "1")
                : failing(r, "GenericError", "failed to thaw /data: Device or resource busy"))) {
            Qga.Result result = qga().run(agent.address(), "fsfreeze", "freeze", "--thaw-after", "0.1");

            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("qga: froze 1 file system; thawing after 0.1 s, or at once on Ctrl-C\n"
                    + "qga: the thaw failed (guest-fsfreeze-thaw: GenericError: failed to thaw /data: Device or resource busy):"
                    + " the guest's file systems may still be frozen: thaw them with guest-fsfreeze-thaw (qga ADDRESS fsfreeze"
                    + " thaw)\n");
        }
    }

    @Test
    void aFreezeThatTakesNothingRunsNothing() throws Exception {
        try (FakeAgent agent = agent(r -> returning(r, "0"))) {
            Qga.Result result = qga().run(agent.address(), "fsfreeze", "freeze", "/nowhere/", "--", "touch",
                    dir.resolve("ran").toString());

            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("qga: the agent froze no file system: /nowhere is not a mounted file system it can"
                    + " freeze (mount points as guest-get-fsinfo lists them)\n");
            assertThat(dir.resolve("ran")).doesNotExist();
        }
    }

    @Test
    void aRefusedFreezeIsNotThawedWhenTheAgentSaysThawed() throws Exception {
        try (FakeAgent agent = agent(r -> failing(r, "GenericError", "failed to freeze /data: Operation not supported"))) {
            Qga.Result result = qga().run(agent.address(), "fsfreeze", "freeze");

            assertThat(result.exit()).as(result.toString()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("qga: guest-fsfreeze-freeze: GenericError: failed to freeze /data: Operation not"
                    + " supported\n");
            assertThat(commands).as("no thaw").containsExactly("guest-fsfreeze-status", "guest-fsfreeze-freeze",
                    "guest-fsfreeze-status");
        }
    }
}
