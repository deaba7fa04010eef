package qga.protocol;

import com.google.gson.JsonObject;
import java.io.IOException;
import qga.json.PlainObject;

/** What the reader thread saw on the channel. */
sealed interface Event {
    /** Bytes it holds, for the queue's budget. */
    default long weight() {
        return 64;
    }

    /**
     * A reply, kept as its bytes when they are plain (see {@link PlainObject}) and parsed into a
     * tree only when something asks for one; otherwise parsed already.
     */
    final class Received implements Event {
        private final PlainObject plain;
        private final int length;
        private JsonObject json;

        Received(JsonObject json, int length) {
            this.plain = null;
            this.json = json;
            this.length = length;
        }

        Received(PlainObject plain, int length) {
            this.plain = plain;
            this.length = length;
        }

        /** The tree, parsed now if it was not yet. */
        JsonObject json() {
            if (json == null) {
                json = plain.parse();
            }
            return json;
        }

        /** The bytes, while no tree was asked for; null after that, or when they were not plain. */
        PlainObject plain() {
            return json == null ? plain : null;
        }

        int length() {
            return length;
        }

        /** Whether the reply has this top-level member, without parsing it. */
        boolean has(String name) {
            PlainObject bytes = plain();
            return bytes != null ? bytes.has(name) : json.has(name);
        }

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
