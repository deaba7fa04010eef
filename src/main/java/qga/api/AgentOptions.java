package qga.api;

import java.time.Duration;
import java.util.Map;
import qga.base.Log;

/**
 * How to talk to an agent. timeout null means each command's default (5 s, longer for slow
 * commands); env is where address lookups read PATH and the like; unknownCommandHint is what a
 * front end offers after "unknown command X", in its own terms.
 */
public record AgentOptions(Duration timeout, long maxReply, boolean validate, boolean readOnly,
        Map<String, String> env, Log log, String unknownCommandHint) {
    /** 80 MiB: room for guest-file-read's largest reply (48 MiB of data as base64 JSON). */
    public static final long DEFAULT_MAX_REPLY = 80L << 20;

    /** Validation on, read-only off, each command's default timeout, nothing logged. */
    public static AgentOptions defaults() {
        return new AgentOptions(null, DEFAULT_MAX_REPLY, true, false, System.getenv(), Log.SILENT, null);
    }

    public AgentOptions withTimeout(Duration value) {
        return new AgentOptions(value, maxReply, validate, readOnly, env, log, unknownCommandHint);
    }

    public AgentOptions withMaxReply(long value) {
        return new AgentOptions(timeout, value, validate, readOnly, env, log, unknownCommandHint);
    }

    public AgentOptions withValidation(boolean value) {
        return new AgentOptions(timeout, maxReply, value, readOnly, env, log, unknownCommandHint);
    }

    public AgentOptions withReadOnly(boolean value) {
        return new AgentOptions(timeout, maxReply, validate, value, env, log, unknownCommandHint);
    }

    public AgentOptions withEnv(Map<String, String> value) {
        return new AgentOptions(timeout, maxReply, validate, readOnly, value, log, unknownCommandHint);
    }

    public AgentOptions withLog(Log value) {
        return new AgentOptions(timeout, maxReply, validate, readOnly, env, value, unknownCommandHint);
    }

    public AgentOptions withUnknownCommandHint(String value) {
        return new AgentOptions(timeout, maxReply, validate, readOnly, env, log, value);
    }
}
