package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.WithRealAgent;

/**
 * A command built only for another OS, on the real (Linux) qemu-ga 7.2, which lists
 * guest-get-devices as disabled just like a command blocked with -b: qga says which it is.
 */
@Timeout(60)
class PlatformCommandsTest extends WithRealAgent {

    @Test
    void aWindowsCommandIsRefusedAsNotForThisGuestsOs() {
        Qga.Result result = qga().run(agent.address(), "exec", "guest-get-devices");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("qga: guest-get-devices is not available on this guest's OS: it is for"
                + " Windows only, and this guest runs Linux\n");
    }

    @Test
    void aBlockedCommandIsStillReportedAsBlocked() {
        Qga.Result result = qga().run(agent.address(), "exec", "guest-set-time");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: guest-set-time is disabled on this agent (blocked with qemu-ga -b or its"
                + " config)\n");
    }

    @Test
    void theCommandsTableSaysOtherOs() {
        Qga.Result json = qga().run(agent.address(), "commands", "--json");
        assertThat(json.exit()).as(json.toString()).isZero();
        Map<String, String> status = new HashMap<>();
        for (JsonElement row : JsonParser.parseString(json.out()).getAsJsonArray()) {
            status.put(row.getAsJsonObject().get("name").getAsString(), row.getAsJsonObject().get("agent").getAsString());
        }
        assertThat(status).containsEntry("guest-get-devices", "other-os").containsEntry("guest-set-time", "disabled")
                .containsEntry("guest-get-memory-blocks", "available").containsEntry("guest-get-load", "absent");
        Qga.Result text = qga().run(agent.address(), "commands");
        assertThat(text.out().lines().filter(l -> l.startsWith("guest-get-devices ")))
                .singleElement().satisfies(l -> assertThat(l.split(" +")[1]).isEqualTo("other-os"));
    }
}
