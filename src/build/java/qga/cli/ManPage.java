package qga.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import qga.base.ExitCode;
import qga.repl.MetaCommand;
import qga.schema.Catalog;
import qga.schema.CommandInfo;

/**
 * Writes the man pages qga.1 and qga-shell.1 from the same picocli model the program parses
 * with, the catalog and the exit-code table, so they cannot drift from the code. The date and
 * version come from the release, not from the clock, so identical sources give identical pages.
 */
public final class ManPage {
    /** The environment qga, qga-shell and their launchers read: only the man page lists it. */
    static final List<CommandModel.Entry> ENVIRONMENT = List.of(
            new CommandModel.Entry("QGA_ADDRESS", "The address when none is given on the command line."),
            new CommandModel.Entry("QGA_READ_ONLY", "When set (and not 0), the same as --read-only."),
            new CommandModel.Entry("QGA_CONFIG", "The config file to read instead of $XDG_CONFIG_HOME/qga/config."),
            new CommandModel.Entry("XDG_CONFIG_HOME", "Where the config file lives (default ~/.config)."),
            new CommandModel.Entry("XDG_STATE_HOME", "Where the shell keeps its history (default ~/.local/state)."),
            new CommandModel.Entry("QGA_QEMU_GA", "The qemu-ga binary that local: starts (default: qemu-ga on PATH or in /usr/sbin)."),
            new CommandModel.Entry("NO_COLOR", "When set, replies are never coloured."),
            new CommandModel.Entry("QGA_JAVA", "The java program the launchers run, before JAVA_HOME's and the one on PATH."),
            new CommandModel.Entry("JAVA_HOME", "The Java runtime the launchers use when QGA_JAVA is not set (default: java on PATH)."),
            new CommandModel.Entry("QGA_JAVA_OPTS", "Extra options for the Java virtual machine, read by the launchers."),
            new CommandModel.Entry("QGA_CDS", "When 0, the launchers use no class cache (qga only starts slower)."),
            new CommandModel.Entry("QGA_JAR", "The jar the launchers run, instead of the one installed beside them."));

    private ManPage() {
    }

    /** man/qga.1 and man/qga-shell.1, by file name. */
    public static Map<String, String> pages() {
        return Map.of("qga.1", qga(CommandModel.build("qga")), "qga-shell.1", shell(CommandModel.build("qga-shell")));
    }

