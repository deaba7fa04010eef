package qga.protocol;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Hands events from the reader thread to the waiting caller, a batch at a time (every reply
 * framed from one read), so a stream of small replies costs one wake-up per read rather than one
 * per reply. Bounded in bytes and in count: a peer that floods us blocks the reader (and, through
 * the socket, itself) instead of filling memory; one batch always fits, whatever its size.
 */
final class EventQueue {
    private static final int MAX_EVENTS = 4096;

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final long byteBudget;
    private long bytes;

    EventQueue(long byteBudget) {
        this.byteBudget = byteBudget;
    }

    synchronized void putAll(List<Event> batch) throws InterruptedException {
        long weight = 0;
        for (Event event : batch) {
            weight += event.weight();
        }
        while (!events.isEmpty() && (bytes + weight > byteBudget || events.size() + batch.size() > MAX_EVENTS)) {
            wait();
        }
        events.addAll(batch);
        bytes += weight;
        notifyAll();
    }

    /**
     * Moves every queued event into the caller's deque, waiting up to the given time for one;
     * false on timeout, or as soon as stop says so (a cancel, which calls wake()).
     */
    synchronized boolean drainTo(Deque<Event> into, long nanos, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (events.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || stop.getAsBoolean()) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        into.addAll(events);
        events.clear();
        bytes = 0;
        notifyAll();
        return true;
    }

    /** Wakes a waiting caller so that it looks at its stop condition again. */
    synchronized void wake() {
        notifyAll();
    }

    synchronized boolean isEmpty() {
        return events.isEmpty();
    }
}
