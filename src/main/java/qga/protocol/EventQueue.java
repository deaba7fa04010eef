package qga.protocol;

import java.util.ArrayDeque;

/**
 * Hands events from the reader thread to the waiting caller. Bounded in bytes and in count, so
 * a peer that floods us blocks the reader (and, through the socket, itself) instead of filling
 * memory; one event always fits, whatever its size.
 */
final class EventQueue {
    private static final int MAX_EVENTS = 4096;

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final long byteBudget;
    private long bytes;

    EventQueue(long byteBudget) {
        this.byteBudget = byteBudget;
    }

    synchronized void put(Event event) throws InterruptedException {
        while (!events.isEmpty() && (bytes + event.weight() > byteBudget || events.size() >= MAX_EVENTS)) {
            wait();
        }
        events.add(event);
        bytes += event.weight();
        notifyAll();
    }

    /** The next event, or null if none arrives within the given time. */
    synchronized Event poll(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (events.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        Event event = events.poll();
        bytes -= event.weight();
        notifyAll();
        return event;
    }

    synchronized boolean isEmpty() {
        return events.isEmpty();
    }
}
