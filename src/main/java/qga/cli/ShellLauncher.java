package qga.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import qga.base.ConnectFailedException;
import qga.base.ExitCode;
import qga.input.RequestParser;
import qga.protocol.AgentSession;
import qga.repl.Shell;
import qga.repl.ShellSetup;
import qga.schema.Catalog;
import qga.schema.CommandGate;

/**
 * The only way from the command line into the shell. Kept apart so that the one-shot and pipe
 * paths never load a class that refers to JLine.
 */
final class ShellLauncher {
    private ShellLauncher() {
    }

    static ExitCode run(Invocation invocation, Settings settings, AgentSession session, CommandGate gate,
            RequestParser parser) throws ConnectFailedException {
        Map<String, String> env = invocation.env();
        ShellSetup setup = new ShellSetup(invocation.program(), session, gate, parser, Catalog.builtIn(),
                settings.timeout(), settings.explicitFormat() == null ? qga.format.ReplyFormat.PRETTY : settings.explicitFormat(),
                settings.color(), env.get("NO_COLOR") != null && !env.get("NO_COLOR").isEmpty(), historyFile(env));
        try {
            int status = Shell.run(setup);
            return status == 0 ? ExitCode.OK : ExitCode.INTERNAL;
        } catch (IOException e) {
            throw new ConnectFailedException("cannot open the terminal: " + e.getMessage(), e);
        }
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
