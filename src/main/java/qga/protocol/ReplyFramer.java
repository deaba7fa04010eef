package qga.protocol;

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
        /** Inside a reply, outside strings. */
        VALUE,
        STRING,
        ESCAPE,
        /** After garbage between replies: discard to the end of the line or a 0xFF. */
        DISCARD_LINE
    }

    private static final int RELEASE_ABOVE = 1 << 20;

    private final Sink sink;
    private final long maxReply;
    private final int maxDepth;
    private State state;
    private byte[] buffer = new byte[8192];
    private int length;
    private int depth;

    ReplyFramer(Sink sink, long maxReply, int maxDepth, boolean startInSync) {
        this.sink = sink;
        this.maxReply = maxReply;
        this.maxDepth = maxDepth;
        this.state = startInSync ? State.BETWEEN : State.SKIP;
    }

    /** Bytes of a reply received so far but not completed (for "cut reply" reports at EOF). */
    int partialLength() {
        return state == State.VALUE || state == State.STRING || state == State.ESCAPE ? length : 0;
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
            state = State.VALUE;
            depth = 0;
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
            byte c = data[i];
            if (c == (byte) 0xFF) {
                state = State.BETWEEN;
                length = 0;
                sink.delimiter(true);
                return i + 1;
            }
            switch (state) {
                case STRING:
                    if (c == '"') {
                        state = State.VALUE;
                    } else if (c == '\\') {
                        state = State.ESCAPE;
                    }
                    break;
                case ESCAPE:
                    state = State.STRING;
                    break;
                default:
                    if (c == '"') {
                        state = State.STRING;
                    } else if (c == '{' || c == '[') {
                        if (++depth > maxDepth) {
                            return overLimit("a reply nested deeper than " + maxDepth + " levels", i + 1);
                        }
                    } else if (c == '}' || c == ']') {
                        if (--depth == 0) {
                            if (!append(data, from, i + 1 - from)) {
                                return overLimit(oversize(), i + 1);
                            }
                            state = State.BETWEEN;
                            int replyLength = length;
                            length = 0;
                            sink.reply(buffer, replyLength);
                            if (buffer.length > RELEASE_ABOVE) {
                                buffer = new byte[8192];
                            }
                            return i + 1;
                        }
                    }
                    break;
            }
            i++;
        }
        if (!append(data, from, end - from)) {
            return overLimit(oversize(), end);
        }
        return end;
    }

    private String oversize() {
        return "a reply larger than the reply cap of " + maxReply + " bytes (raise it with --max-reply)";
    }

    /** Gives up on the current reply; what follows is discarded up to the next 0xFF. */
    private int overLimit(String what, int next) throws InterruptedException {
        state = State.SKIP;
        length = 0;
        if (buffer.length > RELEASE_ABOVE) {
            buffer = new byte[8192];
        }
        sink.violation(what);
        return next;
    }

    private boolean append(byte[] data, int from, int count) {
        long needed = (long) length + count;
        if (needed > maxReply) {
            return false;
        }
        if (needed > buffer.length) {
            long grown = Math.max(needed, Math.min(maxReply, buffer.length + (long) (buffer.length >> 1)));
            byte[] bigger = new byte[(int) Math.min(Integer.MAX_VALUE - 8, grown)];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
        System.arraycopy(data, from, buffer, length, count);
        length += count;
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
