package qga.base;

/**
 * Every failure qga expects: the exit code it maps to and the phase it happened in, so that no
 * caller reads the message to decide anything. The message is one line meant for the user and
 * names the fix where there is one.
 */
public final class QgaException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ExitCode exitCode;
    private final Phase phase;
    private final boolean cancelled;

    private QgaException(ExitCode exitCode, Phase phase, boolean cancelled, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.phase = phase;
        this.cancelled = cancelled;
    }

    public QgaException(ExitCode exitCode, Phase phase, String message, Throwable cause) {
        this(exitCode, phase, false, message, cause);
    }

    /** Usage errors and malformed input: rejected before anything is sent (exit 2). */
    public static QgaException badInput(String message) {
        return badInput(message, null);
    }

    public static QgaException badInput(String message, Throwable cause) {
        return new QgaException(ExitCode.BAD_INPUT, Phase.VALIDATE, message, cause);
    }

    /** The channel cannot be opened (exit 3). */
    public static QgaException cannotConnect(String message) {
        return cannotConnect(message, null);
    }

    public static QgaException cannotConnect(String message, Throwable cause) {
        return new QgaException(ExitCode.CANNOT_CONNECT, Phase.CONNECT, message, cause);
    }

    /** The channel was lost in a later phase (exit 3). */
    public static QgaException channelLost(Phase phase, String message, Throwable cause) {
        return new QgaException(ExitCode.CANNOT_CONNECT, phase, message, cause);
    }

    /** Nothing (or nothing of ours) arrived before the deadline (exit 4). */
    public static QgaException noAnswer(String message) {
        return noAnswer(Phase.REPLY, message, null);
    }

    public static QgaException noAnswer(String message, Throwable cause) {
        return noAnswer(Phase.REPLY, message, cause);
    }

    public static QgaException noAnswer(Phase phase, String message) {
        return noAnswer(phase, message, null);
    }

    public static QgaException noAnswer(Phase phase, String message, Throwable cause) {
        return new QgaException(ExitCode.NO_ANSWER, phase, message, cause);
    }

    /** The agent sent something that is not a reply of the protocol (exit 5). */
    public static QgaException protocol(String message) {
        return new QgaException(ExitCode.PROTOCOL, Phase.REPLY, message, null);
    }

    /** The agent answered with an error where qga needed an answer (exit 1). */
    public static QgaException agentError(String message) {
        return new QgaException(ExitCode.AGENT_ERROR, Phase.REPLY, message, null);
    }

    /** The wait was cancelled (Ctrl-C); counts as no answer (exit 4). */
    public static QgaException cancelled(String message) {
        return new QgaException(ExitCode.NO_ANSWER, Phase.REPLY, true, message, null);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public Phase phase() {
        return phase;
    }

    /** True for a wait stopped by the user, not by the agent or a timeout. */
    public boolean cancelled() {
        return cancelled;
    }

    /** This failure as a user error: nothing was sent. */
    public boolean isBadInput() {
        return exitCode == ExitCode.BAD_INPUT;
    }
}
