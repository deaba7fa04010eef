package qga.base;

/** The peer sent something that is not a well-formed reply: garbage, an oversize or a cut reply. */
public class ProtocolViolationException extends QgaException {
    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message, null);
    }

    public ProtocolViolationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.PROTOCOL;
    }
}
