package qga.protocol;

import qga.json.BracketScanner;

/**
 * Splits the agent's byte stream into replies, one top-level JSON object each, without decoding
 * text. A 0xFF byte can never occur in UTF-8 JSON: it is the agent's sync delimiter and always
 * resets framing, wherever it appears. Nothing is buffered beyond the reply cap, and nesting is
 * bounded, so a hostile peer costs at most one capped buffer.
 */
final class ReplyFramer {
    /** Receives what the framer finds, on the reader thread. */
    interface Sink {
        void reply(byte[] buffer, int length) throws InterruptedException;

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
    private static final int COLLECT_ABOVE = 16 << 20;

    private final Sink sink;
    private final long maxReply;
    private final int maxDepth;
    private State state;
    private byte[] buffer = new byte[65536];
    private final java.util.List<byte[]> spilled = new java.util.ArrayList<>();
    private int spilledBytes;
    private int length;
    private BracketScanner scanner;

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
            i = scanner.skipStringContent(data, i, end, (byte) 0xFF);
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
     * Hands the reply to the sink. A reply that outgrew the first buffer is gathered into one
     * array of exactly its size, once: growing a single array would copy it again and again and
     * leave it up to half as large again as the reply.
     */
    private void emitReply() throws InterruptedException {
        if (spilled.isEmpty()) {
            int replyLength = length;
            length = 0;
            sink.reply(buffer, replyLength);
            return;
        }
        byte[] whole = new byte[length];
        int at = 0;
        for (byte[] chunk : spilled) {
            System.arraycopy(chunk, 0, whole, at, chunk.length);
            at += chunk.length;
        }
        System.arraycopy(buffer, 0, whole, at, length - at);
        spilled.clear();
        spilledBytes = 0;
        length = 0;
        if (whole.length >= COLLECT_ABOVE) {
            // the gathering buffers are garbage now; collecting them before the parser copies the
            // reply into a String keeps the peak at twice the reply instead of three times
            System.gc();
        }
        sink.reply(whole, whole.length);
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
        while (count > 0) {
            int used = length - spilledBytes;
            if (used == buffer.length) {
                spilled.add(buffer);
                spilledBytes += buffer.length;
                buffer = new byte[CHUNK];
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
