package qga.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Everything a run may touch from the outside world, so that tests run the real command line
 * in-process: arguments, streams, environment, and whether stdin, stdout and stderr are terminals.
 */
public record Invocation(String program, String[] args, InputStream in, PrintStream out, PrintStream err,
        Map<String, String> env, boolean stdinIsTerminal, boolean stdoutIsTerminal, boolean stderrIsTerminal) {
    /** stderr not a terminal: no progress bars. */
    public Invocation(String program, String[] args, InputStream in, PrintStream out, PrintStream err,
            Map<String, String> env, boolean stdinIsTerminal, boolean stdoutIsTerminal) {
        this(program, args, in, out, err, env, stdinIsTerminal, stdoutIsTerminal, false);
    }
}