    static String qga(CommandLine commandLine) {
        CommandSpec spec = commandLine.getCommandSpec();
        Troff page = new Troff("QGA");
        page.section("NAME").text("qga - a command-line client for the QEMU Guest Agent");
        page.section("SYNOPSIS");
        for (String line : spec.usageMessage().customSynopsis()) {
            page.synopsis(line.strip());
        }
        page.section("DESCRIPTION");
        paragraphs(page, spec.usageMessage().description());
        page.paragraph("Before it trusts a channel, qga sends a 0xFF byte and guest-sync-delimited with a fresh random id,"
                + " and discards everything up to the agent's answer; every request then carries an id of qga's own,"
                + " and only the reply with that id is shown. Requests are checked against a catalog of the agent's"
                + " commands before anything is sent, and against the agent's own guest-info: asked first where only it can"
                + " decide, else, for a single command, after the agent refused it, to say why.");
        page.section("OPTIONS").text("Options may be given before or after the command.");
        options(page, spec.options(), true);
        page.section("COMMANDS");
        for (Map.Entry<String, CommandLine> entry : commandLine.getSubcommands().entrySet()) {
            CommandSpec sub = entry.getValue().getCommandSpec();
            if (!entry.getKey().equals(sub.name())) {
                continue;
            }
            page.subsection(sub.name() + (sub.aliases().length > 0 ? ", " + String.join(", ", sub.aliases()) : ""));
            page.text(String.join(" ", sub.usageMessage().header()));
            paragraphs(page, sub.usageMessage().description());
            options(page, sub.options(), false);
        }
        page.section("ADDRESSES");
        for (CommandModel.Entry address : CommandModel.ADDRESSES) {
            page.item(address.name(), address.meaning());
        }
        page.paragraph("The address comes first, or with -a/--address, --domain or -t/--target, or from QGA_ADDRESS.");
        page.section("AGENT COMMANDS").text("The commands qga knows (qga help COMMAND describes each):");
        for (CommandInfo info : Catalog.builtIn().all()) {
            StringBuilder notes = new StringBuilder("since " + info.since());
            if (!info.replies()) {
                notes.append("; no reply on success");
            }
            if (info.changesState()) {
                notes.append("; changes the guest");
            }
            page.item(info.name(), info.purpose() + " (" + notes + ").");
        }
        page.section("CONFIGURATION")
                .text("$XDG_CONFIG_HOME/qga/config (or $QGA_CONFIG) holds defaults, then named targets:")
                .example("timeout = 10", "color = auto", "", "[web1]", "address = libvirt:web1", "read-only = true", "",
                        "[group web]", "targets = web1, web2, libvirt:db")
                .text("Settings: " + String.join(", ", ConfigFile.SETTINGS) + ". Command-line options win over a target's"
                        + " settings, which win over the defaults. qga -t web1 exec ... and qga-shell web1 use a target;"
                        + " a mistake in the file is reported with its line number. The file is UTF-8 text (a BOM and CRLF"
                        + " line ends are fine) in a regular file of at most " + ConfigFile.limit() + ". A [group NAME]"
                        + " holds only " + ConfigFile.MEMBERS + " = ...: targets of the file and addresses, not groups;"
                        + " qga web info or qga -t web info runs a command on each.");
        page.section("ENVIRONMENT");
        for (CommandModel.Entry variable : ENVIRONMENT) {
            page.item(variable.name(), variable.meaning());
        }
        page.section("FILES");
        page.item("$XDG_CONFIG_HOME/qga/config", "Defaults and named targets (see CONFIGURATION).");
        page.item("$XDG_STATE_HOME/qga/history", "The shell's history, mode 0600, with secrets and bulk data redacted.");
        page.item("/var/cache/qga", "The class caches that start qga faster, one per Java version, which the Debian"
                + " package writes for every Java under /usr/lib/jvm at install and when one changes: qga.java17.jsa,"
                + " a class-data-sharing archive, for Java 17 to 24; qga.java25.aot and qga-shell.java25.aot, AOT"
                + " caches, for 25 and later. From a checkout or the tarball they are beside qga.jar. A missing or"
                + " stale one is not used.");
        page.section("EXIT STATUS");
        for (ExitCode code : ExitCode.values()) {
            page.item(Integer.toString(code.status()), capitalize(code.meaning()) + ".");
        }
        page.section("EXAMPLES");
        page.example("qga unix:/run/vm1/qga.sock exec guest-get-osinfo",
                "qga --domain web1 exec guest-exec path=/bin/sh arg='[\"-c\",\"uname -a\"]' capture-output=true",
                "qga libvirt:web1 exec --return guest-get-host-name",
                "qga --domain web1 cp --verify backup.tar guest:/var/tmp/", "qga --domain web1 cp guest:/var/log/syslog - | less",
                "printf 'guest-ping\\n{\"execute\":\"guest-info\"}\\n' | qga unix:/run/vm1/qga.sock",
                "qga local: commands", "qga help guest-file-read",
                "qga libvirt:web1 info", "qga libvirt:web1 ifaddr --json",
                "qga --targets vms.txt --timeout 2 exec guest-get-host-name", "qga --all -c qemu+ssh://root@hv1/system info");
        page.section("SEE ALSO").raw("\\fBqga-shell\\fR(1), \\fBvirsh\\fR(1), \\fBqemu-ga\\fR(8), \\fBsocat\\fR(1)");
        return page.toString();
    }

    static String shell(CommandLine commandLine) {
        Troff page = new Troff("QGA-SHELL");
        page.section("NAME").text("qga-shell - an interactive shell for the QEMU Guest Agent");
        page.section("SYNOPSIS").synopsis("qga-shell [OPTIONS] ADDRESS").synopsis("qga [OPTIONS] ADDRESS shell");
        page.section("DESCRIPTION").text("A prompt that knows the agent. On start it syncs, asks the agent for"
                + " guest-info and prints its version. Type an agent command, with arguments as KEY=VALUE, or a JSON"
                + " request, which may span lines until its braces balance; replies are printed as virsh"
                + " qemu-agent-command --pretty prints them, coloured on a colour terminal. History expansion is off"
                + " and backslashes are sent as typed. With stdin not a terminal, qga-shell reads requests from it"
                + " exactly as qga(1) does, without a prompt.");
        page.section("KEYS");
        page.item("Tab", "Completes the commands this agent has enabled, a command's argument names, and the values"
                + " of enumerations and booleans that this agent's version takes (guest-exec's capture-output modes"
                + " only from qemu-ga 8.0 on; guest-file-open's fopen modes). Commands and arguments are listed with"
                + " what they do or take, in aligned columns.");
        page.item("Ctrl-C", "While a request is pending, stops waiting; the next request resynchronises the channel"
                + " first, so a late reply is never shown as the answer to it. At the prompt, clears the line.");
        page.item("Ctrl-D", "Leaves the shell (exit status 0).");
        page.section("SHELL COMMANDS").text("They start with a colon, so they cannot clash with agent commands.");
        for (MetaCommand meta : MetaCommand.values()) {
            page.item(meta.text() + (meta.arguments().isEmpty() ? "" : " " + meta.arguments()), capitalize(meta.summary()) + ".");
        }
        for (GuestCommand guest : GuestCommands.inShell()) {
            page.item(":" + guest.name() + " [OPTIONS] ...", "qga " + guest.name() + " on the shell's agent, with the same"
                    + " options (see qga(1)); a non-zero exit status is shown after it, and the shell goes on.");
        }
        page.section("CHANNEL").text("If the channel closes (the VM shut down or restarted, or the agent restarted)"
                + " the shell says so once, and the next command connects and resynchronises again. guest-shutdown and"
                + " guest-suspend-* print whether the agent accepted them instead of waiting for a reply that never"
                + " comes.");
        page.section("OPTIONS").text("The options of qga(1); the most useful here:");
        List<OptionSpec> shellOptions = new ArrayList<>();
        for (String name : List.of("--timeout", "--format", "--color", "--read-only", "--no-validate", "--target", "--verbose")) {
            shellOptions.add(commandLine.getCommandSpec().findOption(name));
        }
        options(page, shellOptions, false);
        page.section("FILES");
        page.item("$XDG_STATE_HOME/qga/history", "History (default ~/.local/state/qga/history), created with mode 0600."
                + " Values of arguments that carry secrets or bulk data (passwords, file contents, process input, ssh"
                + " keys) are saved as <redacted>, found by the argument's name in every form a line can take"
                + " (KEY=VALUE, dotted keys, JSON in a value or after --args, JSON requests over several lines or in"
                + " single quotes, :help lines), lines the shell refuses included, and so are words typed without a"
                + " name after a command that takes such an argument; from a quote that is never closed on, a line is"
                + " saved as <redacted> when a secret may be in the rest.");
        page.section("SEE ALSO").raw("\\fBqga\\fR(1), \\fBqemu-ga\\fR(8)");
        return page.toString();
    }

