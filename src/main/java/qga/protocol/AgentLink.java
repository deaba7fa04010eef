package qga.protocol;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.function.Consumer;
import qga.base.QgaException;

/**
 * One conversation with an agent: over a byte channel (AgentClient, a {@link SyncedLink}), or
 * through libvirt (VirshLink, which syncs for itself). Requests may be sent ahead and their
 * replies awaited in order.
 */
public interface AgentLink extends AutoCloseable {
    /** A request on its way: the id it carries and what the user sent. */
    record Ticket(String wireId, Request request) {
    }

    boolean isOpen();

    Ticket send(Request request, Duration timeout) throws QgaException;

    Reply await(Ticket ticket, long deadlineNanos, Duration timeout) throws QgaException;

    default Reply call(Request request, Duration timeout) throws QgaException {
        Ticket ticket = send(request, timeout);
        return await(ticket, System.nanoTime() + timeout.toNanos(), timeout);
    }

    /** For commands that reply only on failure: an error reply, or acceptance. */
    Outcome callWithoutReply(Request request, Duration timeout, Duration grace) throws QgaException;

    /** Stops the wait in progress, from any thread; the waiter gets a QgaException. */
    void cancel();

    /** True when the next reply is already here, so awaiting it will not block. */
    boolean replyReady();

    void setWireTap(WireTap tap);

    /** The QEMU monitor's greeting once negotiated with, or null: the peer is a guest agent (or not known yet). */
    default JsonObject greeting() {
        return null;
    }

    /** True when a QEMU monitor answers: one that greeted, or one libvirt holds for us (no greeting then). */
    default boolean isMonitor() {
        return greeting() != null;
    }

    /** True when a QEMU monitor's events reach this link (not through libvirt, which keeps them). */
    default boolean sendsEvents() {
        return isMonitor();
    }

    /** Told of each event a QEMU monitor sends, on another thread, as it comes. */
    default void setEventListener(Consumer<MonitorEvent> listener) {
    }

    @Override
    void close();
}
