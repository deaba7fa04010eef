package qga.protocol;

import com.google.gson.JsonObject;
import java.io.IOException;

/** What the reader thread saw on the channel. */
sealed interface Event {
    /** Bytes it holds, for the queue's budget. */
    default long weight() {
        return 64;
    }

    record Received(JsonObject json, int length) implements Event {
        @Override
        public long weight() {
            return Math.max(64, length);
        }
    }

    /** A complete object that is not valid JSON. */
    record Malformed(String why) implements Event {
    }

    record Delimiter(boolean cut) implements Event {
    }

    /** Garbage between replies, an oversize reply, or nesting too deep. */
    record Violation(String what) implements Event {
    }

    /**
     * End of stream: partial is the length of an unfinished reply, or 0; error is the read
     * failure that ended it (a reset), or null for a clean close.
     */
    record Closed(int partial, IOException error) implements Event {
    }
}
