package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qga.support.Golden;
import qga.support.Qga;

class CommandsAndHelpTest {
    @Test
    void commandsOfflineMatchesGolden() throws Exception {
        Qga.Result result = qga().run("commands");
        assertThat(result.exit()).isZero();
        Golden.assertMatches(Golden.ROOT.resolve("commands.txt"), result.out());
    }

    @Test
    void helpForGuestExecMatchesGolden() throws Exception {
        Qga.Result result = qga().run("help", "guest-exec");
        assertThat(result.exit()).isZero();
        Golden.assertMatches(Golden.ROOT.resolve("help-guest-exec.txt"), result.out());
    }

    @Test
    void helpForEveryCommandWorksOffline() {
        for (var info : qga.schema.Catalog.builtIn().all()) {
            Qga.Result result = qga().run("help", info.name());
            assertThat(result.exit()).isZero();
            assertThat(result.out()).startsWith(info.name() + " - ").contains("Usage: " + info.name())
                    .contains("qga ADDRESS exec " + info.example());
        }
    }

    @Test
    void helpForAnUnknownCommandSuggestsOne() {
        Qga.Result result = qga().run("help", "guest-exce");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: no help for guest-exce: did you mean guest-exec?"
                + " (qga commands lists the agent commands)\n");
        assertThat(qga().run("help", "exec").out()).startsWith("Send one agent command").contains("Usage: qga exec");
    }

    @Test
    void commandsAgainstTheRealAgentShowWhatItHas() {
        Qga.Result result = qga().run("local:", "commands", "--json");
        assertThat(result.exit()).as(result.toString()).isZero();
        Map<String, String> status = new HashMap<>();
        JsonArray rows = JsonParser.parseString(result.out()).getAsJsonArray();
        for (JsonElement row : rows) {
            status.put(row.getAsJsonObject().get("name").getAsString(), row.getAsJsonObject().get("agent").getAsString());
        }
        assertThat(status).containsEntry("guest-ping", "available").containsEntry("guest-set-time", "disabled")
                .containsEntry("guest-get-load", "absent").hasSize(44);
    }
}
