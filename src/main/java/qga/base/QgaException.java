package qga.base;

/**
 * Every failure qga expects carries the exit code it maps to; the message is one line meant for
 * the user and names the fix where there is one.
 */
public abstract class QgaException extends Exception {
    private static final long serialVersionUID = 1L;

    protected QgaException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract ExitCode exitCode();
}
