package qga.guest;

import com.google.gson.JsonObject;
import qga.json.JsonCodec;

/**
 * How a guest process ended.
 *
 * @param exitCode its exit status, or null if a signal ended it
 * @param signal the signal that ended it, or null
 * @param ending whether it exited by itself, was killed at the time limit, or killed on interrupt
 * @param stdoutTruncated the agent stopped capturing stdout at its cap (output at exit only)
 * @param stderrTruncated the same for stderr
 * @param streamed whether output was shown while it ran (else at its exit)
 */
public record RunResult(Integer exitCode, Integer signal, Ending ending, boolean stdoutTruncated, boolean stderrTruncated,
        boolean streamed) {
    /** Why the process ended. */
    public enum Ending {
        EXITED, TIMED_OUT, INTERRUPTED
    }

    /** The status a shell would report: the exit code, or 128 + the signal. */
    public int shellStatus() {
        return exitCode != null ? exitCode : 128 + (signal != null ? signal : 0);
    }

    /**
     * The result as one JSON object on one line (what qga run --json prints): exitcode, signal
     * (one of them null), the output as text, whether each stream was cut, how it ended.
     */
    public String json(String stdout, String stderr, boolean stdoutCut, boolean stderrCut) {
        return JsonCodec.compact(jsonObject(stdout, stderr, stdoutCut, stderrCut));
    }

    /** The same object, as a tree: what qga run over many targets puts in each target's line. */
    public JsonObject jsonObject(String stdout, String stderr, boolean stdoutCut, boolean stderrCut) {
        JsonObject object = new JsonObject();
        object.addProperty("exitcode", exitCode);
        object.addProperty("signal", signal);
        object.addProperty("stdout", stdout);
        object.addProperty("stderr", stderr);
        object.addProperty("stdout-truncated", stdoutTruncated || stdoutCut);
        object.addProperty("stderr-truncated", stderrTruncated || stderrCut);
        object.addProperty("timed-out", ending == Ending.TIMED_OUT);
        object.addProperty("interrupted", ending == Ending.INTERRUPTED);
        object.addProperty("streamed", streamed);
        return object;
    }
}
