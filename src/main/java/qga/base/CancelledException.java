package qga.base;

/** The user cancelled the wait (Ctrl-C in the shell); the channel must be resynchronised. */
public class CancelledException extends QgaException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message, null);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.NO_ANSWER;
    }
}
