package qga.protocol;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import qga.base.Phase;
import qga.base.QgaException;
import qga.transport.Channel;

/**
 * Sends requests in batches: queued requests go out in one write just before the caller next
 * waits for the agent, so pipelined requests cost one system call, not one each. A write that
 * has not finished by its request's deadline closes the channel (the agent is not reading, and
 * once the socket buffer fills we would block forever).
 */
final class RequestWriter {
    /** Requests written but not yet sent; capped so a huge guest-file-write goes out on its own. */
    static final int BATCH = 64 << 10;
    /** How long a write may block before a timeout counts against it: the agent is then not reading. */
    static final long GRACE_NANOS = 100_000_000L;

    private final Channel channel;
    private final OutputStream output;
    private final Watchdog watchdog;
    private final ByteArrayOutputStream unsent = new ByteArrayOutputStream(4096);
    private long unsentDeadline;
    private String unsentCommand;

    RequestWriter(Channel channel) {
        this.channel = channel;
        this.output = channel.output();
        this.watchdog = new Watchdog(channel::close);
    }

    /** Queues one request line (after prefix, e.g. the 0xFF reset); sends at once past {@link #BATCH}. */
    void queue(byte[] prefix, String request, long deadlineNanos, String command) throws QgaException {
        queue(prefix, request, deadlineNanos, command, true);
    }

    /** The same; with mayFlush false it never writes here, whatever the size (the next flush sends it). */
    void queue(byte[] prefix, String request, long deadlineNanos, String command, boolean mayFlush) throws QgaException {
        if (unsent.size() == 0) {
            unsentDeadline = deadlineNanos;
            unsentCommand = command;
        }
        unsent.writeBytes(prefix);
        unsent.writeBytes(request.getBytes(StandardCharsets.UTF_8));
        unsent.write('\n');
        if (mayFlush && unsent.size() >= BATCH) {
            flush();
        }
    }

    /** True when requests are queued and not yet sent. */
    boolean pending() {
        return unsent.size() > 0;
    }

    /**
     * Sends what is queued. A write cut short by the deadline is no answer (the agent does not
     * read); any other failure is the channel lost. Either way the channel is then unusable.
     */
    void flush() throws QgaException {
        if (unsent.size() == 0) {
            return;
        }
        // a write that goes through at once is never "not taken", however short the timeout
        watchdog.arm(Math.max(unsentDeadline, System.nanoTime() + GRACE_NANOS));
        try {
            unsent.writeTo(output);
            output.flush();
        } catch (IOException e) {
            if (watchdog.disarm()) {
                throw QgaException.noAnswer(Phase.SEND, "the agent did not take " + unsentCommand + " in time (it is not reading)", e);
            }
            String reason = channel.closeReason();
            throw QgaException.channelLost(Phase.SEND, "cannot send " + unsentCommand + ": " + (reason != null ? reason
                    : e.getMessage() != null ? e.getMessage() : e.toString()), e);
        } finally {
            unsent.reset();
        }
        watchdog.disarm();
    }

    void stop() {
        watchdog.stop();
    }
}
