package qga.base;

/** Nothing (or nothing of ours) arrived before the deadline. */
public class NoAnswerException extends QgaException {
    private static final long serialVersionUID = 1L;

    public NoAnswerException(String message) {
        super(message, null);
    }

    public NoAnswerException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.NO_ANSWER;
    }
}
