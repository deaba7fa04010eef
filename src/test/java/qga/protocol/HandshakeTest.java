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

/** The sync handshake against a scripted conversation: what it writes, what it skips, when it gives up. */
class HandshakeTest {
    private final List<String> log = new ArrayList<>();
    private final ReplyRouter router = new ReplyRouter(log::add);

    /** Answers each request written with the events the script gives; then silence (the deadline passes). */
    private final class Script implements Handshake.Conversation {
        final List<String> written = new ArrayList<>();
        final ArrayDeque<Event> pending = new ArrayDeque<>();
        final Function<JsonObject, List<Event>> agent;

        Script(Function<JsonObject, List<Event>> agent) {
            this.agent = agent;
        }

        @Override
        public void write(byte[] prefix, JsonObject request, long deadlineNanos, String command) {
            written.add((prefix.length == 1 && prefix[0] == (byte) 0xFF ? "<FF>" : "") + request.get("execute").getAsString());
            pending.addAll(agent.apply(request));
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

    private static String idOf(JsonObject request) {
        return request.getAsJsonObject("arguments").get("id").getAsString();
    }

    private long sync(Script script) throws QgaException {
        return new Handshake(script, router, log::add).run(Duration.ofSeconds(5));
    }

    @Test
    void resetsTheParserThenSkipsEverythingUntilItsOwnId() throws QgaException {
        Script script = new Script(request -> List.of(received("{\"return\":{\"stale\":true}}"),
                new Event.Violation("garbage between replies"), new Event.Delimiter(false),
                received("{\"return\":" + idOf(request) + "}")));

        long id = sync(script);

        assertThat(script.written).containsExactly("<FF>guest-sync-delimited");
        assertThat(log).containsExactly("skipped while syncing: {\"return\":{\"stale\":true}}",
                "skipped while syncing: garbage between replies", "the agent's 0xFF delimiter", "in sync (id " + id + ")");
    }

    @Test
    void eachSyncAsksWithAFreshIdTheAgentCanEchoExactly() throws QgaException {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(sync(new Script(request -> List.of(received("{\"return\":" + idOf(request) + "}")))));
        }

        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id > 0 && id < 1L << 53);
    }

    @Test
    void fallsBackToGuestSyncWhenTheDelimitedOneIsRefused() throws QgaException {
        Script script = new Script(request -> request.get("execute").getAsString().equals("guest-sync-delimited")
                ? List.of(received("{\"error\":{\"class\":\"GenericError\",\"desc\":\"has been disabled\"},\"id\":\""
                        + router.syncId() + "\"}"))
                : List.of(received("{\"return\":" + idOf(request) + "}")));

        sync(script);

        assertThat(script.written).containsExactly("<FF>guest-sync-delimited", "guest-sync");
    }

    @Test
    void anAgentRefusingBothSyncsIsAnAgentError() {
        Script script = new Script(request -> List.of(received("{\"error\":{\"class\":\"GenericError\",\"desc\":\"no\"},\"id\":\""
                + router.syncId() + "\"}")));

        assertThatThrownBy(() -> sync(script)).isInstanceOfSatisfying(QgaException.class,
                e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AGENT_ERROR))
                .hasMessage("the agent refuses guest-sync-delimited and guest-sync (no): qga cannot tell its replies from stale ones");
    }

    @Test
    void someoneElsesErrorDoesNotCountAsARefusal() throws QgaException {
        Script script = new Script(request -> List.of(received("{\"error\":{\"class\":\"GenericError\",\"desc\":\"old\"}}"),
                received("{\"return\":" + idOf(request) + "}")));

        sync(script);

        assertThat(script.written).containsExactly("<FF>guest-sync-delimited");
    }

    @Test
    void silenceIsNoAnswerInTheSyncPhase() {
        Script script = new Script(request -> List.of());

        assertThatThrownBy(() -> sync(script)).isInstanceOfSatisfying(QgaException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.NO_ANSWER);
            assertThat(e.phase()).isEqualTo(Phase.SYNC);
        }).hasMessageStartingWith("no answer from the agent within 5 s: ");
    }

    @Test
    void aChannelClosingWhileSyncingIsLostInTheSyncPhase() {
        Script script = new Script(request -> List.of(new Event.Closed(0, null)));

        assertThatThrownBy(() -> sync(script)).isInstanceOfSatisfying(QgaException.class,
                e -> assertThat(e.phase()).isEqualTo(Phase.SYNC)).hasMessage("lost while syncing");
    }

    @Test
    void aReplyToAnOutstandingRequestThatArrivesWhileSyncingIsKept() throws QgaException {
        AgentLink.Ticket ticket = new AgentLink.Ticket(router.next(), Request.of("guest-ping", null));
        Script script = new Script(request -> List.of(received("{\"return\":{},\"id\":\"" + ticket.wireId() + "\"}"),
                received("{\"return\":" + idOf(request) + "}")));

        sync(script);

        assertThat(router.takeEarly(ticket).json().toString()).isEqualTo("{\"return\":{}}");
    }
}
