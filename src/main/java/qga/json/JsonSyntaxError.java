package qga.json;

/** Malformed JSON, with the byte offset where parsing stopped. */
public final class JsonSyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public JsonSyntaxError(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** Offset of the offending byte, relative to the start of the parsed range. */
    public int offset() {
        return offset;
    }
}
