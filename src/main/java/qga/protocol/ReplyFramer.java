package qga.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import qga.json.BracketScanner;
import qga.json.PlainScan;

/**
 * Splits the agent's byte stream into replies, one top-level JSON object each, without decoding
 * text. A 0xFF byte can never occur in UTF-8 JSON: it is the agent's sync delimiter and always
 * resets framing, wherever it appears. Nothing is buffered beyond the reply cap, and nesting is
 * bounded, so a hostile peer costs at most one capped buffer.
 */
final class ReplyFramer {
    /** Receives what the framer finds, on the reader thread. */
    interface Sink {
        /**
         * A reply's bytes: every chunk full except the last, which holds the rest of length; and
         * for a reply larger than {@link #SCAN_ABOVE}, the plain scan fed every byte of it as it
         * came (null for a smaller one). The chunks may be kept only when the scan found the reply
         * plain; otherwise they are the framer's again once this returns.
         */
        void reply(List<byte[]> chunks, int length, PlainScan scan) throws InterruptedException;

        /** A 0xFF byte; cut is true when it interrupted a reply. */
        void delimiter(boolean cut) throws InterruptedException;

        void violation(String what) throws InterruptedException;
    }

    private enum State {
        /** Discard everything up to the next 0xFF. */
        SKIP,
        /** Between replies: whitespace, '{', or 0xFF. */
        BETWEEN,
        /** Inside a reply. */
        REPLY,
        /** After garbage between replies: discard to the end of the line or a 0xFF. */
        DISCARD_LINE
    }

    /** The size of the buffers a large reply is gathered in. */
    private static final int CHUNK = 1 << 20;
    private static final int FIRST_BUFFER = 65536;
    /**
     * Replies larger than this are scanned, and kept as bytes when plain. Below it a tree costs
     * little, and the readers of such replies want the tree anyway: qga cp's 64 KiB chunks (87 KB
     * replies) kept as bytes would have their tree built later, on the copying thread instead of
     * the reader's.
     */
    static final int SCAN_ABOVE = 1 << 20;

    private final Sink sink;
    private final long maxReply;
    private final int maxDepth;
    private State state;
    private byte[] buffer = new byte[FIRST_BUFFER];
    private final List<byte[]> spilled = new ArrayList<>();
    private int spilledBytes;
    private int length;
    private BracketScanner scanner;
    /**
     * Fed as bytes arrive, so a large reply is checked while the agent is still writing it; only
     * for replies larger than {@link #SCAN_ABOVE} (null until then): for a small one (a ping's 40
     * bytes) the scan and the bytes path cost more CPU under C1 than parsing and printing a tree
     * (50,000 piped pings: 1.7 against 1.4 s user).
     */
    private PlainScan plainScan;
    /** A spill buffer a reply parsed on the spot gave back, for the next reply that needs one. */
    private byte[] spare;

    ReplyFramer(Sink sink, long maxReply, int maxDepth, boolean startInSync) {
        this.sink = sink;
        this.maxReply = maxReply;
        this.maxDepth = maxDepth;
        this.state = startInSync ? State.BETWEEN : State.SKIP;
    }

    /** Bytes of a reply received so far but not completed (for "cut reply" reports at EOF). */
    int partialLength() {
        return state == State.REPLY ? length : 0;
    }

    void feed(byte[] data, int offset, int count) throws InterruptedException {
        int i = offset;
        int end = offset + count;
        while (i < end) {
            switch (state) {
                case SKIP:
                    i = skip(data, i, end);
                    break;
                case DISCARD_LINE:
                    i = discardLine(data, i, end);
                    break;
                case BETWEEN:
                    i = between(data, i, end);
                    break;
                default:
                    i = inReply(data, i, end);
                    break;
            }
        }
    }

    private int skip(byte[] data, int i, int end) throws InterruptedException {
        for (int j = i; j < end; j++) {
            if (data[j] == (byte) 0xFF) {
                state = State.BETWEEN;
                sink.delimiter(false);
                return j + 1;
            }
        }
        return end;
    }

    private int discardLine(byte[] data, int i, int end) throws InterruptedException {
        for (int j = i; j < end; j++) {
            if (data[j] == '\n') {
                state = State.BETWEEN;
                return j + 1;
            }
            if (data[j] == (byte) 0xFF) {
                state = State.BETWEEN;
                sink.delimiter(false);
                return j + 1;
            }
        }
        return end;
    }

