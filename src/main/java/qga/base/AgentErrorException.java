package qga.base;

/** The agent answered, with an error, a request qga needed in order to go on. */
public class AgentErrorException extends QgaException {
    private static final long serialVersionUID = 1L;

    public AgentErrorException(String message) {
        super(message, null);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.AGENT_ERROR;
    }
}
