package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;
import qga.json.PlainObject;
import qga.json.PlainScan;

/**
 * The reader thread: reads the channel, frames replies, parses each and queues what it saw, every
 * event framed from one read queued together. Ends with one {@link Event.Closed} when the peer
 * closes; after {@link #stop()} (we close) it ends quietly.
 */
final class ChannelReader {
    private static final int CHUNK = 65536;

    private final InputStream input;
    private final EventQueue events;
    private final ReplyFramer framer;
    private final Supplier<WireTap> tap;
    /** Events framed from the current read, queued together. */
    private final List<Event> batch = new ArrayList<>();
    private final Thread thread;
    private volatile Runnable closedListener;
    private volatile Consumer<MonitorEvent> eventListener = event -> { };
    private volatile boolean stopping;
    private volatile boolean ended;

    ChannelReader(InputStream input, EventQueue events, long maxReply, Supplier<WireTap> tap) {
        this.input = input;
        this.events = events;
        this.tap = tap;
        this.framer = new ReplyFramer(new Parser(), maxReply, JsonCodec.MAX_DEPTH, true);
        this.thread = new Thread(this::readLoop, "qga-reader");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called on the reader thread when the peer closes the channel (not after stop()). */
    void setClosedListener(Runnable listener) {
        this.closedListener = listener;
    }

    /**
     * Told of each QEMU monitor event, on this thread, as soon as it is read: events come whenever
     * something happens, not in answer to a wait, so they never queue behind replies.
     */
    void setEventListener(Consumer<MonitorEvent> listener) {
        this.eventListener = listener;
    }

    /** True once the peer closed the channel (the reader may know before a request does). */
    boolean ended() {
        return ended;
    }

    /** Marks the end as ours: a read failing because we closed the channel is not the peer leaving. */
    void stop() {
        stopping = true;
    }

    /**
     * Waits for the thread to leave (it does once the channel is closed), unless called from the
     * thread itself; true if it has left.
     */
    boolean join(long millis) {
        if (Thread.currentThread() != thread) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return !thread.isAlive();
    }

    private void readLoop() {
        byte[] chunk = new byte[CHUNK];
        try {
            while (true) {
                int n;
                try {
                    n = input.read(chunk);
                } catch (IOException e) {
                    // a peer that closes with our bytes unread resets the connection: still an end
                    if (!stopping) {
                        end(new Event.Closed(framer.partialLength(), e));
                    }
                    return;
                }
                if (n < 0) {
                    end(new Event.Closed(framer.partialLength(), null));
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

    private void end(Event.Closed closed) throws InterruptedException {
        ended = true;
        batch.add(closed);
        events.putAll(batch);
        batch.clear();
        Runnable listener = closedListener;
        if (listener != null && !stopping) {
            listener.run();
        }
    }

    /**
     * Checks each framed reply on the reader thread, so the waiting caller gets a valid one: a
     * plain reply is kept as its bytes, any other is parsed into a tree here.
     */
    private final class Parser implements ReplyFramer.Sink {
        /** A reply this large is followed by a collection once gathered (see {@link #gather}). */
        private static final int COLLECT_ABOVE = 16 << 20;

        @Override
        public void reply(List<byte[]> chunks, int length, PlainScan scan) {
            WireTap current = tap.get();
            if (current != null) {
                byte[] whole = gather(chunks, length);
                current.received(new String(whole, 0, length, StandardCharsets.UTF_8));
                chunks = List.of(whole);
            }
            PlainObject plain = scan == null ? null : PlainObject.of(chunks, length, scan);
            // a large monitor event is parsed below and goes to the event listener, as before
            if (plain != null && !MonitorEvent.is(plain::has)) {
                batch.add(new Event.Received(plain, length));
                return;
            }
            JsonElement json;
            try {
                json = JsonCodec.parse(gather(chunks, length), 0, length, JsonCodec.Utf8.REPLACE);
            } catch (JsonSyntaxError e) {
                batch.add(new Event.Malformed(e.getMessage() + " at byte " + e.offset()));
                return;
            }
            JsonObject object = json.getAsJsonObject();
            if (MonitorEvent.is(object)) {
                eventListener.accept(new MonitorEvent(object));
                return;
            }
            batch.add(new Event.Received(object, length));
        }

        /**
         * The reply in one array, for the parser; the chunks are taken out of their list (the
         * framer's too, it is the same list). Once gathered, they are garbage: collecting
         * them before the parser copies the reply into a String keeps the peak at twice the reply
         * instead of three times.
         */
        private byte[] gather(List<byte[]> chunks, int length) {
            if (chunks.size() == 1) {
                return chunks.get(0);
            }
            byte[] whole = new byte[length];
            int at = 0;
            for (byte[] chunk : chunks) {
                int n = Math.min(chunk.length, length - at);
                System.arraycopy(chunk, 0, whole, at, n);
                at += n;
            }
            chunks.clear();
            if (length >= COLLECT_ABOVE) {
                System.gc();
            }
            return whole;
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
}
