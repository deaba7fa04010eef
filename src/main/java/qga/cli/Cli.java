package qga.cli;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.api.AgentOptions;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.format.CommandHelp;
import qga.format.CommandTable;
import qga.format.DomainTable;
import qga.format.ReplyPrinter;
import qga.format.TerminalText;
import qga.input.RequestParser;
import qga.input.RequestStream;
import qga.protocol.Request;
import qga.schema.AgentInfo;
import qga.schema.Catalog;
import qga.schema.CommandInfo;
import qga.schema.DidYouMean;
import qga.schema.MonitorSchema;
import qga.schema.Policies;
import qga.transport.LibvirtHost;

/** Parses one command line and runs it; maps every failure to the exit-code table. */
final class Cli {
    private final Invocation invocation;
    private boolean debug;

    Cli(Invocation invocation) {
        this.invocation = invocation;
    }

    int run() {
        int status = runCommand();
        return outputWritten() ? status : ExitCode.OUTPUT.status();
    }

    /**
     * Whether stdout took everything: a full disk or a closed descriptor is an error of its own,
     * while a reader that went away (| head) has what it wanted and stays quiet.
     */
    private boolean outputWritten() {
        if (!invocation.out().checkError()) {
            return true;
        }
        if (StdoutStream.readerLeft(invocation.out())) {
            return true;
        }
        java.io.IOException failure = invocation.out() instanceof StdoutStream stdout ? stdout.failure() : null;
        message("cannot write to stdout" + (failure == null || failure.getMessage() == null ? "" : ": " + failure.getMessage())
                + " (is the disk full, or stdout closed?)");
        return false;
    }

    private int runCommand() {
        String program = invocation.program();
        try {
            return dispatch();
        } catch (QgaException e) {
            message(e.getMessage());
            if (debug) {
                e.printStackTrace(invocation.err());
            }
            return e.exitCode().status();
        } catch (CommandLine.ParameterException e) {
            message(e.getMessage() + " (see " + program + " --help)");
            return ExitCode.BAD_INPUT.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message("interrupted");
            return ExitCode.NO_ANSWER.status();
        } catch (RuntimeException | Error e) {
            message("internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(invocation.err());
            }
            return ExitCode.INTERNAL.status();
        } finally {
            invocation.out().flush();
        }
    }

