package qga.base;

/** The channel cannot be opened, or it was lost before a reply arrived. */
public class ConnectFailedException extends QgaException {
    private static final long serialVersionUID = 1L;

    public ConnectFailedException(String message) {
        super(message, null);
    }

    public ConnectFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.CANNOT_CONNECT;
    }
}
