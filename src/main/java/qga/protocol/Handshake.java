package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import qga.base.Log;
import qga.base.Phase;
import qga.base.QgaException;
import qga.base.Seconds;

/**
 * Brings a dirty channel to a known state: 0xFF resets the agent's parser, guest-sync-delimited
 * with a fresh random id makes it send 0xFF and then that id; everything before is someone else's
 * (stale replies from earlier clients, the rest of a request left half-written). Agents that
 * block guest-sync-delimited get plain guest-sync, as libvirt sends. A QEMU monitor is told apart
 * by its greeting, which it sends on connect (an agent never speaks first): the handshake then
 * stops and hands the greeting over, and the QMP negotiation takes the channel from there.
 */
final class Handshake {
    private static final byte[] RESET = {(byte) 0xFF};
    private static final byte[] NOTHING = {};

    /** What the handshake needs of the conversation it runs on. */
    interface Conversation {
        void write(byte[] prefix, JsonObject request, long deadlineNanos, String command) throws QgaException;

        /** The next event, or null once the deadline passes. */
        Event next(long deadlineNanos) throws QgaException;

        /** The exception for the channel closing now, after marking it closed. */
        QgaException lost(Event.Closed closed, Phase phase, String when);
    }

    private final Conversation conversation;
    private final ReplyRouter router;
    private final Log log;
    /** The greeting of a QEMU monitor, once one has spoken. */
    private JsonObject greeting;

    Handshake(Conversation conversation, ReplyRouter router, Log log) {
        this.conversation = conversation;
        this.router = router;
        this.log = log;
    }

    /**
     * Returns the sync id the agent echoed, or 0 when a QEMU monitor greeted instead (then see
     * {@link #greeting()}); throws if the peer stays silent, closes, or refuses both syncs.
     */
    long run(Duration timeout) throws QgaException {
        long deadline = System.nanoTime() + timeout.toNanos();
        greeting = null;
        long id = freshId();
        conversation.write(RESET, request("guest-sync-delimited", id), deadline, "guest-sync-delimited");
        Reply refusal = await(id, deadline, timeout);
        if (greeting != null) {
            return 0;
        }
        if (refusal != null) {
            // plain guest-sync still tells stale replies from ours, without the parser reset
            log.verbose("guest-sync-delimited refused (" + refusal.errorDesc() + "); falling back to guest-sync");
            id = freshId();
            conversation.write(NOTHING, request("guest-sync", id), deadline, "guest-sync");
            Reply second = await(id, deadline, timeout);
            if (greeting != null) {
                return 0;
            }
            if (second != null) {
                throw QgaException.agentError("the agent refuses guest-sync-delimited and guest-sync ("
                        + second.errorDesc() + "): qga cannot tell its replies from stale ones");
            }
        }
        log.verbose("in sync (id " + id + ")");
        return id;
    }

    /** The greeting of the QEMU monitor that answered the last run, or null: an agent did. */
    JsonObject greeting() {
        return greeting;
    }

    private static long freshId() {
        // within 2^53, so that an agent storing numbers as doubles echoes it exactly
        return ThreadLocalRandom.current().nextLong(1, 1L << 53);
    }

    private JsonObject request(String command, long id) {
        JsonObject arguments = new JsonObject();
        arguments.add("id", new JsonPrimitive(id));
        JsonObject request = new JsonObject();
        request.addProperty("execute", command);
        request.add("arguments", arguments);
        request.addProperty("id", router.syncId());
        return request;
    }

    /**
     * Waits for the echo of id; returns the agent's error reply if it refused the command. A
     * monitor's greeting ends the wait too (returning null), kept in {@link #greeting}.
     */
    private Reply await(long id, long deadline, Duration timeout) throws QgaException {
        String expected = Long.toString(id);
        while (true) {
            Event event = conversation.next(deadline);
            if (event == null) {
                throw QgaException.noAnswer(Phase.SYNC, "no answer from the agent within " + Seconds.text(timeout)
                        + ": no agent may be running in the guest, or another client (libvirtd?) holds the channel;"
                        + " a booting guest may need a longer --timeout");
            }
            if (event instanceof Event.Received received) {
                JsonObject json = received.json();
                if (Negotiation.isGreeting(json)) {
                    greeting = json;
                    return null;
                }
                JsonElement value = json.get("return");
                if (value != null && value.isJsonPrimitive() && value.getAsString().equals(expected)) {
                    return null;
                }
                if (json.has("error") && ReplyRouter.carries(json, router.syncId())) {
                    return new Reply(json);
                }
                if (!router.keepIfOutstanding(received)) {
                    log.verbose("skipped while syncing: " + ReplyRouter.excerpt(json));
                }
            } else if (event instanceof Event.Closed closed) {
                throw conversation.lost(closed, Phase.SYNC, "while syncing");
            } else if (event instanceof Event.Delimiter) {
                log.verbose("the agent's 0xFF delimiter");
            } else if (event instanceof Event.Violation violation) {
                log.verbose("skipped while syncing: " + violation.what());
            } else if (event instanceof Event.Malformed malformed) {
                log.verbose("skipped while syncing: a malformed reply (" + malformed.why() + ")");
            }
        }
    }
}
