package qga.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;

/**
 * One of qga's own commands that does a job in the guest (run, cp, info, ...): its options and
 * help in {@link #spec()}, read by --help, the man page and the completions like every other
 * command; its work in {@link #run}, on an agent that Cli opened and will close.
 */
interface GuestCommand {
    /** What a run may use: the parsed subcommand, the outside world and the settings. */
    record Context(ParseResult parsed, Invocation invocation, Settings settings) {
    }

    String name();

    CommandSpec spec();

    /** Its line in qga's synopsis after "qga [OPTIONS] [ADDRESS] " ("cp [--verify] SRC DST"), or null for none. */
    default String synopsis() {
        return null;
    }

    /**
     * Checks what can be checked without the agent (local files, argument shapes) before anything
     * is sent; Cli calls it before opening the agent. Throws QgaException.badInput.
     */
    default void check(Context context) throws QgaException {
    }

    /**
     * Whether --timeout means something of this command's own (run: how long the program may
     * run); the agent then keeps each command's default reply timeout.
     */
    default boolean ownsTimeout() {
        return false;
    }

    /** Whether operands may be guest paths (guest:PATH), which the shell completes by listing them in the guest. */
    default boolean takesGuestPaths() {
        return false;
    }

    /** What --timeout means for this command, for its help, when {@link #ownsTimeout()}. */
    default String timeoutMeaning() {
        return null;
    }

    /** Does the job; returns qga's exit status (an {@link ExitCode}'s, or the guest program's for run). */
    int run(Agent agent, Context context) throws QgaException, InterruptedException;
}
