package qga.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ScopeType;
import qga.base.ExitCode;
import qga.format.ColorChoice;
import qga.format.ReplyFormat;
import qga.format.TextWrap;
import qga.transport.AddressScheme;

/**
 * The one definition of qga's command line. Built programmatically rather than from annotations:
 * it starts faster, and --help, the man page and the completions all read this same model.
 */
final class CommandModel {
    static final String EXEC = "exec";
    static final String COMMANDS = "commands";
    static final String HELP = "help";
    static final String SHELL = "shell";
    static final String DOMAINS = "domains";
    static final String DOMAINS_ALIAS = "list";

    private CommandModel() {
    }

    /** The whole model: what --help, the man page and the completions show. */
    static CommandLine build(String program) {
        return build(program, null);
    }

    /**
     * Parses a command line with a model holding only the subcommands it names (building all of
     * them is most of the model's cost on every start): the same result as the whole model, which
     * is built instead where the part could differ: help without a topic (it lists every
     * subcommand), -h or --help, or a parse error, whose message may list or suggest any subcommand.
     * "help TOPIC" needs only TOPIC's own spec, built since its name is among the arguments.
     */
    static ParseResult parse(String program, String[] args) {
        if (hasHelpOption(args)) {
            return build(program).parseArgs(args);
        }
        ParseResult result;
        try {
            result = build(program, new HashSet<>(List.of(args))).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return build(program).parseArgs(args);
        }
        ParseResult sub = result.subcommand();
        if (result.isUsageHelpRequested() || (sub != null && sub.isUsageHelpRequested())
                || (sub != null && sub.commandSpec().name().equals(HELP) && !sub.hasMatchedPositional(0))) {
            return build(program).parseArgs(args);
        }
        return result;
    }

