package qga.support;

import java.time.Duration;

/** Waits for a condition by asking it again and again until it holds or a deadline passes. */
public final class Poll {
    /** A condition that may read files or processes to answer. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private static final long INTERVAL_MILLIS = 10;

    private Poll() {
    }

    /** Returns once the condition holds; fails naming what was awaited when the limit passes first. */
    public static void until(String what, Duration limit, Condition condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + limit.toSeconds() + " s for " + what);
            }
            Thread.sleep(INTERVAL_MILLIS);
        }
    }
}
