package qga.protocol;

import java.time.Duration;

/** What came of one request: a reply, or for a no-reply command, acceptance. */
public sealed interface Outcome {
    record Replied(Reply reply) implements Outcome {
    }

    /**
     * A command that sends no reply on success was taken: no error arrived within the grace
     * period, or the channel closed (the guest went down) after the given time.
     */
    record Accepted(String command, boolean channelClosed, Duration after) implements Outcome {
        public String describe() {
            String seconds = String.format(java.util.Locale.ROOT, "%.1f s", after.toMillis() / 1000.0);
            return "accepted: the agent sends no reply to " + command + " on success; "
                    + (channelClosed ? "channel closed after " + seconds : "no error within " + seconds);
        }
    }
}
