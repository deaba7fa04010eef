package qga.cli;

import qga.base.QgaException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.input.RequestParser;
import qga.repl.MetaCommand;
import qga.repl.Shell;
import qga.repl.ShellSetup;
import qga.schema.Catalog;

/**
 * The only way from the command line into the shell. Kept apart so that the one-shot and pipe
 * paths never load a class that refers to JLine.
 */
final class ShellLauncher {
    /** The launcher's name (bin/qga-shell); the shell also opens as qga ADDRESS on a terminal. */
    static final String PROGRAM = "qga-shell";

    private ShellLauncher() {
    }

    static ExitCode run(Invocation invocation, Settings settings, Agent agent, RequestParser parser)
            throws QgaException {
        Map<String, String> env = invocation.env();
        ShellSetup setup = new ShellSetup(invocation.program(), agent, parser, Catalog.builtIn(),
                settings.timeout(), settings.explicitFormat() == null ? qga.format.ReplyFormat.PRETTY : settings.explicitFormat(),
                settings.color(), qga.format.ColorChoice.noColor(env), historyFile(env), new ShellWorkflows(invocation, agent));
        try {
            int status = Shell.run(setup);
            return status == 0 ? ExitCode.OK : ExitCode.INTERNAL;
        } catch (IOException e) {
            throw QgaException.cannotConnect("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /**
     * What to do about an unknown command, in the shell's terms: its own command lists them, and
     * only a shell started with --no-validate sends a command qga does not know.
     */
    static String unknownCommandHint(String program) {
        return MetaCommand.COMMANDS.text() + " lists them; start " + program + " with --no-validate to send it anyway";
    }

    /** $XDG_STATE_HOME/qga/history, or ~/.local/state/qga/history. */
    static Path historyFile(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isEmpty() && Path.of(state).isAbsolute()) {
            return Path.of(state, "qga", "history");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".local", "state", "qga", "history");
    }
}