    /** Runs the command line; returns the exit status. */
    private int dispatch() throws QgaException, InterruptedException {
        ParseResult top = CommandModel.parse(invocation.program(), invocation.args());
        CommandLine commandLine = top.commandSpec().commandLine();
        ParseResult sub = top.subcommand();
        debug = top.hasMatchedOption("--debug") || (sub != null && sub.hasMatchedOption("--debug"));
        if (top.isUsageHelpRequested()) {
            return usage(commandLine).status();
        }
        if (sub != null && sub.isUsageHelpRequested()) {
            return usage(sub.commandSpec().commandLine()).status();
        }
        ConfigFile config = ConfigFile.load(invocation.env());
        String name = sub == null ? null : sub.commandSpec().name();
        if (!CommandModel.HELP.equals(name) && TargetList.requested(top, sub, config)) {
            if (top.isVersionHelpRequested()) {
                throw QgaException.badInput("--version asks one agent, and several targets were given: give one address");
            }
            return new ManyTargets(invocation, top, sub, config).run();
        }
        Settings settings = Settings.from(top, sub, invocation.env(), invocation.stdoutIsTerminal(), config);
        if (top.isVersionHelpRequested()) {
            return version(settings).status();
        }
        if (CommandModel.HELP.equals(name)) {
            return help(commandLine, sub.matchedPositionalValue(0, null), settings).status();
        }
        for (String manyOnly : List.of("--parallel", "--ordered", "--connect")) {
            if (Settings.flag(top, sub, manyOnly)) {
                throw QgaException.badInput(manyOnly + " goes with several targets: give -a more than once, --targets FILE,"
                        + " --all or a group");
            }
        }
        if (CommandModel.COMMANDS.equals(name)) {
            return commands(settings, sub.hasMatchedOption("--json")).status();
        }
        if (CommandModel.DOMAINS.equals(name)) {
            return domains(settings, config, sub.matchedOptionValue("--uri", null), sub.hasMatchedOption("--json")).status();
        }
        Reporter reporter = new Reporter(invocation.out(), invocation.err(),
                new ReplyPrinter(settings.format(), invocation.stdoutIsTerminal(), settings.palette()), invocation.program());
        RequestParser parser = settings.validate() ? RequestParser.validating(Catalog.builtIn()) : RequestParser.asGiven();
        if (CommandModel.EXEC.equals(name)) {
            Exec exec = new Exec(parser, reporter);
            String command = sub.matchedPositionalValue(0, null);
            if (command == null || command.isBlank()) {
                throw QgaException.badInput("exec needs a command: " + invocation.program()
                        + " ADDRESS exec guest-ping, or a JSON request (" + invocation.program() + " help exec)");
            }
            List<String> pairs = List.of(sub.matchedPositionalValue(1, new String[0]));
            Request request = exec.request(command, pairs, sub.matchedOptionValue("--args", null));
            try (Agent agent = agent(settings, null); EventLog events = EventLog.open(settings.eventsTo(), log(settings))) {
                agent.setEventListener(events);
                return exec.run(agent, request).status();
            }
        }
        GuestCommand guest = GuestCommands.find(name);
        if (guest != null) {
            GuestCommand.Context context = new GuestCommand.Context(sub, invocation, settings);
            guest.check(context);
            Settings forAgent = guest.ownsTimeout() ? settings.withTimeout(null) : settings;
            try (Agent agent = agent(forAgent, null)) {
                return guest.run(agent, context);
            }
        }
        if (invocation.stdinIsTerminal()) {
            try (Agent agent = agent(settings, ShellLauncher.unknownCommandHint(invocation.program()))) {
                return ShellLauncher.run(invocation, settings, agent, parser).status();
            }
        }
        Reporter lines = new Reporter(invocation.out(), invocation.err(),
                ReplyPrinter.oneLinePerReply(settings.format(), invocation.stdoutIsTerminal()), invocation.program());
        try (Agent agent = agent(settings, null); EventLog events = EventLog.open(settings.eventsTo(), log(settings))) {
            agent.setEventListener(events);
            return new Pipe(agent, new RequestStream(invocation.in(), parser), lines).run().status();
        }
    }

    /** qga's version and the runtime's; with an address given on the command line, the agent's (or QEMU's) too. */
    private ExitCode version(Settings settings) throws QgaException {
        Version.lines().forEach(invocation.out()::println);
        invocation.out().flush();
        if (settings.address() != null) {
            try (Agent agent = agent(settings, null)) {
                MonitorSchema monitor = agent.monitor();
                if (monitor != null) {
                    invocation.out().println("monitor: QEMU " + TerminalText.oneLine(monitor.version()) + " at " + agent.address());
                    return ExitCode.OK;
                }
                AgentInfo info = agent.info();
                invocation.out().println("agent: " + (info == null ? "version unknown (it does not list itself)"
                        : "qemu-ga " + TerminalText.oneLine(info.version())) + " at " + agent.address());
            }
        }
        return ExitCode.OK;
    }

    private ExitCode usage(CommandLine commandLine) {
        commandLine.usage(invocation.out(), CommandLine.Help.Ansi.OFF);
        return ExitCode.OK;
    }

    private ExitCode help(CommandLine commandLine, String topic, Settings settings) throws QgaException {
        if (topic == null) {
            return usage(commandLine);
        }
        CommandLine subcommand = commandLine.getSubcommands().get(topic);
        if (subcommand != null) {
            return usage(subcommand);
        }
        CommandInfo info = Catalog.builtIn().find(topic);
        boolean addressed = settings.address() != null || invocation.env().get("QGA_ADDRESS") != null;
        if (addressed && (info == null || settings.qmp() || address(settings).startsWith("qmp:"))) {
            // not an agent command qga knows: the address may be a QEMU monitor that does
            try (Agent agent = agent(settings, null)) {
                MonitorSchema monitor = agent.monitor();
                if (monitor != null) {
                    return monitorHelp(monitor, topic);
                }
            }
        }
        if (info == null) {
            String suggestion = DidYouMean.closest(topic, Catalog.builtIn().all().stream().map(CommandInfo::name).toList());
            throw QgaException.badInput("no help for " + topic + (suggestion == null ? "" : ": did you mean " + suggestion + "?")
                    + " (qga commands lists the agent commands)");
        }
        invocation.out().print(CommandHelp.text(info));
        return ExitCode.OK;
    }