    private int between(byte[] data, int i, int end) throws InterruptedException {
        byte c = data[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            return i + 1;
        }
        if (c == (byte) 0xFF) {
            sink.delimiter(false);
            return i + 1;
        }
        if (c == '{') {
            state = State.REPLY;
            scanner = new BracketScanner();
            plainScan = null;
            length = 0;
            return i;
        }
        state = State.DISCARD_LINE;
        sink.violation("unexpected " + describe(data, i, end) + " where a reply should start");
        return i + 1;
    }

    /** Scans a run of reply bytes, appending them in one copy when the run ends. */
    private int inReply(byte[] data, int i, int end) throws InterruptedException {
        int from = i;
        while (i < end) {
            // inside strings (base64 above all) only a quote, a backslash and 0xFF matter
            i = scanner.skipStringContent(data, i, end);
            if (i == end) {
                break;
            }
            byte c = data[i];
            if (c == (byte) 0xFF) {
                discardReply();
                state = State.BETWEEN;
                sink.delimiter(true);
                return i + 1;
            }
            BracketScanner.Step step = scanner.take(c);
            if (step == BracketScanner.Step.OPEN && scanner.depth() > maxDepth) {
                return overLimit("a reply nested deeper than " + maxDepth + " levels", i + 1);
            }
            if (step == BracketScanner.Step.CLOSE && scanner.depth() == 0) {
                if (!append(data, from, i + 1 - from)) {
                    return overLimit(oversize(), i + 1);
                }
                state = State.BETWEEN;
                emitReply();
                return i + 1;
            }
            i++;
        }
        if (!append(data, from, end - from)) {
            return overLimit(oversize(), end);
        }
        return end;
    }

    /**
     * Hands the reply to the sink as the buffers it was gathered in, never copied into one array:
     * a 56 MiB reply would need twice its size for the copy. A small reply gets its own copy, as
     * the first buffer is used again for the next one.
     */
    private void emitReply() throws InterruptedException {
        int replyLength = length;
        length = 0;
        if (spilled.isEmpty()) {
            sink.reply(List.of(Arrays.copyOf(buffer, replyLength)), replyLength, plainScan);
            return;
        }
        List<byte[]> chunks = new ArrayList<>(spilled);
        chunks.add(buffer);
        boolean kept = plainScan != null && plainScan.plain();
        byte[] last = buffer;
        // a reply parsed on the spot gives its buffers back: qga cp's 87 KB replies would
        // otherwise cost a new 1 MiB buffer each, allocated in the old generation
        buffer = kept ? new byte[FIRST_BUFFER] : spilled.get(0);
        spilled.clear();
        spilledBytes = 0;
        sink.reply(chunks, replyLength, plainScan);
        if (!kept && last.length == CHUNK) {
            spare = last;
        }
    }

    private void discardReply() {
        spilled.clear();
        spilledBytes = 0;
        length = 0;
    }

    private String oversize() {
        return "a reply larger than the reply cap of " + maxReply + " bytes (raise it with --max-reply)";
    }

    /** Gives up on the current reply; what follows is discarded up to the next 0xFF. */
    private int overLimit(String what, int next) throws InterruptedException {
        state = State.SKIP;
        discardReply();
        sink.violation(what);
        return next;
    }

    /** Adds bytes to the reply; full buffers are set aside (spilled) rather than grown. */
    private boolean append(byte[] data, int from, int count) {
        if ((long) length + count > maxReply) {
            return false;
        }
        if (plainScan == null && length + count > SCAN_ABOVE) {
            plainScan = new PlainScan();
            for (byte[] full : spilled) {
                plainScan.feed(full, 0, full.length);
            }
            plainScan.feed(buffer, 0, length - spilledBytes);
        }
        if (plainScan != null) {
            plainScan.feed(data, from, from + count);
        }
        while (count > 0) {
            int used = length - spilledBytes;
            if (used == buffer.length) {
                spilled.add(buffer);
                spilledBytes += buffer.length;
                buffer = spare != null ? spare : new byte[CHUNK];
                spare = null;
                used = 0;
            }
            int n = Math.min(count, buffer.length - used);
            System.arraycopy(data, from, buffer, used, n);
            length += n;
            from += n;
            count -= n;
        }
        return true;
    }

    private static String describe(byte[] data, int i, int end) {
        StringBuilder sample = new StringBuilder();
        for (int j = i; j < end && j < i + 24; j++) {
            int c = data[j] & 0xFF;
            if (c == '\n' || c == 0xFF) {
                break;
            }
            sample.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return "data \"" + sample + "\"";
    }
}
