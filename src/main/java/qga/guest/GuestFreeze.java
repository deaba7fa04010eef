package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.protocol.Request;

/**
 * Freezes the guest's file systems (all, or the mount points given), holds the freeze while
 * something is done (a snapshot taken from the host) or for a time, and always thaws: when the
 * hold ends, on {@link #interrupt()}, and after any failure once the freeze request has gone out,
 * since a freeze whose reply never came may still take effect in the agent. While frozen the agent
 * takes only guest-ping, guest-info, guest-sync*, guest-fsfreeze-status and -thaw, so nothing else
 * is sent until the thaw. Killed outright (SIGKILL), the caller cannot thaw: the guest stays frozen
 * until a guest-fsfreeze-thaw, since qemu-ga on Linux has no time limit of its own.
 */
public final class GuestFreeze {
    /** How long the thaw may take at least (the agent answers it once the freeze, possibly still running, is done). */
    public static final Duration THAW_WAIT = Duration.ofSeconds(60);
    /** A thaw that failed on the channel is sent once more (after a reconnect and resync). */
    static final int THAW_ATTEMPTS = 2;

    /** Why the freeze ended. */
    public enum Ending {
        /** The time given passed (with work: the work ran past it). */
        TIME_UP,
        /** The work done while frozen finished. */
        DONE,
        /** {@link #interrupt()} came. */
        INTERRUPTED
    }

    /**
     * How it went.
     *
     * @param sent whether the freeze request went out (an interrupt can come before)
     * @param frozen how many file systems the freeze took, or -1 if it never said (interrupted
     *     before or while waiting for it)
     * @param thawed how many the thaw released (0 when nothing was sent)
     * @param ending why the freeze ended
     */
    public record Result(boolean sent, long frozen, long thawed, Ending ending) {
        static Result notSent() {
            return new Result(false, -1, 0, Ending.INTERRUPTED);
        }

        /** "thawed 2 file systems", and the count frozen when something else thawed some meanwhile. */
        public String thawedText() {
            return "thawed " + plural(thawed, "file system") + (frozen > thawed
                    ? " (of " + frozen + " frozen: something else in the guest thawed the others meanwhile)" : "");
        }
    }

    /** What happens while the file systems are frozen. */
    public interface Work {
        /**
         * Called once, when frozen: starts the work and returns what completes when it is done,
         * or null to hold the freeze for the whole time given. A failure here thaws at once.
         */
        CompletableFuture<?> start(long frozen) throws QgaException;
    }

    private enum Phase {
        CHECKING, FREEZING, HOLDING, THAWING
    }

    private final Agent agent;
    private final List<String> mountpoints;
    private final Duration thawAfter;
    private final Duration thawTimeout;
    private final Log log;
    private final Object lock = new Object();
    private Phase phase = Phase.CHECKING;
    private boolean interrupted;

    /**
     * @param mountpoints the guest mount points to freeze; empty for every file system the agent can freeze
     * @param thawAfter the longest the freeze is held
     * @param thawTimeout how long the thaw may wait for its reply (at least {@link #THAW_WAIT} is sensible)
     */
    public GuestFreeze(Agent agent, List<String> mountpoints, Duration thawAfter, Duration thawTimeout, Log log) {
        this.agent = agent;
        this.mountpoints = List.copyOf(mountpoints);
        this.thawAfter = thawAfter;
        this.thawTimeout = thawTimeout;
        this.log = log;
    }

    /** guest-fsfreeze-status: true if the agent holds file systems frozen. */
    public static boolean isFrozen(Agent agent) throws QgaException {
        JsonElement status = agent.call("guest-fsfreeze-status", null);
        if (status == null || !status.isJsonPrimitive() || !status.getAsJsonPrimitive().isString()) {
            throw QgaException.protocol("guest-fsfreeze-status returned " + status + ", not \"frozen\" or \"thawed\"");
        }
        switch (status.getAsString()) {
            case "frozen":
                return true;
            case "thawed":
                return false;
            default:
                throw QgaException.protocol("guest-fsfreeze-status returned \"" + status.getAsString()
                        + "\", not \"frozen\" or \"thawed\"");
        }
    }

    /** guest-fsfreeze-thaw: how many file systems it released. */
    public static long thaw(Agent agent) throws QgaException {
        return count(agent.call("guest-fsfreeze-thaw", null), "guest-fsfreeze-thaw");
    }

    /**
     * From any thread (a signal): ends the hold, or the wait for the freeze's reply, and thaws.
     * Once the thaw has started it is not stopped. Only the first call acts.
     */
    public void interrupt() {
        synchronized (lock) {
            if (interrupted) {
                return;
            }
            interrupted = true;
            if (phase == Phase.CHECKING || phase == Phase.FREEZING) {
                // under the lock: the thaw cannot start before this cancel has landed
                agent.cancel();
            }
            lock.notifyAll();
        }
    }