    /** -h or --help, alone or among clustered short options (-vh). */
    private static boolean hasHelpOption(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || (arg.startsWith("-") && !arg.startsWith("--") && arg.indexOf('h') > 0)) {
                return true;
            }
        }
        return false;
    }

    /** The model with the subcommands whose names are in wanted (all when wanted is null). */
    private static CommandLine build(String program, Set<String> wanted) {
        CommandSpec top = CommandSpec.create().name(program);
        if (wanted == null) {
            describe(top, program);
        }
        // help TOPIC prints TOPIC's usage, which lists the global options it inherits
        addGlobalOptions(top, wanted == null || wanted.contains(HELP) ? null : wanted);
        top.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        top.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print the version (and, with an address, the agent's or QEMU's) and exit.").build());
        top.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("ADDRESS").type(String.class)
                .description("Where the agent is (see Addresses); instead of -a/--address or QGA_ADDRESS.").build());
        if (wanted == null || wanted.contains(EXEC)) {
            top.addSubcommand(EXEC, execSpec());
        }
        for (GuestCommand guest : GuestCommands.ALL) {
            if (wanted == null || wanted.contains(guest.name())) {
                top.addSubcommand(guest.name(), guest.spec());
            }
        }
        if (wanted == null || wanted.contains(SHELL)) {
            top.addSubcommand(SHELL, shellSpec());
        }
        if (wanted == null || wanted.contains(COMMANDS)) {
            top.addSubcommand(COMMANDS, commandsSpec());
        }
        if (wanted == null || wanted.contains(DOMAINS) || wanted.contains(DOMAINS_ALIAS)) {
            top.addSubcommand(DOMAINS, domainsSpec());
        }
        if (wanted == null || wanted.contains(HELP)) {
            top.addSubcommand(HELP, helpSpec());
        }
        CommandLine commandLine = new CommandLine(top);
        commandLine.setExpandAtFiles(false);
        for (GuestCommand guest : GuestCommands.ALL) {
            CommandLine built = commandLine.getSubcommands().get(guest.name());
            if (guest.ownsTimeout() && built != null) {
                describeOwnTimeout(built.getCommandSpec(), guest.timeoutMeaning());
            }
        }
        return commandLine;
    }

    /** The top level's synopsis, description and footer: read only by help, the man page and the completions. */
    private static void describe(CommandSpec top, String program) {
        List<String> synopsis = new ArrayList<>(List.of(program + " [OPTIONS] [ADDRESS] exec COMMAND [KEY=VALUE...]",
                "       " + program + " [OPTIONS] [ADDRESS] exec JSON"));
        for (GuestCommand guest : GuestCommands.ALL) {
            if (guest.synopsis() != null) {
                synopsis.add("       " + program + " [OPTIONS] [ADDRESS] " + guest.synopsis());
            }
        }
        synopsis.add("       " + program + " [OPTIONS] [ADDRESS] [shell]");
        synopsis.add("       ... | " + program + " [OPTIONS] [ADDRESS]");
        top.usageMessage()
                .width(80)
                .customSynopsis(synopsis.toArray(new String[0]))
                .description("",
                        "A client for the QEMU Guest Agent: sends guest-* commands to qemu-ga and",
                        "prints the replies. It resynchronises the channel before trusting it (stale",
                        "replies, a half-written request left in the agent, silence) and shows only",
                        "the reply to its own request.",
                        "",
                        "With no command on a terminal it opens the interactive shell (like qga-shell).",
                        "With requests piped on stdin (JSON objects, or one COMMAND KEY=VALUE per",
                        "line), it prints one reply per request, in order, on one line each (up to",
                        qga.api.Pipeline.WINDOW + " in flight). A request that times out fails alone; the next one",
                        "resyncs. A lost channel answers the rest at once.",
                        "",
                        "With several targets (-a more than once, --targets FILE, --all, or a group of",
                        "the config file), exec, run, info, ifaddr, df, users, disks and vcpus run on",
                        "each, --parallel at a time, each with its own timeouts. Output is one JSON",
                        "line per target, {\"target\", \"exit\", \"reply\" or \"error\"}, as each completes",
                        "(--ordered: in the order given), or on a terminal one table; the exit status",
                        "is the worst target's, with the failures summed up on stderr. Other commands",
                        "take one target.",
                        "")
                .footerHeading("%nAddresses:%n")
                .footer(footer());
    }

    private static CommandSpec execSpec() {
        CommandSpec exec = CommandSpec.create().name(EXEC);
        exec.usageMessage()
                .width(80)
                .header("Send one agent command and print its reply.")
                .description("A value that parses as JSON is sent as JSON (pid=1234 an integer,",
                        "arg='[\"-l\"]' a list), anything else as a string; a dotted key builds",
                        "nested objects (a.b=1). A whole request may be given as JSON instead:",
                        "exec '{\"execute\":\"guest-ping\"}'.",
                        "")
                .footerHeading("%nExit codes:%n")
                .footer(exitCodes());
        exec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        exec.addOption(OptionSpec.builder("--args").paramLabel("JSON").type(String.class)
                .description("Arguments as a JSON object; KEY=VALUE pairs add to it.").build());
        exec.addPositional(PositionalParamSpec.builder().index("0").arity("1").paramLabel("COMMAND").type(String.class)
                .description("An agent command such as guest-get-osinfo, or a JSON request.").build());
        exec.addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").paramLabel("KEY=VALUE")
                .type(String[].class).description("Arguments of the command.").build());
        return exec;
    }

    private static CommandSpec shellSpec() {
        CommandSpec shell = CommandSpec.create().name(SHELL);
        shell.usageMessage().width(80).header("Open the interactive shell (as qga-shell does).")
                .description("The interactive shell (what qga-shell ADDRESS opens): completion of",
                "commands and arguments, history, pretty replies. With stdin not a terminal, the same",
                "as piping requests to qga ADDRESS.");
        shell.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        return shell;
    }

    private static CommandSpec commandsSpec() {
        CommandSpec commands = CommandSpec.create().name(COMMANDS);
        commands.usageMessage().width(80).header("List the agent commands, and what this agent has.")
                .description("List the agent commands qga knows: whether each replies, the QEMU",
                "version it appeared in and its purpose. With an address, also whether this agent has",
                "it: available, other-os (built only for other operating systems than the guest's),",
                "disabled (blocked), or absent (too old); commands only the agent knows are listed too.",
                "With a QEMU monitor's address, the monitor's own commands with their usage.");
        commands.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        commands.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
                .description("One JSON array instead of the table.").build());
        return commands;
    }

    private static CommandSpec domainsSpec() {
        CommandSpec domains = CommandSpec.create().name(DOMAINS).aliases(DOMAINS_ALIAS);
        domains.usageMessage().width(80).header("List the guest agents this host offers, with their addresses.")
                .description("The guest agents this host offers: each running libvirt domain with its",
                "agent channels, their state in libvirt's live XML, and the address to use.");
        domains.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        domains.addOption(OptionSpec.builder("--uri").paramLabel("URI").type(String.class)
                .description("A libvirt connection URI, e.g. qemu+ssh://host/system (default: virsh's).").build());
        domains.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
                .description("One JSON array instead of the table.").build());
        return domains;
    }

    private static CommandSpec helpSpec() {
        CommandSpec help = CommandSpec.create().name(HELP);
        help.usageMessage().width(80).header("Show help for an agent command or a qga command.")
                .description("Show help for an agent command (qga help guest-exec) or for one of",
                "qga's own commands (qga help exec). Needs no address; with a QEMU monitor's",
                "address, a command of that monitor from its own schema (qga qmp:PATH help stop).");
        help.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        help.addPositional(PositionalParamSpec.builder().index("0").arity("0..1").paramLabel("TOPIC").type(String.class)
                .description("An agent command (guest-...) or exec, commands, help.").build());
        return help;
    }

    /**
     * Options that work before or after the subcommand: all of them for the whole model, and only
     * those the arguments could name when the arguments are given (each costs an option spec at the
     * top and a copy in the subcommand, most of the model's cost on every start). An option left out
     * could match none of the arguments, so picocli parses them exactly as with every option there.
     */
    private static void addGlobalOptions(CommandSpec top, Set<String> args) {
        GlobalOptions spec = new GlobalOptions(top, args);
        spec.addOption(global("-a", "--address").paramLabel("ADDRESS").type(String[].class)
                .description("Where the agent is; also the first argument, or QGA_ADDRESS. Given more than once,"
                        + " exec, run and the views run on each."));
        spec.addOption(global("-t", "--target").paramLabel("NAME").type(String.class)
                .description("A target named in the config file (its address and settings)."));
        spec.addOption(global("--domain").paramLabel("DOMAIN").type(String.class)
                .description("A libvirt domain: the same as the address libvirt:DOMAIN."));
        spec.addOption(global("--targets").paramLabel("FILE").type(String.class)
                .description("Run the command on each address or config target in FILE, one a line (- for stdin)."));
        spec.addOption(global("--all").arity("0").type(boolean.class)
                .description("Run the command on every running libvirt domain (virsh list), of each -c URI or virsh's default."));
        spec.addOption(global("-c", "--connect").paramLabel("URI").type(String[].class)
                .description("With --all: a libvirt URI whose domains to take, e.g. qemu+ssh://root@host/system (repeatable)."));
        spec.addOption(global("--parallel").paramLabel("N").type(String.class)
                .description("With many targets: how many to ask at once (default: " + ManyTargets.DEFAULT_PARALLEL + ")."));
        spec.addOption(global("--ordered").arity("0").type(boolean.class)
                .description("With many targets: print the results in the order the targets were given, not as they come."));
        spec.addOption(global("--qmp").arity("0").type(boolean.class)
                .description("The address is a QEMU monitor's (QMP), as qmp:ADDRESS says; without it a monitor is"
                        + " recognised by its greeting."));
        spec.addOption(global("--events-to").paramLabel("FILE").type(String.class)
                .description("Append the QEMU monitor's events that arrive during exec or pipe mode to FILE, one JSON"
                        + " line each (/dev/fd/3 for a stream of their own); without it they are dropped (-v says so)."));
        spec.addOption(global("--timeout").paramLabel("SECONDS").type(String.class)
                .description("How long to wait for the sync and for each reply (default: 5; 60 for fsfreeze and fstrim,"
                        + " 30 for file reads and writes)."));
        spec.addOption(global("--max-reply").paramLabel("SIZE").type(String.class)
                .description("Largest reply accepted, e.g. 80M or 1G (default: " + (qga.api.AgentOptions.DEFAULT_MAX_REPLY >> 20)
                        + "M, enough for a 48 MiB guest-file-read)."));
        spec.addOption(global("--format").paramLabel("FORMAT").type(String.class).completionCandidates(ReplyFormat.labels())
                .description("pretty, compact or return (default: pretty on a terminal, compact otherwise)."));
        spec.addOption(global("--pretty").arity("0").type(boolean.class)
                .description("Indented, as virsh qemu-agent-command --pretty prints it."));
        spec.addOption(global("--compact").arity("0").type(boolean.class).description("One line per reply."));
        spec.addOption(global("--return").arity("0").type(boolean.class)
                .description("Only the value of \"return\"; strings raw."));
        spec.addOption(global("--color").paramLabel("WHEN").type(String.class).completionCandidates(ColorChoice.labels())
                .description("Colour pretty output: auto, always or never (default: auto; NO_COLOR turns it off)."));
        spec.addOption(global("--no-validate").arity("0").type(boolean.class)
                .description("Send requests as given, without checking them against the catalog and the agent: a JSON"
                        + " request may be any object; only qga's id is put in it, to match the reply."));
        spec.addOption(global("--read-only").arity("0").type(boolean.class)
                .description("Refuse every command that changes the guest (also QGA_READ_ONLY=1)."));
        spec.addOption(global("-v", "--verbose").arity("0").type(boolean.class)
                .description("Say what happens on the channel: syncs, stale replies dropped, reconnects."));
        spec.addOption(global("--debug").arity("0").type(boolean.class)
                .description("Show stack traces of internal errors."));
    }

    /** The inherited --timeout of a command that gives it a meaning of its own, described as that. */
    private static void describeOwnTimeout(CommandSpec spec, String meaning) {
        OptionSpec inherited = spec.findOption("--timeout");
        if (inherited == null) {
            // left out of a model built for arguments that do not give it
            return;
        }
        spec.remove(inherited);
        spec.addOption(inherited.toBuilder().description(meaning).build());
    }

    private static OptionSpec.Builder global(String... names) {
        return OptionSpec.builder(names).scopeType(ScopeType.INHERIT);
    }

    /** Adds the global options to the top level: all of them, or those some argument could name. */
    private static final class GlobalOptions {
        private final CommandSpec top;
        private final Set<String> args;

        GlobalOptions(CommandSpec top, Set<String> args) {
            this.top = top;
            this.args = args;
        }

        void addOption(OptionSpec.Builder option) {
            if (args == null || named(option.names())) {
                top.addOption(option.build());
            }
        }

        private boolean named(String[] names) {
            for (String name : names) {
                for (String arg : args) {
                    if (mayName(arg, name)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * Whether picocli could read arg as the option name: the name itself, the name with "=VALUE",
         * for a short name any cluster of short options or short option with its value attached
         * (-vt, -tNAME) that holds its letter, and any of these after an "=" (picocli refuses an
         * attached value that is an option: --events-to=-v). More than picocli would match, never less.
         */
        static boolean mayName(String arg, String name) {
            if (arg.equals(name) || arg.startsWith(name + "=")) {
                return true;
            }
            if (name.length() == 2 && arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-'
                    && arg.indexOf(name.charAt(1), 1) > 0) {
                return true;
            }
            int equals = arg.indexOf('=');
            return equals >= 0 && mayName(arg.substring(equals + 1), name);
        }
    }

    /** A named thing with a one-sentence meaning: an address form, an environment variable. */
    record Entry(String name, String meaning) {
    }

    static final List<Entry> ADDRESSES = addresses();

    /** A loop, not a stream: this runs on every start, and streams cost classes to load. */
    private static List<Entry> addresses() {
        List<Entry> addresses = new ArrayList<>();
        for (AddressScheme scheme : AddressScheme.values()) {
            addresses.add(new Entry(scheme.synopsis(), scheme.meaning()));
        }
        return addresses;
    }

    private static String[] footer() {
        List<String> lines = new ArrayList<>();
        for (Entry address : ADDRESSES) {
            lines.add("  " + address.name());
            TextWrap.wrap(address.meaning(), 70).forEach(line -> lines.add("          " + line));
        }
        lines.add("");
        lines.add("Exit codes:");
        lines.addAll(List.of(exitCodes()));
        return lines.toArray(new String[0]);
    }

    static String[] exitCodes() {
        List<String> lines = new ArrayList<>();
        for (ExitCode code : ExitCode.values()) {
            // padded by hand: String.format would load locale data on every start, help or not
            String status = Integer.toString(code.status());
            lines.add("  " + status + " ".repeat(4 - status.length()) + code.meaning());
        }
        return lines.toArray(new String[0]);
    }
}
