package qga.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import qga.base.Log;
import qga.base.Phase;
import qga.base.QgaException;
import qga.base.Seconds;

/**
 * Opens a QEMU monitor for commands: its greeting first ({"QMP": {"version": ..., "capabilities":
 * [...]}}, sent on connect), then qmp_capabilities, asking for out-of-band execution when the
 * monitor offers it; the monitor refuses every other command until then. Once done there is
 * nothing to resynchronise: the monitor has no stale replies and echoes every request's id.
 */
final class Negotiation {
    private final Handshake.Conversation conversation;
    private final ReplyRouter router;
    private final Log log;

    Negotiation(Handshake.Conversation conversation, ReplyRouter router, Log log) {
        this.conversation = conversation;
        this.router = router;
        this.log = log;
    }

    static boolean isGreeting(JsonObject json) {
        JsonElement qmp = json.get("QMP");
        return qmp != null && qmp.isJsonObject();
    }

    /** "7.2.22" from a greeting, or "unknown". */
    static String version(JsonObject greeting) {
        return QemuVersion.number(greetingVersion(greeting));
    }

    /** The package QEMU was built as ("Debian 1:7.2+dfsg-7+deb12u18+b3"), or "" when the greeting has none. */
    static String packageName(JsonObject greeting) {
        return QemuVersion.packageName(greetingVersion(greeting));
    }

    private static JsonElement greetingVersion(JsonObject greeting) {
        JsonElement qmp = greeting.get("QMP");
        return qmp != null && qmp.isJsonObject() ? qmp.getAsJsonObject().get("version") : null;
    }

    /**
     * Negotiates on a channel whose greeting was already read (greeting given) or is still to come
     * (null); returns the greeting.
     */
    JsonObject run(JsonObject greeting, Duration timeout) throws QgaException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject greeted = greeting != null ? greeting : awaitGreeting(deadline, timeout);
        JsonObject request = new JsonObject();
        request.addProperty("execute", "qmp_capabilities");
        if (offersOob(greeted)) {
            JsonArray enable = new JsonArray();
            enable.add("oob");
            JsonObject arguments = new JsonObject();
            arguments.add("enable", enable);
            request.add("arguments", arguments);
        }
        request.addProperty("id", router.negotiationId());
        conversation.write(new byte[0], request, deadline, "qmp_capabilities");
        Reply reply = awaitReply(deadline, timeout);
        if (reply.isError()) {
            throw QgaException.protocol("the QEMU monitor refused qmp_capabilities (" + reply.errorClass() + ": "
                    + reply.errorDesc() + "): is another client using it?");
        }
        log.verbose("QMP capabilities negotiated with QEMU " + version(greeted) + (offersOob(greeted) ? " (oob enabled)" : ""));
        return greeted;
    }

    private static boolean offersOob(JsonObject greeting) {
        JsonElement capabilities = greeting.getAsJsonObject("QMP").get("capabilities");
        if (capabilities == null || !capabilities.isJsonArray()) {
            return false;
        }
        for (JsonElement capability : capabilities.getAsJsonArray()) {
            if (capability.isJsonPrimitive() && capability.getAsString().equals("oob")) {
                return true;
            }
        }
        return false;
    }

    private JsonObject awaitGreeting(long deadline, Duration timeout) throws QgaException {
        while (true) {
            Event event = conversation.next(deadline);
            if (event == null) {
                throw QgaException.noAnswer(Phase.SYNC, "no QMP greeting within " + Seconds.text(timeout)
                        + ": this is not a QEMU monitor, or another client holds it (a monitor serves one client at a time);"
                        + " for a guest agent leave out qmp:/--qmp");
            }
            if (event instanceof Event.Received received && isGreeting(received.json())) {
                log.verbose("QMP greeting: " + ReplyRouter.excerpt(received.json()));
                return received.json();
            }
            skip(event, "before the QMP greeting");
        }
    }

    private Reply awaitReply(long deadline, Duration timeout) throws QgaException {
        while (true) {
            Event event = conversation.next(deadline);
            if (event == null) {
                throw QgaException.noAnswer(Phase.SYNC, "no reply to qmp_capabilities within " + Seconds.text(timeout));
            }
            if (event instanceof Event.Received received && ReplyRouter.carries(received.json(), router.negotiationId())
                    && Reply.isWellFormed(received.json())) {
                return new Reply(received.json());
            }
            skip(event, "while negotiating");
        }
    }

    private void skip(Event event, String when) throws QgaException {
        if (event instanceof Event.Closed closed) {
            throw conversation.lost(closed, Phase.SYNC, when);
        }
        if (event instanceof Event.Received received) {
            log.verbose("skipped " + when + ": " + ReplyRouter.excerpt(received.json()));
        } else if (event instanceof Event.Violation violation) {
            log.verbose("skipped " + when + ": " + violation.what());
        } else if (event instanceof Event.Malformed malformed) {
            log.verbose("skipped " + when + ": a malformed reply (" + malformed.why() + ")");
        }
    }
}
