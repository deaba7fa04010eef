package qga.protocol;

/**
 * Closes the channel if a write has not finished by its deadline: a peer that stops reading
 * would otherwise block us forever once the socket buffer fills.
 */
final class Watchdog {
    private final Runnable onExpiry;
    private Thread thread;
    private long deadline;
    private boolean armed;
    private boolean fired;
    private boolean stopped;

    Watchdog(Runnable onExpiry) {
        this.onExpiry = onExpiry;
    }

    synchronized void arm(long deadlineNanos) {
        deadline = deadlineNanos;
        armed = true;
        fired = false;
        if (thread == null) {
            thread = new Thread(this::watch, "qga-write-watchdog");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
    }

    /** Returns true if the deadline passed and the action ran. */
    synchronized boolean disarm() {
        armed = false;
        notifyAll();
        return fired;
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    private synchronized void watch() {
        while (!stopped) {
            try {
                if (!armed) {
                    wait();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    wait(Math.max(1, left / 1_000_000));
                    continue;
                }
                armed = false;
                fired = true;
                onExpiry.run();
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