    private static void paragraphs(Troff page, String[] lines) {
        StringBuilder paragraph = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank()) {
                if (paragraph.length() > 0) {
                    page.paragraph(paragraph.toString());
                    paragraph.setLength(0);
                }
            } else {
                paragraph.append(paragraph.length() > 0 ? " " : "").append(line.strip());
            }
        }
        if (paragraph.length() > 0) {
            page.paragraph(paragraph.toString());
        }
    }

    private static void options(Troff page, List<OptionSpec> options, boolean inherited) {
        options.stream()
                .filter(o -> inherited || o.inherited() == false && !o.usageHelp())
                .filter(o -> !inherited || !o.inherited())
                .sorted(Comparator.comparing(OptionSpec::longestName))
                .forEach(o -> {
                    String names = String.join(", ", o.names());
                    String label = o.arity().max() > 0 ? "=" + o.paramLabel() : "";
                    page.option(names, label, String.join(" ", o.description()));
                });
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The few troff requests a man page needs, with text escaped so no line can start a request. */
    private static final class Troff {
        private final StringBuilder out = new StringBuilder();

        Troff(String title) {
            out.append(".\\\" Generated by qga from its command model; do not edit.\n");
            out.append(".TH ").append(title).append(" 1 \"").append(Version.date()).append("\" \"qga ")
                    .append(Version.number()).append("\" \"User Commands\"\n");
        }

        Troff section(String name) {
            out.append(".SH ").append(name).append('\n');
            return this;
        }

        Troff subsection(String name) {
            out.append(".SS ").append(escape(name)).append('\n');
            return this;
        }

        Troff text(String text) {
            out.append(escape(text)).append('\n');
            return this;
        }

        Troff paragraph(String text) {
            out.append(".PP\n").append(escape(text)).append('\n');
            return this;
        }

        Troff synopsis(String line) {
            out.append(".PP\n").append(".B ").append(escape(line)).append('\n');
            return this;
        }

        Troff item(String tag, String text) {
            out.append(".TP\n.B ").append(escape(tag)).append('\n').append(escape(text)).append('\n');
            return this;
        }

        Troff option(String names, String label, String text) {
            out.append(".TP\n\\fB").append(escape(names).replace(", ", "\\fR, \\fB")).append("\\fR");
            if (!label.isEmpty()) {
                out.append("\\fI").append(escape(label)).append("\\fR");
            }
            out.append('\n').append(escape(text)).append('\n');
            return this;
        }

        Troff example(String... lines) {
            out.append(".PP\n.RS\n.nf\n");
            for (String line : lines) {
                out.append(line.isEmpty() ? "" : escape(line)).append('\n');
            }
            out.append(".fi\n.RE\n");
            return this;
        }

        /** Troff text: backslashes shown as such, hyphens as real minus signs, no line starting a request. */
        private static String escape(String text) {
            String escaped = text.replace("\\", "\\e").replace("-", "\\-");
            if (escaped.startsWith(".") || escaped.startsWith("'")) {
                escaped = "\\&" + escaped;
            }
            return escaped;
        }

        /** Troff written by hand (fonts), not escaped. */
        Troff raw(String troff) {
            out.append(troff).append('\n');
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
