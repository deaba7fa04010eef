package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import qga.protocol.MonitorEvent;

/** :events on|off [NAME...]: what the shell shows of a monitor's events, and what it says. */
class EventDisplayTest {
    private final EventDisplay display = new EventDisplay(ZoneId.of("UTC"));

    private static MonitorEvent event(String name) {
        return new MonitorEvent(JsonParser.parseString("{\"timestamp\":{\"seconds\":0,\"microseconds\":5},\"event\":\"" + name
                + "\"}").getAsJsonObject());
    }

    @Test
    void everyEventIsShownUntilTurnedOffOrFiltered() {
        assertThat(display.line(event("STOP"))).isEqualTo("[1970-01-01 00:00:00.000005] STOP");
        assertThat(display.command(List.of("off"))).isEqualTo("events off");
        assertThat(display.line(event("STOP"))).isNull();
        assertThat(display.command(List.of("on", "stop", "Resume"))).isEqualTo("events on: RESUME STOP");
        assertThat(display.line(event("STOP"))).isNotNull();
        assertThat(display.line(event("RESUME"))).isNotNull();
        assertThat(display.line(event("SHUTDOWN"))).isNull();
        assertThat(display.command(List.of())).isEqualTo("events on: RESUME STOP (:events on [NAME...] or :events off)");
        assertThat(display.command(List.of("on"))).isEqualTo("events on");
        assertThat(display.line(event("SHUTDOWN"))).isNotNull();
    }
}
