package qga.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import qga.base.BadInputException;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.format.ReplyPrinter;
import qga.format.TerminalText;
import qga.input.RequestParser;
import qga.input.RequestStream;
import qga.input.ValueParser;
import qga.protocol.AgentSession;
import qga.protocol.Request;
import qga.schema.Catalog;
import qga.schema.Policies;
import qga.transport.Address;
import qga.transport.Endpoint;

/** Parses one command line and runs it; maps every failure to the exit-code table. */
final class Cli {
    private final Invocation invocation;
    private boolean debug;

    Cli(Invocation invocation) {
        this.invocation = invocation;
    }

    int run() {
        String program = invocation.program();
        try {
            return dispatch().status();
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

    private ExitCode dispatch() throws QgaException, InterruptedException {
        CommandLine commandLine = CommandModel.build(invocation.program());
        ParseResult top = commandLine.parseArgs(invocation.args());
        ParseResult sub = top.subcommand();
        debug = top.hasMatchedOption("--debug") || (sub != null && sub.hasMatchedOption("--debug"));
        if (top.isUsageHelpRequested()) {
            commandLine.usage(invocation.out(), CommandLine.Help.Ansi.OFF);
            return ExitCode.OK;
        }
        if (sub != null && sub.isUsageHelpRequested()) {
            sub.commandSpec().commandLine().usage(invocation.out(), CommandLine.Help.Ansi.OFF);
            return ExitCode.OK;
        }
        if (top.isVersionHelpRequested()) {
            commandLine.printVersionHelp(new PrintWriter(invocation.out(), true));
            return ExitCode.OK;
        }
        Settings settings = Settings.from(top, sub, invocation.env(), invocation.stdoutIsTerminal());
        Reporter reporter = new Reporter(invocation.out(), invocation.err(),
                new ReplyPrinter(settings.format(), invocation.stdoutIsTerminal(), settings.palette()), invocation.program());
        RequestParser parser = new RequestParser(new ValueParser());
        if (sub != null && sub.commandSpec().name().equals(CommandModel.EXEC)) {
            Exec exec = new Exec(parser, reporter);
            String command = sub.matchedPositionalValue(0, null);
            List<String> pairs = List.of(sub.matchedPositionalValue(1, new String[0]));
            Request request = exec.request(command, pairs, sub.matchedOptionValue("--args", null));
            try (AgentSession session = session(settings)) {
                return exec.run(session, request);
            }
        }
        if (invocation.stdinIsTerminal()) {
            throw new BadInputException("no command: give exec COMMAND, or pipe requests on stdin (see "
                    + invocation.program() + " --help)");
        }
        try (AgentSession session = session(settings)) {
            return new Pipe(session, new RequestStream(invocation.in(), parser), reporter).run();
        }
    }

    private AgentSession session(Settings settings) throws QgaException {
        Log log = settings.verbose() ? this::message : Log.SILENT;
        Endpoint endpoint = Address.parse(address(settings), invocation.env(), log);
        return new AgentSession(endpoint, settings.maxReply(), log, Policies.of(Catalog.builtIn(), settings.timeout()));
    }

    private String address(Settings settings) throws BadInputException {
        String address = settings.address();
        if (address == null) {
            address = invocation.env().get("QGA_ADDRESS");
        }
        if (address == null || address.isEmpty()) {
            throw new BadInputException("no address: give it first (" + invocation.program()
                    + " unix:/run/qga.sock exec guest-ping), with -a/--address, or in QGA_ADDRESS");
        }
        if (address.startsWith("guest-") && !new java.io.File(address).exists()) {
            throw new BadInputException("'" + address + "' is an agent command, not an address: "
                    + invocation.program() + " ADDRESS exec " + address);
        }
        return address;
    }

    private void message(String text) {
        invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(text));
    }
}
