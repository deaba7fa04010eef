package qga.protocol;

import java.time.Duration;

/** How to wait for one command: its timeout, and whether it replies on success at all. */
public record CallPolicy(Duration timeout, boolean replies) {
    /** How long a no-reply command is given to send an error before it counts as accepted. */
    public static final Duration NO_REPLY_GRACE = Duration.ofSeconds(3);

    public Duration grace() {
        return timeout.compareTo(NO_REPLY_GRACE) < 0 ? timeout : NO_REPLY_GRACE;
    }
}
