package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import qga.base.Excerpt;
import qga.base.Log;
import qga.base.QgaException;
import qga.json.JsonCodec;
import qga.json.PlainObject;

/**
 * Which reply answers which request. Every request carries an id of ours (a random prefix per
 * client, then a sequence number); a reply counts only for the request whose id it carries. A
 * reply to a request still outstanding is kept until that request is awaited, whenever it comes
 * (before its turn, or while resyncing after another timed out); anything else is stale.
 */
final class ReplyRouter {
    private final Log log;
    private final String prefix = "qga-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000) + "-";
    private final Set<String> outstanding = new HashSet<>();
    /** Replies that came before their ticket was awaited, kept only for tickets still outstanding. */
    private final Map<String, Event.Received> early = new HashMap<>();
    private long sequence;

    ReplyRouter(Log log) {
        this.log = log;
    }

    /** The id our sync requests carry (an error reply to a refused sync has it). */
    String syncId() {
        return prefix + "sync";
    }

    /**
     * The id of our qmp_capabilities, apart from the sync id: a monitor found by the agent
     * handshake refuses that handshake's guest-sync-delimited with the sync id.
     */
    String negotiationId() {
        return prefix + "qmp_capabilities";
    }

    /** A fresh id for a request about to be sent; its reply counts from now until {@link #release}. */
    String next() {
        String id = prefix + (++sequence);
        outstanding.add(id);
        return id;
    }

    /** The request was awaited to the end (answered, failed or given up): its reply is stale from now. */
    void release(String wireId) {
        outstanding.remove(wireId);
        early.remove(wireId);
    }

    /** The ticket's reply if it came early, else null. */
    Reply takeEarly(AgentLink.Ticket ticket) {
        Event.Received received = early.remove(ticket.wireId());
        return received == null ? null : answer(received, ticket.request());
    }

    /**
     * The ticket's reply if this is it; null if it is someone else's (kept when outstanding,
     * dropped when stale). A malformed reply carrying one of our ids is a protocol violation.
     */
    Reply route(Event.Received received, AgentLink.Ticket ticket) throws QgaException {
        String key = idOf(received);
        if (key == null || !key.startsWith(prefix) || key.equals(syncId()) || key.equals(negotiationId())) {
            log.verbose("dropped a reply that is not ours: " + excerpt(received.json()));
            return null;
        }
        if (!isWellFormed(received)) {
            throw QgaException.protocol("protocol violation: the reply to " + ticket.request().command()
                    + " " + Reply.malformation(received.json()) + ": " + excerpt(received.json()));
        }
        if (key.equals(ticket.wireId())) {
            return answer(received, ticket.request());
        }
        if (!keepIfOutstanding(received)) {
            log.verbose("dropped a reply to an abandoned request: " + key);
        }
        return null;
    }

    /** Keeps a well-formed reply to an outstanding request for later; false if it is not one. */
    boolean keepIfOutstanding(Event.Received received) {
        String key = idOf(received);
        if (key == null || !outstanding.contains(key) || !isWellFormed(received)) {
            return false;
        }
        log.verbose("kept the reply to a request still outstanding: " + key);
        early.put(key, received);
        return true;
    }

    /** A reply with a "return" and no "error" is well-formed whatever it holds: no tree needed to tell. */
    private static boolean isWellFormed(Event.Received received) {
        return received.has("return") && !received.has("error") || Reply.isWellFormed(received.json());
    }

    /** True if the reply carries this id. */
    static boolean carries(JsonObject json, String wireId) {
        return wireId.equals(idOf(json));
    }

    static String excerpt(JsonObject json) {
        return Excerpt.of(JsonCodec.compact(json), 120);
    }

    /** The reply's id: from its bytes when it is a plain string there, else from the tree. */
    static String idOf(Event.Received received) {
        PlainObject plain = received.plain();
        if (plain != null && !plain.has("id")) {
            return null;
        }
        String id = plain != null ? plain.string("id") : null;
        return id != null ? id : idOf(received.json());
    }

    static String idOf(JsonObject json) {
        JsonElement id = json.get("id");
        return id != null && id.isJsonPrimitive() ? id.getAsString() : null;
    }

    /** The reply as the user should see it: their id back where ours was, or none if they gave none. */
    private static Reply answer(Event.Received received, Request request) {
        JsonElement userId = request.userId();
        PlainObject plain = received.plain();
        if (plain != null) {
            return new Reply(plain, userId);
        }
        JsonObject json = received.json();
        if (userId == null) {
            json.remove("id");
        } else {
            json.add("id", userId);
        }
        return new Reply(json);
    }
}
