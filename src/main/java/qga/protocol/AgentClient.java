package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import qga.base.Log;
import qga.base.Phase;
import qga.base.QgaException;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;
import qga.transport.Channel;

/**
 * Speaks the guest-agent protocol over one channel, assuming the channel is dirty: stale replies
 * from earlier clients, an agent parser left mid-request, silence. Before the first request and
 * after any timeout, cancel or violation it resynchronises (0xFF, then guest-sync-delimited with a
 * fresh random id); every request carries an id of ours and only the reply with that id counts.
 * One thread sends and awaits; a reader thread frames and parses replies.
 */
public final class AgentClient implements SyncedLink {
    private static final byte[] RESET = {(byte) 0xFF};

    private final Channel channel;
    private final Log log;
    private final EventQueue events;
    private final ReplyFramer framer;
    private final Watchdog watchdog;
    private final String idPrefix = "qga-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000) + "-";
    /** Replies that came before their ticket was awaited, kept only for tickets still outstanding. */
    private final Map<String, Reply> early = new HashMap<>();
    /** Tickets sent and not yet awaited to the end: a reply with one of these ids is that request's answer. */
    private final Set<String> outstanding = new HashSet<>();
    /** Events taken from the queue and not yet looked at (the caller's side). */
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    /** Events framed from the current read (the reader's side), queued together. */
    private final List<Event> batch = new ArrayList<>();
    /** Requests written but not yet sent; capped so a huge guest-file-write goes out on its own. */
    private static final int WRITE_BATCH = 64 << 10;
    /** How long a write may block before a timeout counts against it: the agent is then not reading. */
    private static final long WRITE_GRACE_NANOS = 100_000_000L;
    private final ByteArrayOutputStream unsent = new ByteArrayOutputStream(4096);
    private long unsentDeadline;
    private String unsentCommand;
    private final OutputStream output;
    private final Thread reader;
    private volatile WireTap tap;
    private volatile Runnable closedListener;
    private volatile boolean closing;
    /** Set from another thread (Ctrl-C in the shell); the waiting thread gives up at once. */
    private volatile boolean cancelRequested;
    private volatile boolean endOfStream;
    private boolean synced;
    private boolean open = true;
    private long sequence;

    public AgentClient(Channel channel, long maxReply, Log log) {
        this.channel = channel;
        this.log = log;
        this.events = new EventQueue(maxReply);
        this.framer = new ReplyFramer(new QueueSink(), maxReply, JsonCodec.MAX_DEPTH, true);
        this.output = channel.output();
        this.watchdog = new Watchdog(channel::close);
        reader = new Thread(this::readLoop, "qga-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void setWireTap(WireTap tap) {
        this.tap = tap;
    }

    /** Called on the reader thread when the peer closes the channel (not when we close it). */
    @Override
    public void setClosedListener(Runnable listener) {
        this.closedListener = listener;
    }

    @Override
    public synchronized boolean isSynced() {
        return synced;
    }

    /** False once the channel is closed, by either side (the reader may know before a request does). */
    @Override
    public synchronized boolean isOpen() {
        return open && !endOfStream;
    }

    /**
     * Brings the channel to a known state: 0xFF resets the agent's parser, guest-sync-delimited
     * makes it send 0xFF and then our id; everything before that is someone else's.
     */
    @Override
    public synchronized void sync(Duration timeout) throws QgaException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        String wireId = idPrefix + "sync";
        write(RESET, syncRequest("guest-sync-delimited", id, wireId), deadline, "guest-sync-delimited");
        Reply refusal = awaitSync(id, wireId, deadline, timeout);
        if (refusal != null) {
            // Some agents block guest-sync-delimited; plain guest-sync (what libvirt uses) still
            // tells stale replies from ours, without the parser reset.
            log.verbose("guest-sync-delimited refused (" + refusal.errorDesc() + "); falling back to guest-sync");
            id = ThreadLocalRandom.current().nextLong(1, 1L << 53);
            write(new byte[0], syncRequest("guest-sync", id, wireId), deadline, "guest-sync");
            Reply second = awaitSync(id, wireId, deadline, timeout);
            if (second != null) {
                throw QgaException.agentError("the agent refuses guest-sync-delimited and guest-sync ("
                        + second.errorDesc() + "): qga cannot tell its replies from stale ones");
            }
        }
        synced = true;
        log.verbose("in sync (id " + id + ")");
    }

