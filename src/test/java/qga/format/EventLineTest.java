package qga.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import qga.protocol.MonitorEvent;

/** How the shell shows a QEMU monitor event between prompts. */
class EventLineTest {
    private static MonitorEvent event(String json) {
        return new MonitorEvent(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void theTimestampInTheGivenZoneToTheMicrosecondThenTheNameAndData() {
        assertThat(EventLine.text(event("{\"timestamp\":{\"seconds\":1796061493,\"microseconds\":514545},\"event\":\"SHUTDOWN\","
                + "\"data\":{\"guest\":false,\"reason\":\"host-qmp-quit\"}}"), ZoneId.of("UTC")))
                .isEqualTo("[2026-11-30 17:58:13.514545] SHUTDOWN {\"guest\":false,\"reason\":\"host-qmp-quit\"}");
        assertThat(EventLine.text(event("{\"timestamp\":{\"seconds\":1796061492,\"microseconds\":9},\"event\":\"STOP\"}"),
                ZoneId.of("Europe/Berlin"))).isEqualTo("[2026-11-30 18:58:12.000009] STOP");
    }

    @Test
    void anEventWithoutATimestampOrWithControlCharactersStaysOneSafeLine() {
        assertThat(EventLine.text(event("{\"event\":\"X\\u001b[2J\",\"data\":\"a\\nb\"}"), ZoneId.of("UTC")))
                .doesNotContain("\u001b").doesNotContain("\n").startsWith("X");
    }
}
