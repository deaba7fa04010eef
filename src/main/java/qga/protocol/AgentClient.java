package qga.protocol;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.function.Consumer;
import qga.base.Log;
import qga.base.Phase;
import qga.base.QgaException;
import qga.base.Seconds;
import qga.json.JsonCodec;
import qga.transport.Channel;

/**
 * Speaks the guest-agent protocol over one channel, assuming the channel is dirty: stale replies
 * from earlier clients, an agent parser left mid-request, silence. Before the first request and
 * after any timeout, cancel or violation it resynchronises ({@link Handshake}); every request
 * carries an id of ours and only the reply with that id counts ({@link ReplyRouter}). Requests go
 * out in batches ({@link RequestWriter}); a reader thread frames and parses replies
 * ({@link ChannelReader}); the caller waits in an {@link Inbox} that cancel() can stop. This class
 * holds the state between them: in sync or not, open or not. A peer that greets on connect is a
 * QEMU monitor: it is negotiated with once ({@link Negotiation}) and never resynchronised, and its
 * events go to the event listener as they come.
 */
public final class AgentClient implements SyncedLink {
    private static final byte[] NOTHING = {};

    private final Channel channel;
    private final ReplyRouter router;
    private final RequestWriter writer;
    private final ChannelReader reader;
    private final Inbox inbox;
    private final Handshake handshake;
    private final Negotiation negotiation;
    private final boolean qmp;
    private final Log log;
    /** The monitor's greeting once negotiated; null while (or if) the peer is an agent. */
    private volatile JsonObject greeting;
    private final SendBudget budget = new SendBudget();
    private volatile WireTap tap;
    private boolean synced;
    private boolean open = true;

    /** qmp: the user said the peer is a QEMU monitor, so no agent handshake is tried first. */
    public AgentClient(Channel channel, long maxReply, Log log, boolean qmp) {
        this.channel = channel;
        this.qmp = qmp;
        this.log = log;
        EventQueue events = new EventQueue(maxReply);
        this.router = new ReplyRouter(log);
        this.writer = new RequestWriter(channel);
        this.inbox = new Inbox(events);
        this.reader = new ChannelReader(channel.input(), events, maxReply, () -> tap);
        this.handshake = new Handshake(new Conversation(), router, log);
        this.negotiation = new Negotiation(new Conversation(), router, log);
        reader.start();
    }

    @Override
    public void setWireTap(WireTap tap) {
        this.tap = tap;
    }

    /** Called on the reader thread when the peer closes the channel (not when we close it). */
    @Override
    public void setClosedListener(Runnable listener) {
        reader.setClosedListener(listener);
    }

    @Override
    public synchronized boolean isSynced() {
        return synced;
    }

    /** False once the channel is closed, by either side (the reader may know before a request does). */
    @Override
    public synchronized boolean isOpen() {
        return open && !reader.ended();
    }

    @Override
    public void setEventListener(Consumer<MonitorEvent> listener) {
        reader.setEventListener(listener);
    }

    @Override
    public JsonObject greeting() {
        return greeting;
    }

    /** An agent is resynchronised every time; a monitor is negotiated with once, and then trusted. */
    @Override
    public synchronized void sync(Duration timeout) throws QgaException {
        if (greeting == null) {
            JsonObject greeted = null;
            if (!qmp) {
                handshake.run(timeout);
                greeted = handshake.greeting();
            }
            if (qmp || greeted != null) {
                if (greeted != null) {
                    log.verbose("the peer greeted as a QEMU monitor: speaking QMP to it");
                }
                greeting = negotiation.run(greeted, timeout);
            }
        }
        synced = true;
        queue(budget.synced());
    }

    /** Sends a request (resynchronising first if needed) without waiting for its reply. */
    @Override
    public synchronized Ticket send(Request request, Duration timeout) throws QgaException {
        inbox.clearCancel();
        if (!synced) {
            sync(timeout);
        }
        String wireId = router.next();
        String text = JsonCodec.compact(request.onWire(wireId));
        SendBudget.Held held = new SendBudget.Held(wireId, NOTHING, text, System.nanoTime() + timeout.toNanos(),
                request.command(), utf8Length(text) + 1);
        if (budget.admit(held)) {
            try {
                queue(held, true);
            } catch (QgaException e) {
                router.release(wireId);
                budget.settled(wireId);
                throw e;
            }
        }
        return new Ticket(wireId, request);
    }

    /** Waits for the reply to a ticket; other replies are stale and dropped (kept if pipelined). */
    @Override
    public synchronized Reply await(Ticket ticket, long deadlineNanos, Duration timeout) throws QgaException {
        try {
            Reply early = router.takeEarly(ticket);
            return early != null ? early : awaitReply(ticket, deadlineNanos, timeout);
        } finally {
            router.release(ticket.wireId());
            queue(budget.settled(ticket.wireId()));
        }
    }

