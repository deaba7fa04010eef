package qga.guest;

import java.time.Duration;
import java.util.List;

/**
 * What to run in the guest and how.
 *
 * @param program the program, looked up in the guest's PATH
 * @param args its arguments
 * @param env KEY=VALUE pairs added to its environment
 * @param cwd the directory to run it in, or null for the agent's
 * @param input bytes for its stdin, or null for none (it then reads /dev/null)
 * @param limit how long it may run before it is killed, or null for no limit
 * @param merge stderr into stdout, interleaved as the program wrote them
 * @param stream show output while it runs where the guest allows; false waits for the exit
 */
public record RunSpec(String program, List<String> args, List<String> env, String cwd, byte[] input, Duration limit,
        boolean merge, boolean stream) {
    public RunSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
    }

    /** A plain run: output as it comes, no input, no limit. */
    public static RunSpec of(String program, String... args) {
        return new RunSpec(program, List.of(args), List.of(), null, null, null, false, true);
    }
}