    private static JsonObject syncRequest(String command, long id, String wireId) {
        JsonObject arguments = new JsonObject();
        arguments.add("id", new JsonPrimitive(id));
        JsonObject request = new JsonObject();
        request.addProperty("execute", command);
        request.add("arguments", arguments);
        request.addProperty("id", wireId);
        return request;
    }

    /** Waits for the sync reply; returns the agent's error reply if it refused the command. */
    private Reply awaitSync(long id, String wireId, long deadline, Duration timeout) throws QgaException {
        String expected = Long.toString(id);
        while (true) {
            Event event = next(deadline);
            if (event == null) {
                throw QgaException.noAnswer(Phase.SYNC, "no answer from the agent within " + seconds(timeout)
                        + ": no agent may be running in the guest, or another client (libvirtd?) holds the channel;"
                        + " a booting guest may need a longer --timeout");
            }
            if (event instanceof Event.Received received) {
                JsonObject json = received.json();
                JsonElement value = json.get("return");
                if (value != null && value.isJsonPrimitive() && value.getAsString().equals(expected)) {
                    return null;
                }
                if (json.has("error") && isOurs(json, wireId)) {
                    return new Reply(json);
                }
                if (keepIfOutstanding(json)) {
                    continue;
                }
                log.verbose("skipped while syncing: " + abbreviate(received));
            } else if (event instanceof Event.Closed closed) {
                throw lost(closed, Phase.SYNC, "while syncing");
            } else if (event instanceof Event.Delimiter) {
                log.verbose("the agent's 0xFF delimiter");
            } else if (event instanceof Event.Violation violation) {
                log.verbose("skipped while syncing: " + violation.what());
            } else if (event instanceof Event.Malformed malformed) {
                log.verbose("skipped while syncing: a malformed reply (" + malformed.why() + ")");
            }
        }
    }

    /** Sends a request (resynchronising first if needed) without waiting for its reply. */
    @Override
    public synchronized Ticket send(Request request, Duration timeout) throws QgaException {
        cancelRequested = false;
        if (!synced) {
            sync(timeout);
        }
        String wireId = idPrefix + (++sequence);
        write(new byte[0], request.onWire(wireId), System.nanoTime() + timeout.toNanos(), request.command());
        outstanding.add(wireId);
        return new Ticket(wireId, request);
    }

    /** Waits for the reply to a ticket; other replies are stale and dropped (kept if pipelined). */
    @Override
    public synchronized Reply await(Ticket ticket, long deadlineNanos, Duration timeout) throws QgaException {
        Reply ready = early.remove(ticket.wireId());
        if (ready != null) {
            outstanding.remove(ticket.wireId());
            return new Reply(restoreId(ready.json(), ticket.request()));
        }
        try {
            return awaitEvent(ticket, deadlineNanos, timeout);
        } finally {
            outstanding.remove(ticket.wireId());
        }
    }

    private Reply awaitEvent(Ticket ticket, long deadlineNanos, Duration timeout) throws QgaException {
        while (true) {
            Event event = next(deadlineNanos);
            if (event == null) {
                synced = false;
                throw QgaException.noAnswer("no reply to " + ticket.request().command() + " within " + seconds(timeout)
                        + ": it may still be running in the guest; try a longer --timeout");
            }
            Reply reply = match(event, ticket);
            if (reply != null) {
                return reply;
            }
        }
    }

    /**
     * For commands that reply only on failure (guest-shutdown, guest-suspend-*): an error within
     * the grace period is the answer; silence or the channel closing means the agent took it.
     */
    @Override
    public synchronized Outcome callWithoutReply(Request request, Duration timeout, Duration grace) throws QgaException {
        Ticket ticket = send(request, timeout);
        try {
            return awaitWithoutReply(ticket, request, grace);
        } finally {
            outstanding.remove(ticket.wireId());
        }
    }

    private Outcome awaitWithoutReply(Ticket ticket, Request request, Duration grace) throws QgaException {
        long start = System.nanoTime();
        long deadline = start + grace.toNanos();
        while (true) {
            Event event = next(deadline);
            if (event == null) {
                synced = false;
                return new Outcome.Accepted(request.command(), false, Duration.ofNanos(System.nanoTime() - start));
            }
            if (event instanceof Event.Closed) {
                open = false;
                synced = false;
                return new Outcome.Accepted(request.command(), true, Duration.ofNanos(System.nanoTime() - start));
            }
            Reply reply = match(event, ticket);
            if (reply != null) {
                return new Outcome.Replied(reply);
            }
        }
    }