    private Reply awaitReply(Ticket ticket, long deadlineNanos, Duration timeout) throws QgaException {
        while (true) {
            Event event = next(deadlineNanos);
            if (event == null) {
                synced = false;
                throw QgaException.noAnswer("no reply to " + ticket.request().command() + " within " + Seconds.text(timeout)
                        + (greeting == null ? ": it may still be running in the guest"
                        : " from the QEMU monitor (QEMU busy, or its process stopped)") + "; try a longer --timeout");
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
            router.release(ticket.wireId());
            queue(budget.settled(ticket.wireId()));
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

    /** Returns the reply if this event is the ticket's; null for other replies; throws on faults. */
    private Reply match(Event event, Ticket ticket) throws QgaException {
        if (event instanceof Event.Received received) {
            try {
                return router.route(received, ticket);
            } catch (QgaException e) {
                synced = false;
                throw e;
            }
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

    /** The next event: one already here, else (after sending what is queued) one within the deadline. */
    private Event next(long deadlineNanos) throws QgaException {
        try {
            Event event = inbox.poll();
            if (event == null) {
                flush();
                event = inbox.await(deadlineNanos);
            }
            if (event instanceof Event.Received received) {
                String id = ReplyRouter.idOf(received);
                if (id != null) {
                    queue(budget.settled(id));
                }
            }
            return event;
        } catch (QgaException e) {
            synced = false;
            throw e;
        }
    }

    /** Queues a request for the next flush; the wire tap sees it now, exactly as it will go. */
    private void write(byte[] prefix, JsonObject request, long deadlineNanos, String command) throws QgaException {
        if (!open) {
            throw QgaException.channelLost(Phase.SEND, "the channel is closed", null);
        }
        String text = JsonCodec.compact(request);
        WireTap current = tap;
        if (current != null) {
            current.sent(text);
        }
        try {
            writer.queue(prefix, text, deadlineNanos, command);
        } catch (QgaException e) {
            open = false;
            synced = false;
            throw e;
        }
    }

    /** Sends a request the budget let go: the wire tap sees it now, exactly as it goes. */
    private void queue(SendBudget.Held request, boolean mayFlush) throws QgaException {
        if (!open) {
            throw QgaException.channelLost(Phase.SEND, "the channel is closed", null);
        }
        WireTap current = tap;
        if (current != null) {
            current.sent(request.text());
        }
        try {
            writer.queue(request.prefix(), request.text(), request.deadlineNanos(), request.command(), mayFlush);
        } catch (QgaException e) {
            open = false;
            synced = false;
            throw e;
        }
    }

    /**
     * Queues requests the budget now lets go, to be sent before the next wait; never writes here
     * (it runs in finally blocks), so it cannot fail but on a closed channel, which the next
     * request reports.
     */
    private void queue(java.util.List<SendBudget.Held> released) {
        for (SendBudget.Held request : released) {
            try {
                queue(request, false);
            } catch (QgaException e) {
                return;
            }
        }
    }

    /** Bytes of the text in UTF-8, without encoding it. */
    private static int utf8Length(String text) {
        int length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                length += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return length;
    }

    private void flush() throws QgaException {
        try {
            writer.flush();
        } catch (QgaException e) {
            open = false;
            throw e;
        }
    }

    /** The handshake's view of this client: it writes, waits and loses the channel as requests do. */
    private final class Conversation implements Handshake.Conversation {
        @Override
        public void write(byte[] prefix, JsonObject request, long deadlineNanos, String command) throws QgaException {
            AgentClient.this.write(prefix, request, deadlineNanos, command);
        }

        @Override
        public Event next(long deadlineNanos) throws QgaException {
            return AgentClient.this.next(deadlineNanos);
        }

        @Override
        public QgaException lost(Event.Closed closed, Phase phase, String when) {
            return AgentClient.this.lost(closed, phase, when);
        }
    }

    /**
     * Stops the wait in progress (from any thread): the caller gets a QgaException and the
     * next request resynchronises. Nothing is interrupted, so no channel is closed by it.
     */
    @Override
    public void cancel() {
        inbox.cancel();
    }

    /** True when a reply (or other event) is already waiting, so awaiting it will not block. */
    @Override
    public boolean replyReady() {
        return inbox.ready();
    }

    @Override
    public synchronized void close() {
        open = false;
        reader.stop();
        writer.stop();
        channel.close();
        // the JDK releases a socket only once its blocked reader has left: wait for it, so that the
        // channel is really gone when close returns (qemu-ga -m unix-listen quits when it writes a
        // late reply into a socket half-gone, and the next client would find no agent)
        reader.join(1000);
    }
}
