package qga.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.format.TerminalText;
import qga.repl.Workflows;

/**
 * The {@link GuestCommand}s in the shell: :run, :cp, ... parsed by the same command model as on the
 * command line and run on the shell's agent; failures are one line and an exit status, and the
 * shell goes on.
 */
final class ShellWorkflows implements Workflows {
    private final Invocation invocation;
    private final Agent agent;
    private final List<Entry> entries = new ArrayList<>();

    ShellWorkflows(Invocation invocation, Agent agent) {
        this.invocation = invocation;
        this.agent = agent;
        for (GuestCommand command : GuestCommands.ALL) {
            String[] header = command.spec().usageMessage().header();
            entries.add(new Entry(command.name(), "[OPTIONS] ...", header.length == 0 ? "" : header[0]));
        }
    }

    @Override
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public int run(String name, List<String> words) {
        GuestCommand command = GuestCommands.find(name);
        List<String> args = new ArrayList<>(List.of(name));
        args.addAll(words);
        try {
            CommandLine commandLine = CommandModel.build(invocation.program());
            ParseResult top = commandLine.parseArgs(args.toArray(String[]::new));
            ParseResult sub = top.subcommand();
            if (sub.isUsageHelpRequested()) {
                sub.commandSpec().commandLine().usage(invocation.out(), CommandLine.Help.Ansi.OFF);
                invocation.out().flush();
                return ExitCode.OK.status();
            }
            Settings settings = Settings.from(top, sub, invocation.env(), invocation.stdoutIsTerminal(), ConfigFile.load(invocation.env()));
            GuestCommand.Context context = new GuestCommand.Context(sub, invocation, settings);
            command.check(context);
            return command.run(agent, context);
        } catch (CommandLine.ParameterException e) {
            message(e.getMessage() + " (see :" + name + " --help)");
            return ExitCode.BAD_INPUT.status();
        } catch (QgaException e) {
            message(e.getMessage());
            return e.exitCode().status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message("interrupted");
            return ExitCode.NO_ANSWER.status();
        } finally {
            invocation.out().flush();
        }
    }

    private void message(String text) {
        invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(text));
    }
}
