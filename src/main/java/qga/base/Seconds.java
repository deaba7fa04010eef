package qga.base;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Timeouts as users write them and as qga shows them, the same on the command line, in the config
 * file and in the shell: decimal seconds from 0.001 to 86400, read exactly (2.5 is 2500 ms; "2.5f",
 * "0x1p3" and "NaN" are not numbers of seconds), and shown with every digit they have.
 */
public final class Seconds {
    private static final BigDecimal LARGEST = BigDecimal.valueOf(86_400);

    private Seconds() {
    }

    /**
     * The duration text gives, in whole milliseconds (at least one). name is how the message
     * names the setting ("timeout"), option how the user sets it ("--timeout", ":timeout").
     */
    public static Duration parse(String text, String name, String option) throws QgaException {
        BigDecimal seconds;
        try {
            seconds = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw QgaException.badInput(name + " " + Excerpt.of(text) + " is not a number of seconds (e.g. " + option + " 2.5)");
        }
        if (seconds.signum() <= 0 || seconds.compareTo(LARGEST) > 0) {
            throw QgaException.badInput(name + " " + Excerpt.of(text) + " is out of range: give seconds between 0.001 and 86400");
        }
        return Duration.ofMillis(Math.max(1, seconds.movePointRight(3).longValue()));
    }

    /** 0.001 s, 2.5 s, 10 s: timeouts are whole milliseconds, and every digit they have is shown. */
    public static String text(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
