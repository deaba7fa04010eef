package qga.guest;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import qga.base.QgaException;

/**
 * A workflow's stop switch, thrown from any thread (a Ctrl-C handler), which also cancels the
 * agent's wait. The agent forgets a cancel that lands between two requests, so the workflow asks
 * {@link #check()} before each step; pauses between polls end at once.
 */
final class Cancellation {
    /** For the clean-up after a cancel, which must run to its end. */
    static final Cancellation NEVER = new Cancellation();

    private final CountDownLatch cancelled = new CountDownLatch(1);

    void cancel() {
        cancelled.countDown();
    }

    boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    void check() throws QgaException {
        if (isCancelled()) {
            throw QgaException.cancelled("cancelled");
        }
    }

    /** Waits, or stops waiting at a cancel and throws. */
    void pause(long millis) throws QgaException {
        try {
            if (cancelled.await(millis, TimeUnit.MILLISECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QgaException.cancelled("interrupted");
        }
    }
}
