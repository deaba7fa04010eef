package qga.base;

/** The one table of exit statuses, shown in --help and in the man page. */
public enum ExitCode {
    OK(0, "success (for a no-reply command: the agent accepted it)"),
    AGENT_ERROR(1, "the agent replied with an error"),
    BAD_INPUT(2, "usage error or malformed input; nothing was sent"),
    CANNOT_CONNECT(3, "cannot connect (missing, not a socket, refused, denied), or channel lost"),
    NO_ANSWER(4, "no answer in time (no agent in the guest, or another client holds it)"),
    PROTOCOL(5, "protocol violation (garbage, oversize or cut reply)"),
    MISMATCH(6, "the SHA-256 of the copy in the guest is not the local one (cp --verify)"),
    OUTPUT(74, "cannot write the output (disk full, or stdout closed); a reader that left (| head) is not an error"),
    INTERNAL(70, "internal error (stack trace with --debug)");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }

    /** The worse of two outcomes, for a stream of requests: the higher status wins. */
    public ExitCode worse(ExitCode other) {
        return other.status > status ? other : this;
    }
}