    /** Returns the reply if this event is the ticket's; keeps other tickets' replies; throws on faults. */
    private Reply match(Event event, Ticket ticket) throws QgaException {
        if (event instanceof Event.Received received) {
            JsonObject json = received.json();
            JsonElement id = json.get("id");
            String key = id != null && id.isJsonPrimitive() ? id.getAsString() : null;
            if (key == null || !key.startsWith(idPrefix) || key.equals(idPrefix + "sync")) {
                log.verbose("dropped a reply that is not ours: " + abbreviate(received));
                return null;
            }
            if (!Reply.isWellFormed(json)) {
                synced = false;
                throw QgaException.protocol("protocol violation: the reply to " + ticket.request().command()
                        + " " + Reply.malformation(json) + ": " + abbreviate(received));
            }
            if (key.equals(ticket.wireId())) {
                return new Reply(restoreId(json, ticket.request()));
            }
            if (!keepIfOutstanding(json)) {
                log.verbose("dropped a reply to an abandoned request: " + key);
            }
            return null;
        }
        if (event instanceof Event.Delimiter delimiter) {
            if (delimiter.cut()) {
                synced = false;
                throw QgaException.protocol("protocol violation: a reply was cut short by a 0xFF delimiter");
            }
            return null;
        }
        if (event instanceof Event.Violation violation) {
            synced = false;
            throw QgaException.protocol("protocol violation: the agent sent " + violation.what());
        }
        if (event instanceof Event.Malformed malformed) {
            synced = false;
            throw QgaException.protocol("protocol violation: malformed reply (" + malformed.why() + ")");
        }
        throw lost((Event.Closed) event, Phase.REPLY, "before replying to " + ticket.request().command());
    }

    /**
     * A well-formed reply carrying the id of a request still outstanding is that request's
     * answer, whenever it comes (before its turn, or while resyncing after another timed out).
     */
    private boolean keepIfOutstanding(JsonObject json) {
        JsonElement id = json.get("id");
        String key = id != null && id.isJsonPrimitive() ? id.getAsString() : null;
        if (key == null || !outstanding.contains(key) || !Reply.isWellFormed(json)) {
            return false;
        }
        log.verbose("kept the reply to a request still outstanding: " + key);
        early.put(key, new Reply(json));
        return true;
    }

    /** Puts the user's id back where ours was, or removes ours if the user gave none. */
    private static JsonObject restoreId(JsonObject json, Request request) {
        JsonElement userId = request.userId();
        if (userId == null) {
            json.remove("id");
        } else {
            json.add("id", userId);
        }
        return json;
    }

    private QgaException lost(Event.Closed closed, Phase phase, String when) {
        open = false;
        synced = false;
        if (closed.partial() > 0) {
            return QgaException.protocol("reply cut short: the channel closed after " + closed.partial()
                    + " bytes of a reply");
        }
        String reason = channel.closeReason();
        String how = reason != null ? ": " + reason : closed.error() == null ? "" : " (" + closed.error().getMessage() + ")";
        return QgaException.channelLost(phase, "the agent closed the channel " + when + how, closed.error());
    }

    private Event next(long deadline) throws QgaException {
        checkCancelled();
        if (!ready.isEmpty()) {
            return ready.poll();
        }
        flushWrites();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        try {
            boolean got = events.drainTo(ready, left, () -> cancelRequested);
            checkCancelled();
            return got ? ready.poll() : null;
        } catch (InterruptedException e) {
            synced = false;
            throw QgaException.cancelled("cancelled; the next request resynchronises first");
        }
    }

    /**
     * Queues a request; queued requests go out in one write just before we next wait for the
     * agent, so pipelined requests cost one system call, not one each.
     */
    private void write(byte[] prefix, JsonObject request, long deadline, String command) throws QgaException {
        if (!open) {
            throw QgaException.channelLost(Phase.SEND, "the channel is closed", null);
        }
        String text = JsonCodec.compact(request);
        WireTap current = tap;
        if (current != null) {
            current.sent(text);
        }
        if (unsent.size() == 0) {
            unsentDeadline = deadline;
            unsentCommand = command;
        }
        unsent.writeBytes(prefix);
        unsent.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        unsent.write('\n');
        if (unsent.size() >= WRITE_BATCH) {
            flushWrites();
        }
    }