    /**
     * Freezes, holds while work runs (or for the time given), thaws. Refuses (exit 1) a guest
     * that is frozen already: that freeze is someone else's to end. A failure after the freeze was
     * sent is thrown after the thaw, saying how the thaw went.
     */
    public Result run(Work work) throws QgaException {
        Request freeze = mountpoints.isEmpty() ? Request.of("guest-fsfreeze-freeze", null)
                : Request.of("guest-fsfreeze-freeze-list", mountpointArguments());
        try {
            check(freeze);
        } catch (QgaException e) {
            if (e.cancelled() && isInterrupted()) {
                return Result.notSent();
            }
            throw e;
        }
        if (!enter(Phase.FREEZING)) {
            return Result.notSent();
        }
        long frozen = -1;
        Ending ending = Ending.INTERRUPTED;
        QgaException failure = null;
        try {
            log.verbose("sending " + freeze.command() + (mountpoints.isEmpty() ? "" : " " + String.join(" ", mountpoints)));
            frozen = count(agent.call(freeze.command(), freeze.arguments()), freeze.command());
            if (frozen == 0) {
                failure = QgaException.agentError("the agent froze no file system" + (mountpoints.isEmpty()
                        ? " (it found none it can freeze)" : ": " + String.join(", ", mountpoints)
                        + " is not a mounted file system it can freeze (mount points as guest-get-fsinfo lists them)"));
            } else if (enter(Phase.HOLDING)) {
                ending = hold(work.start(frozen));
            }
        } catch (QgaException e) {
            failure = e.cancelled() && isInterrupted() ? null : e;
        } catch (RuntimeException e) {
            // even a bug of ours while frozen ends with the thaw
            failure = new QgaException(ExitCode.INTERNAL, qga.base.Phase.REPLY, "internal error while frozen: " + e, e);
        } finally {
            enter(Phase.THAWING);
        }
        // an error reply to the freeze itself: the agent thawed what it had frozen before answering
        boolean refused = frozen < 0 && failure != null && failure.exitCode() == ExitCode.AGENT_ERROR;
        if (refused && !stillFrozen()) {
            throw failure;
        }
        long thawed = thawAfterFreeze(frozen, failure);
        if (failure == null) {
            return new Result(true, frozen, thawed, ending);
        }
        throw frozen == 0 ? failure : new QgaException(failure.exitCode(), failure.phase(),
                failure.getMessage() + "; the thaw sent after it released " + plural(thawed, "file system"), failure);
    }

    /** After a refused freeze: whether the agent says frozen all the same (or cannot say). */
    private boolean stillFrozen() {
        try {
            return isFrozen(agent);
        } catch (QgaException e) {
            return true;
        }
    }

    /** Before the freeze: both requests would be taken, and no freeze is held already. */
    private void check(Request freeze) throws QgaException {
        agent.admit(freeze);
        try {
            agent.admit(Request.of("guest-fsfreeze-thaw", null));
        } catch (QgaException e) {
            throw new QgaException(e.exitCode(), e.phase(), "not freezing what cannot be thawed: " + e.getMessage(), e);
        }
        if (isFrozen(agent)) {
            throw QgaException.agentError("the guest's file systems are frozen already, by an earlier freeze:"
                    + " end that one with guest-fsfreeze-thaw (qga ADDRESS fsfreeze thaw)");
        }
    }

    /** The thaw, tried again once if the channel failed it; a failure names what the user must do. */
    private long thawAfterFreeze(long frozen, QgaException freezeFailure) throws QgaException {
        agent.setTimeout(thawTimeout);
        QgaException last = null;
        for (int attempt = 1; attempt <= THAW_ATTEMPTS; attempt++) {
            try {
                log.verbose("sending guest-fsfreeze-thaw" + (attempt > 1 ? " again" : ""));
                long thawed = thaw(agent);
                if (frozen > 0 && thawed != frozen) {
                    log.verbose("froze " + frozen + ", thawed " + thawed + ": something else thawed the others meanwhile");
                }
                return thawed;
            } catch (QgaException e) {
                last = e;
                if (e.exitCode() == ExitCode.AGENT_ERROR || e.isBadInput()) {
                    break;
                }
            }
        }
        String before = freezeFailure == null ? "" : freezeFailure.getMessage() + "; then ";
        throw new QgaException(last.exitCode(), last.phase(), before + "the thaw failed (" + last.getMessage()
                + "): the guest's file systems may still be frozen: thaw them with guest-fsfreeze-thaw (qga ADDRESS"
                + " fsfreeze thaw)", last);
    }

    /** Waits until the work is done, the time is up or an interrupt comes. */
    private Ending hold(CompletableFuture<?> done) {
        long deadline = System.nanoTime() + thawAfter.toNanos();
        if (done != null) {
            done.whenComplete((value, error) -> {
                synchronized (lock) {
                    lock.notifyAll();
                }
            });
        }
        synchronized (lock) {
            while (true) {
                if (interrupted) {
                    return Ending.INTERRUPTED;
                }
                if (done != null && done.isDone()) {
                    return Ending.DONE;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Ending.TIME_UP;
                }
                try {
                    lock.wait(Math.max(1, (left + 999_999) / 1_000_000));
                } catch (InterruptedException e) {
                    // a thread interrupt ends the hold like a signal does; the thaw still comes
                    Thread.currentThread().interrupt();
                    interrupted = true;
                }
            }
        }
    }

    /** Moves to the next phase; false if an interrupt came first (nothing more is started, the thaw still comes). */
    private boolean enter(Phase next) {
        synchronized (lock) {
            phase = next;
            return !interrupted || next == Phase.THAWING;
        }
    }

    private boolean isInterrupted() {
        synchronized (lock) {
            return interrupted;
        }
    }

    private JsonObject mountpointArguments() {
        JsonArray list = new JsonArray();
        mountpoints.forEach(list::add);
        JsonObject arguments = new JsonObject();
        arguments.add("mountpoints", list);
        return arguments;
    }

    private static long count(JsonElement value, String command) throws QgaException {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw QgaException.protocol(command + " returned " + value + ", not a number of file systems");
        }
        return value.getAsLong();
    }

    /** "1 file system", "2 file systems". */
    public static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