    private ExitCode monitorHelp(MonitorSchema monitor, String topic) throws QgaException {
        CommandInfo command = monitor.find(topic);
        if (command == null) {
            String suggestion = DidYouMean.closest(topic, monitor.commands());
            throw QgaException.badInput("no help for " + topic + " on this QEMU monitor (" + monitor.version() + ")"
                    + (suggestion == null ? "" : ": did you mean " + suggestion + "?") + " (qga ADDRESS commands lists them)");
        }
        invocation.out().print(CommandHelp.monitorText(command, monitor.version(), monitor.closed(topic)));
        return ExitCode.OK;
    }

    /** The catalog, merged with the agent's guest-info when an address is given; a QEMU monitor's own commands. */
    private ExitCode commands(Settings settings, boolean json) throws QgaException {
        AgentInfo agent = null;
        if (settings.address() != null || invocation.env().get("QGA_ADDRESS") != null) {
            try (Agent connected = agent(settings, null)) {
                MonitorSchema monitor = connected.monitor();
                if (monitor != null) {
                    invocation.out().print(json ? CommandTable.monitorJson(monitor) : CommandTable.monitorText(monitor));
                    return ExitCode.OK;
                }
                agent = connected.info();
            }
        }
        List<CommandTable.Row> rows = CommandTable.rows(Catalog.builtIn(), agent);
        invocation.out().print(json ? CommandTable.json(rows) : CommandTable.text(rows));
        return ExitCode.OK;
    }

    /** libvirt's running domains with their agent channels, then the config file's targets. */
    private ExitCode domains(Settings settings, ConfigFile config, String uri, boolean json) throws QgaException {
        Duration timeout = settings.timeout() != null ? settings.timeout() : Policies.DEFAULT_TIMEOUT;
        List<LibvirtHost.Agent> agents = new java.util.ArrayList<>();
        try {
            agents.addAll(new LibvirtHost(uri, invocation.env(), log(settings)).agents(timeout));
        } catch (QgaException e) {
            if (e.exitCode() != ExitCode.CANNOT_CONNECT || config.targets().isEmpty()) {
                throw e;
            }
            message(e.getMessage() + " (listing the config file's targets only)");
        }
        for (ConfigFile.Section target : config.targets().values()) {
            agents.add(new LibvirtHost.Agent("[" + target.name() + "]", null, null, target.get("address"),
                    "target in " + config.path()));
        }
        invocation.out().print(json ? DomainTable.json(agents) : DomainTable.text(agents));
        return ExitCode.OK;
    }

    private Log log(Settings settings) {
        return settings.verbose() ? this::message : Log.SILENT;
    }

    /** The agent the settings name; unknownCommandHint null for the command line's own wording. */
    private Agent agent(Settings settings, String unknownCommandHint) throws QgaException {
        AgentOptions options = new AgentOptions(settings.timeout(), settings.maxReply(), settings.validate(),
                settings.readOnly(), invocation.env(), log(settings), unknownCommandHint);
        return Agent.open(address(settings), options);
    }

    private String address(Settings settings) throws QgaException {
        String address = settings.address();
        if (address == null) {
            address = invocation.env().get("QGA_ADDRESS");
        }
        if (address == null || address.isEmpty()) {
            String example = ShellLauncher.PROGRAM.equals(invocation.program()) ? " unix:/run/qga.sock"
                    : " unix:/run/qga.sock exec guest-ping";
            throw QgaException.badInput("no address: give it first (" + invocation.program() + example
                    + "), with -a/--address, or in QGA_ADDRESS");
        }
        if (address.startsWith("guest-") && !new java.io.File(address).exists()) {
            throw QgaException.badInput("'" + address + "' is an agent command, not an address: "
                    + invocation.program() + " ADDRESS exec " + address);
        }
        return settings.qmp() && !address.startsWith("qmp:") ? "qmp:" + address : address;
    }

    private void message(String text) {
        invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(text));
    }
}