    private void flushWrites() throws QgaException {
        if (unsent.size() == 0) {
            return;
        }
        // a write that goes through at once is never "not taken", however short the timeout
        watchdog.arm(Math.max(unsentDeadline, System.nanoTime() + WRITE_GRACE_NANOS));
        try {
            unsent.writeTo(output);
            output.flush();
        } catch (IOException e) {
            open = false;
            synced = false;
            if (watchdog.disarm()) {
                throw QgaException.noAnswer(Phase.SEND, "the agent did not take " + unsentCommand + " in time (it is not reading)", e);
            }
            String reason = channel.closeReason();
            throw QgaException.channelLost(Phase.SEND, "cannot send " + unsentCommand + ": " + (reason != null ? reason
                    : e.getMessage() != null ? e.getMessage() : e.toString()), e);
        } finally {
            unsent.reset();
        }
        watchdog.disarm();
    }

    /**
     * Stops the wait in progress (from any thread): the caller gets a QgaException and the
     * next request resynchronises. Nothing is interrupted, so no channel is closed by it.
     */
    @Override
    public void cancel() {
        cancelRequested = true;
        events.wake();
    }

    private void checkCancelled() throws QgaException {
        if (cancelRequested) {
            cancelRequested = false;
            synced = false;
            throw QgaException.cancelled("cancelled; the next request resynchronises first");
        }
    }

    /** True when a reply (or other event) is already waiting, so awaiting it will not block. */
    @Override
    public boolean replyReady() {
        return !ready.isEmpty() || !events.isEmpty();
    }

    private void readLoop() {
        byte[] chunk = new byte[65536];
        InputStream input = channel.input();
        try {
            while (true) {
                int n;
                try {
                    n = input.read(chunk);
                } catch (IOException e) {
                    // a peer that closes with our bytes unread resets the connection: still an end
                    if (!closing) {
                        ended(new Event.Closed(framer.partialLength(), e));
                    }
                    return;
                }
                if (n < 0) {
                    ended(new Event.Closed(framer.partialLength(), null));
                    return;
                }
                framer.feed(chunk, 0, n);
                if (!batch.isEmpty()) {
                    events.putAll(batch);
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ended(Event.Closed closed) throws InterruptedException {
        endOfStream = true;
        batch.add(closed);
        events.putAll(batch);
        batch.clear();
        Runnable listener = closedListener;
        if (listener != null && !closing) {
            listener.run();
        }
    }

    /** Parses each framed reply on the reader thread and queues it. */
    private final class QueueSink implements ReplyFramer.Sink {
        @Override
        public void reply(byte[] buffer, int length) throws InterruptedException {
            WireTap current = tap;
            if (current != null) {
                current.received(new String(buffer, 0, length, StandardCharsets.UTF_8));
            }
            JsonElement json;
            try {
                json = JsonCodec.parse(buffer, 0, length, JsonCodec.Utf8.REPLACE);
            } catch (JsonSyntaxError e) {
                batch.add(new Event.Malformed(e.getMessage() + " at byte " + e.offset()));
                return;
            }
            batch.add(new Event.Received(json.getAsJsonObject(), length));
        }

        @Override
        public void delimiter(boolean cut) {
            batch.add(new Event.Delimiter(cut));
        }

        @Override
        public void violation(String what) {
            batch.add(new Event.Violation(what));
        }
    }

    private static boolean isOurs(JsonObject json, String wireId) {
        JsonElement id = json.get("id");
        return id != null && id.isJsonPrimitive() && id.getAsString().equals(wireId);
    }

    private static String abbreviate(Event.Received received) {
        String text = JsonCodec.compact(received.json());
        return qga.base.Excerpt.of(text, 120);
    }

    static String seconds(Duration d) {
        return qga.base.Seconds.text(d);
    }

    @Override
    public synchronized void close() {
        closing = true;
        open = false;
        watchdog.stop();
        channel.close();
        // the JDK releases a socket only once its blocked reader has left: wait for it, so that the
        // channel is really gone when close returns (qemu-ga -m unix-listen quits when it writes a
        // late reply into a socket half-gone, and the next client would find no agent)
        if (Thread.currentThread() != reader) {
            try {
                reader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
