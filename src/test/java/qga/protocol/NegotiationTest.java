package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import qga.base.ExitCode;
import qga.base.Phase;
import qga.base.QgaException;

/** Telling a QEMU monitor from an agent, and negotiating with it, against a scripted conversation. */
class NegotiationTest {
    private static final String GREETING = "{\"QMP\":{\"version\":{\"qemu\":{\"micro\":22,\"minor\":2,\"major\":7},"
            + "\"package\":\"Debian 1:7.2+dfsg-7+deb12u18+b3\"},\"capabilities\":[\"oob\"]}}";

    private final List<String> log = new ArrayList<>();
    private final ReplyRouter router = new ReplyRouter(log::add);

    /** The events before any request (a greeting), then each request's answer; then silence. */
    private static final class Script implements Handshake.Conversation {
        final List<String> written = new ArrayList<>();
        final ArrayDeque<Event> pending = new ArrayDeque<>();
        final Function<JsonObject, List<Event>> peer;

        Script(List<Event> onConnect, Function<JsonObject, List<Event>> peer) {
            pending.addAll(onConnect);
            this.peer = peer;
        }

        @Override
        public void write(byte[] prefix, JsonObject request, long deadlineNanos, String command) {
            written.add((prefix.length == 1 ? "<FF>" : "") + request);
            pending.addAll(peer.apply(request));
        }

        @Override
        public Event next(long deadlineNanos) {
            return pending.poll();
        }

        @Override
        public QgaException lost(Event.Closed closed, Phase phase, String when) {
            return QgaException.channelLost(phase, "lost " + when, null);
        }
    }

    private static Event.Received received(String json) {
        return new Event.Received(JsonParser.parseString(json).getAsJsonObject(), json.length());
    }

    /** A monitor: refuses everything but qmp_capabilities, which it answers with the request's id. */
    private static List<Event> monitor(JsonObject request) {
        String id = request.get("id").toString();
        if (request.get("execute").getAsString().equals("qmp_capabilities")) {
            return List.of(received("{\"return\":{},\"id\":" + id + "}"));
        }
        return List.of(received("{\"error\":{\"class\":\"GenericError\",\"desc\":\"JSON parse error, stray '\\u00ff'\"}}"),
                received("{\"id\":" + id + ",\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"Expecting capabilities"
                        + " negotiation with 'qmp_capabilities'\"}}"));
    }

    @Test
    void aGreetingEndsTheAgentSyncAndNegotiationFollowsWithOob() throws QgaException {
        Script script = new Script(List.of(received(GREETING)), NegotiationTest::monitor);
        Handshake handshake = new Handshake(script, router, log::add);

        assertThat(handshake.run(Duration.ofSeconds(5))).isZero();
        JsonObject greeting = new Negotiation(script, router, log::add).run(handshake.greeting(), Duration.ofSeconds(5));

        assertThat(greeting.toString()).isEqualTo(GREETING);
        assertThat(script.written).hasSize(2);
        assertThat(script.written.get(0)).startsWith("<FF>{\"execute\":\"guest-sync-delimited\"");
        assertThat(script.written.get(1)).isEqualTo("{\"execute\":\"qmp_capabilities\",\"arguments\":{\"enable\":[\"oob\"]},"
                + "\"id\":\"" + router.negotiationId() + "\"}");
        assertThat(log).last().isEqualTo("QMP capabilities negotiated with QEMU 7.2.22 (oob enabled)");
    }

    @Test
    void aMonitorWithoutOobIsAskedForNothing() throws QgaException {
        String plain = GREETING.replace("[\"oob\"]", "[]");
        Script script = new Script(List.of(received(plain)), NegotiationTest::monitor);

        new Negotiation(script, router, log::add).run(null, Duration.ofSeconds(5));

        assertThat(script.written).containsExactly("{\"execute\":\"qmp_capabilities\",\"id\":\"" + router.negotiationId() + "\"}");
    }

    @Test
    void aRefusedNegotiationIsAProtocolViolation() {
        Script script = new Script(List.of(received(GREETING)), request -> List.of(received("{\"id\":\""
                + router.negotiationId() + "\",\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"Capabilities negotiation is"
                + " already complete, command ignored\"}}")));

        assertThatThrownBy(() -> new Negotiation(script, router, log::add).run(null, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(QgaException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.PROTOCOL))
                .hasMessage("the QEMU monitor refused qmp_capabilities (CommandNotFound: Capabilities negotiation is already"
                        + " complete, command ignored): is another client using it?");
    }

    @Test
    void aPeerThatNeverGreetsIsNoAnswerInTheSyncPhase() {
        Script script = new Script(List.of(received("{\"return\":{}}")), request -> List.of());

        assertThatThrownBy(() -> new Negotiation(script, router, log::add).run(null, Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(QgaException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.NO_ANSWER);
                    assertThat(e.phase()).isEqualTo(Phase.SYNC);
                }).hasMessageStartingWith("no QMP greeting within 2 s: ");
        assertThat(log).containsExactly("skipped before the QMP greeting: {\"return\":{}}");
    }

    @Test
    void anEventIsTakenForAnEventAndAReplyIsNot() {
        assertThat(MonitorEvent.is(JsonParser.parseString("{\"timestamp\":{\"seconds\":1,\"microseconds\":2},\"event\":\"STOP\"}")
                .getAsJsonObject())).isTrue();
        assertThat(MonitorEvent.is(JsonParser.parseString("{\"return\":{\"event\":\"STOP\"}}").getAsJsonObject())).isFalse();
        MonitorEvent event = new MonitorEvent(JsonParser.parseString("{\"timestamp\":{\"seconds\":1796061492,\"microseconds\":"
                + "10413},\"event\":\"STOP\"}").getAsJsonObject());
        assertThat(event.timestamp()).isEqualTo("1796061492.010413");
        assertThat(event.name()).isEqualTo("STOP");
    }
}
