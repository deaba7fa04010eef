package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga.Result;

/**
 * What the real agent cannot be made to show here: a permission it refuses (the tests run as
 * root, who may open anything), and one read that never gets an answer while the agent still
 * answers the close after it. The fake answers with the real agent's texts.
 */
@Timeout(60)
class CopyFaultTest {
    @TempDir
    Path dir;

    /** A fake that answers file commands with answer(request), guest-info with an error (nothing to check against). */
    private FakeAgent fake(List<JsonObject> requests, java.util.function.Function<JsonObject, String> answer) throws Exception {
        return FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(request -> {
            requests.add(request);
            String command = request.get("execute").getAsString();
            if (command.equals("guest-info")) {
                return FakeAgent.failing(request, "GenericError", "not today");
            }
            if (command.equals("guest-get-osinfo")) {
                return FakeAgent.returning(request, "{\"id\": \"debian\"}");
            }
            return answer.apply(request);
        }));
    }

    @Test
    void permissionDeniedInTheGuestIsOneLineBothWays() throws Exception {
        List<JsonObject> requests = new CopyOnWriteArrayList<>();
        try (FakeAgent agent = fake(requests, request -> FakeAgent.failing(request, "GenericError", "failed to open file '"
                + request.getAsJsonObject("arguments").get("path").getAsString() + "' (mode: 'r'): Permission denied"))) {
            Result down = qga().run(agent.address(), "cp", "guest:/root/secret", dir.resolve("secret").toString());
            assertThat(down.exit()).as(down.toString()).isEqualTo(1);
            assertThat(down.err()).isEqualTo("qga: permission denied in the guest: guest:/root/secret\n");
            assertThat(dir.resolve("secret")).doesNotExist();

            Path local = Files.writeString(dir.resolve("local"), "data");
            Result up = qga().run(agent.address(), "cp", local.toString(), "guest:/root/file");
            assertThat(up.exit()).as(up.toString()).isEqualTo(1);
            assertThat(up.err()).isEqualTo("qga: permission denied in the guest: guest:/root/file\n");
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("local");
        }
    }

    @Test
    void aReadThatTimesOutStillClosesTheHandle() throws Exception {
        List<JsonObject> requests = new CopyOnWriteArrayList<>();
        try (FakeAgent agent = fake(requests, request -> switch (request.get("execute").getAsString()) {
            case "guest-file-open" -> FakeAgent.returning(request, "1000");
            case "guest-file-seek" -> FakeAgent.returning(request, "{\"position\": 0, \"eof\": false}");
            case "guest-file-close" -> FakeAgent.returning(request, "{}");
            default -> null;
        })) {
            Result down = qga().run(agent.address(), "--timeout", "0.5", "cp", "guest:/var/log/big", dir.resolve("big").toString());
            assertThat(down.exit()).as(down.toString()).isEqualTo(4);
            assertThat(down.err()).isEqualTo("qga: no reply to guest-file-read within 0.5 s: it may still be running in the"
                    + " guest; try a longer --timeout\n");
            JsonObject last = requests.get(requests.size() - 1);
            assertThat(last.get("execute").getAsString()).isEqualTo("guest-file-close");
            assertThat(last.getAsJsonObject("arguments").get("handle").getAsLong()).isEqualTo(1000);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
