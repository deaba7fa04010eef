package qga.repl;

/** The shell's own commands; the colon keeps them apart from every agent command. */
public enum MetaCommand {
    HELP(":help", "[COMMAND]", "this list, or help for an agent command"),
    COMMANDS(":commands", "", "the agent's commands: available, disabled, absent, other-os"),
    TIMEOUT(":timeout", "[SECONDS]", "show or set the reply timeout"),
    FORMAT(":format", "pretty|compact|return", "how replies are shown"),
    TRACE(":trace", "on|off", "show the exact JSON sent and received"),
    EVENTS(":events", "on|off [NAME...]", "show a QEMU monitor's events above the prompt (all, or these)"),
    HMP(":hmp", "COMMAND...", "a human monitor command on a QEMU monitor, its text as text"),
    RECONNECT(":reconnect", "", "drop the channel; the next command connects and resyncs"),
    QUIT(":quit", "", "leave the shell (also Ctrl-D)");

    private final String text;
    private final String arguments;
    private final String summary;

    MetaCommand(String text, String arguments, String summary) {
        this.text = text;
        this.arguments = arguments;
        this.summary = summary;
    }

    public String text() {
        return text;
    }

    public String arguments() {
        return arguments;
    }

    public String summary() {
        return summary;
    }

    public static MetaCommand find(String word) {
        for (MetaCommand meta : values()) {
            if (meta.text.equals(word) || (meta == QUIT && word.equals(":exit"))) {
                return meta;
            }
        }
        return null;
    }
}
