package qga.guest;

import java.util.ArrayList;
import java.util.List;

/**
 * The small sh script qga runs a program through on a POSIX guest when the agent alone cannot do
 * what was asked: add to the environment (the agent's env replaces it), change directory, merge
 * stderr into stdout, or send output to files qga reads while the program runs (the agent hands
 * over captured output only at exit). The program is exec'd, so its pid is the one the agent
 * reports and kill reaches. Failures of the script itself exit 125 with the shell's message on
 * stderr (126 and 127 stay the shell's: not executable, not found).
 */
final class PosixWrapper {
    static final String SHELL = "/bin/sh";
    /** The script's own failures, as env(1) and timeout(1) report theirs. */
    static final int FAILED = 125;
    static final String STDOUT_FILE = "o";
    static final String STDERR_FILE = "e";

    private PosixWrapper() {
    }

    /**
     * Arguments for guest-exec of /bin/sh: the script, then its parameters. outputDir null leaves
     * output to the agent's capture.
     */
    static List<String> arguments(RunSpec spec, String outputDir) {
        StringBuilder script = new StringBuilder();
        script.append("d=$1 c=$2 n=$3; shift 3; ");
        script.append("while [ \"$n\" -gt 0 ]; do export \"$1\" || exit ").append(FAILED).append("; shift; n=$((n - 1)); done; ");
        script.append("if [ -n \"$c\" ]; then cd \"$c\" || exit ").append(FAILED).append("; fi; ");
        if (outputDir != null) {
            script.append("u=$(umask); umask 077; mkdir \"$d\" || exit ").append(FAILED).append("; umask \"$u\"; ");
            script.append("exec \"$@\" >\"$d/").append(STDOUT_FILE).append('"');
            script.append(spec.merge() ? " 2>&1" : " 2>\"$d/" + STDERR_FILE + '"');
        } else {
            script.append("exec \"$@\"").append(spec.merge() ? " 2>&1" : "");
        }
        List<String> arguments = new ArrayList<>(List.of("-c", script.toString(), "qga-run",
                outputDir == null ? "" : outputDir, directory(spec.cwd()), Integer.toString(spec.env().size())));
        arguments.addAll(spec.env());
        arguments.add(spec.program());
        arguments.addAll(spec.args());
        return arguments;
    }

    /** A directory sh's cd cannot take for an option. */
    private static String directory(String cwd) {
        if (cwd == null) {
            return "";
        }
        return cwd.startsWith("-") ? "./" + cwd : cwd;
    }

    /** Signals a process: TERM first, KILL if it stays. */
    static List<String> kill(String signal, long pid) {
        return List.of("-c", "kill -" + signal + " \"$1\"", "qga-kill", Long.toString(pid));
    }

    static List<String> remove(String dir) {
        return List.of("-c", "rm -rf \"$1\"", "qga-clean", dir);
    }
}
