package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qga.base.ExitCode;
import qga.base.QgaException;

class ReplyRouterTest {
    private final List<String> log = new ArrayList<>();
    private final ReplyRouter router = new ReplyRouter(log::add);

    private static Event.Received received(String json) {
        return new Event.Received(JsonParser.parseString(json).getAsJsonObject(), json.length());
    }

    private AgentLink.Ticket ticket(String userRequest) {
        return new AgentLink.Ticket(router.next(), Request.of(JsonParser.parseString(userRequest).getAsJsonObject()));
    }

    @Test
    void idsShareOnePrefixAndNeverRepeat() {
        String first = router.next();
        String second = router.next();
        String prefix = first.substring(0, first.lastIndexOf('-') + 1);
        assertThat(first).matches("qga-[0-9a-f]{8}-1");
        assertThat(second).isEqualTo(prefix + "2");
        assertThat(router.syncId()).isEqualTo(prefix + "sync");
    }

    @Test
    void theTicketsReplyComesBackWithTheUsersIdOrNone() throws QgaException {
        AgentLink.Ticket plain = ticket("{\"execute\":\"guest-ping\"}");
        AgentLink.Ticket withId = ticket("{\"execute\":\"guest-ping\",\"id\":[\"mine\"]}");

        Reply toPlain = router.route(received("{\"return\":{},\"id\":\"" + plain.wireId() + "\"}"), plain);
        Reply toWithId = router.route(received("{\"return\":{},\"id\":\"" + withId.wireId() + "\"}"), withId);

        assertThat(toPlain.json().toString()).isEqualTo("{\"return\":{}}");
        assertThat(toWithId.json().toString()).isEqualTo("{\"return\":{},\"id\":[\"mine\"]}");
    }

    @Test
    void repliesWithoutOurIdAreDroppedAndSaidSoInVerbose() throws QgaException {
        AgentLink.Ticket ticket = ticket("{\"execute\":\"guest-ping\"}");

        assertThat(router.route(received("{\"return\":{}}"), ticket)).isNull();
        assertThat(router.route(received("{\"return\":{},\"id\":\"qga-00000000-1\"}"), ticket)).isNull();
        assertThat(router.route(received("{\"return\":1,\"id\":\"" + router.syncId() + "\"}"), ticket)).isNull();
        assertThat(log).containsExactly("dropped a reply that is not ours: {\"return\":{}}",
                "dropped a reply that is not ours: {\"return\":{},\"id\":\"qga-00000000-1\"}",
                "dropped a reply that is not ours: {\"return\":1,\"id\":\"" + router.syncId() + "\"}");
    }

    @Test
    void aReplyToAnotherOutstandingRequestIsKeptForIt() throws QgaException {
        AgentLink.Ticket first = ticket("{\"execute\":\"guest-ping\"}");
        AgentLink.Ticket second = ticket("{\"execute\":\"guest-info\"}");

        assertThat(router.route(received("{\"return\":2,\"id\":\"" + second.wireId() + "\"}"), first)).isNull();

        assertThat(router.takeEarly(first)).isNull();
        assertThat(router.takeEarly(second).json().toString()).isEqualTo("{\"return\":2}");
    }

    @Test
    void aReplyToAReleasedRequestIsStale() throws QgaException {
        AgentLink.Ticket abandoned = ticket("{\"execute\":\"guest-ping\"}");
        AgentLink.Ticket current = ticket("{\"execute\":\"guest-ping\"}");
        router.release(abandoned.wireId());

        assertThat(router.route(received("{\"return\":{},\"id\":\"" + abandoned.wireId() + "\"}"), current)).isNull();

        assertThat(router.takeEarly(abandoned)).isNull();
        assertThat(log).containsExactly("dropped a reply to an abandoned request: " + abandoned.wireId());
    }

    @Test
    void aMalformedReplyCarryingOurIdIsAProtocolViolation() {
        AgentLink.Ticket ticket = ticket("{\"execute\":\"guest-ping\"}");

        assertThatThrownBy(() -> router.route(received("{\"id\":\"" + ticket.wireId() + "\"}"), ticket))
                .isInstanceOfSatisfying(QgaException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.PROTOCOL))
                .hasMessageStartingWith("protocol violation: the reply to guest-ping ");
    }

    @Test
    void keepsOnlyWellFormedRepliesToOutstandingRequests() {
        String id = router.next();
        JsonObject malformed = JsonParser.parseString("{\"id\":\"" + id + "\"}").getAsJsonObject();
        JsonObject stranger = JsonParser.parseString("{\"return\":1,\"id\":\"other\"}").getAsJsonObject();

        assertThat(router.keepIfOutstanding(new Event.Received(malformed, 0))).isFalse();
        assertThat(router.keepIfOutstanding(new Event.Received(stranger, 0))).isFalse();
        assertThat(router.keepIfOutstanding(received("{\"return\":1,\"id\":\"" + id + "\"}"))).isTrue();
    }
}
