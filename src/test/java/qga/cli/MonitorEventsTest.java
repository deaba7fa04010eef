package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.RealAgent;
import qga.support.WithRealQemu;

/** qga events and qga hmp on a real QEMU monitor, the VM stopped and resumed through its second monitor. */
@Timeout(120)
class MonitorEventsTest extends WithRealQemu {
    @Test
    void stopAndContStreamStopAndResumeAsJsonLines() throws Exception {
        Qga.Running events = qga().start("-v", qemu.address(), "events", "--count", "2", "stop", "resume");
        events.awaitErr("commands\n");
        assertThat(qemu.command("{\"execute\":\"stop\"}")).isEqualTo("{\"return\": {}}\r");
        assertThat(qemu.command("{\"execute\":\"query-status\"}")).contains("\"status\": \"paused\"");
        assertThat(qemu.command("{\"execute\":\"cont\"}")).isEqualTo("{\"return\": {}}\r");
        Qga.Result result = events.result();
        assertThat(result.exit()).as(result.toString()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.stream().map(line -> JsonParser.parseString(line).getAsJsonObject().get("event").getAsString()))
                .containsExactly("STOP", "RESUME");
        JsonObject stamp = JsonParser.parseString(lines.get(0)).getAsJsonObject().getAsJsonObject("timestamp");
        assertThat(stamp.keySet()).containsExactly("seconds", "microseconds");
    }

    @Test
    void aTimeLimitEndsTheStreamWithExitZero() {
        Qga.Result result = qga().run(qemu.address(), "events", "--timeout", "0.3", "SHUTDOWN");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEmpty();
    }

    @Test
    void qemuQuittingEndsTheStreamAfterItsShutdownEvent() throws Exception {
        Qga.Running events = qga().start("-v", qemu.address(), "events");
        events.awaitErr("commands\n");
        qemu.command("{\"execute\":\"quit\"}");
        Qga.Result result = events.result();
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).startsWith("{\"timestamp\":").contains("\"event\":\"SHUTDOWN\"").hasLineCount(1);
        assertThat(result.err()).endsWith("qga: the monitor closed the channel (QEMU quit?)\n");
    }

    @Test
    void unknownEventNamesAndCountsAreRefused() {
        Qga.Result name = qga().run(qemu.address(), "events", "STPO");
        assertThat(name.exit()).as(name.toString()).isEqualTo(2);
        assertThat(name.err()).isEqualTo("qga: no event STPO on this QEMU monitor (7.2.22): did you mean STOP?"
                + " (--no-validate waits for it anyway)\n");
        Qga.Result count = qga().run(qemu.address(), "events", "--count", "0");
        assertThat(count.exit()).as(count.toString()).isEqualTo(2);
        assertThat(count.err()).isEqualTo("qga: --count 0 is not a number of events: give 1 or more\n");
    }

    @Test
    void hmpPrintsTheMonitorsTextAsText() {
        Qga.Result result = qga().run(qemu.address(), "hmp", "info", "status");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("VM status: running\n");
    }

    @Test
    void aGuestAgentHasNeitherEventsNorAHumanMonitor() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Qga.Result events = qga().run(agent.address(), "events");
            assertThat(events.exit()).as(events.toString()).isEqualTo(2);
            assertThat(events.err()).isEqualTo("qga: " + agent.address() + " is a guest agent, which sends no events:"
                    + " give a QEMU monitor's address (qmp:PATH)\n");
            Qga.Result forced = qga().run("--timeout", "0.5", "qmp:" + agent.socket(), "exec", "query-status");
            assertThat(forced.exit()).as(forced.toString()).isEqualTo(4);
            assertThat(forced.err()).isEqualTo("qga: no QMP greeting within 0.5 s: this is not a QEMU monitor, or another"
                    + " client holds it (a monitor serves one client at a time); for a guest agent leave out qmp:/--qmp\n");
            Qga.Result hmp = qga().run(agent.address(), "hmp", "info", "status");
            assertThat(hmp.exit()).as(hmp.toString()).isEqualTo(2);
            assertThat(hmp.err()).isEqualTo("qga: " + agent.address() + " is a guest agent: the human monitor needs a QEMU"
                    + " monitor's address (qmp:PATH)\n");
        }
    }
}
