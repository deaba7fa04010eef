package qga.protocol;

import java.util.ArrayDeque;
import qga.base.QgaException;

/**
 * The waiting caller's side of the event queue, and the one place a cancel lands: events taken
 * from the queue a batch at a time and handed out one by one; a wait that another thread can stop
 * at once (Ctrl-C in the shell) without interrupting anything, so no channel is closed by it.
 */
final class Inbox {
    private final EventQueue events;
    /** Events taken from the queue and not yet looked at. */
    private final ArrayDeque<Event> ready = new ArrayDeque<>();
    private volatile boolean cancelRequested;

    Inbox(EventQueue events) {
        this.events = events;
    }

    /** The next event already here, or null; throws if a cancel came. */
    Event poll() throws QgaException {
        checkCancelled();
        return ready.poll();
    }

    /** Waits until the deadline for the next event: null on timeout; throws on cancel. */
    Event await(long deadlineNanos) throws QgaException {
        Event event = poll();
        if (event != null) {
            return event;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        try {
            boolean got = events.drainTo(ready, left, () -> cancelRequested);
            checkCancelled();
            return got ? ready.poll() : null;
        } catch (InterruptedException e) {
            // an interrupt is how a caller without cancel() stops the wait: it is the cancel
            throw cancelledException();
        }
    }

    /** From any thread: the wait in progress, or the next one, throws a cancelled QgaException. */
    void cancel() {
        cancelRequested = true;
        events.wake();
    }

    /** Forgets a cancel that came while nothing waited: a new request starts clean. */
    void clearCancel() {
        cancelRequested = false;
    }

    /** True when an event is already waiting, so awaiting it will not block. */
    boolean ready() {
        return !ready.isEmpty() || !events.isEmpty();
    }

    private void checkCancelled() throws QgaException {
        if (cancelRequested) {
            cancelRequested = false;
            throw cancelledException();
        }
    }

    private static QgaException cancelledException() {
        return QgaException.cancelled("cancelled; the next request resynchronises first");
    }
}
