package qga.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.format.TerminalText;
import qga.guest.GuestRun;
import qga.guest.RunSpec;
import qga.repl.Workflows;
import qga.schema.AgentInfo;

/**
 * The {@link GuestCommand}s in the shell: :run, :cp, ... parsed by the same command model as on the
 * command line and run on the shell's agent; failures are one line and an exit status, and the
 * shell goes on.
 */
final class ShellWorkflows implements Workflows {
    /** Bytes of a guest directory listing read for completion, at most. */
    private static final int LISTING_CAP = 1 << 20;

    private final Invocation invocation;
    private final Agent agent;
    private final List<Entry> entries = new ArrayList<>();

    ShellWorkflows(Invocation invocation, Agent agent) {
        this.invocation = invocation;
        this.agent = agent;
        for (GuestCommand command : GuestCommands.inShell()) {
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
            // Ctrl-C stops the command's wait for the agent and the shell goes on; a command that
            // undoes things in the guest on a signal (run, fsfreeze) installs its own handler inside
            try (Interrupts interrupts = Interrupts.handle(signal -> agent.cancel())) {
                return command.run(agent, context);
            }
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

    /** Lists the directory typed so far with ls in the guest (a second at most) and offers what matches. */
    @Override
    public List<String> guestPaths(String name, String word) {
        GuestCommand command = GuestCommands.find(name);
        AgentInfo info = agent.cachedInfo();
        if (command == null || !command.takesGuestPaths() || (info != null && !info.isEnabled("guest-exec"))) {
            return List.of();
        }
        String prefix = word.startsWith("guest:") ? "guest:" : ":";
        String path = word.substring(prefix.length());
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        String partial = path.substring(dir.length());
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        GuestRun.Output into = new GuestRun.Output() {
            @Override
            public void stdout(byte[] data, int offset, int length) {
                if (listing.size() < LISTING_CAP) {
                    listing.write(data, offset, length);
                }
            }

            @Override
            public void stderr(byte[] data, int offset, int length) {
            }
        };
        RunSpec ls = new RunSpec("ls", List.of("-1", "-a", "-p", "--", dir.isEmpty() ? "." : dir), List.of(), null, null,
                Duration.ofSeconds(1), false, false);
        List<String> paths = new ArrayList<>();
        try {
            if (new GuestRun(agent, ls, into, "/tmp", Log.SILENT).run().shellStatus() != 0) {
                return List.of();
            }
        } catch (QgaException | IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        for (String entry : listing.toString(StandardCharsets.UTF_8).split("\n")) {
            // a name with control characters could drive the terminal as a candidate, and cannot be typed anyway
            if (!entry.isEmpty() && !entry.equals("./") && !entry.equals("../") && entry.startsWith(partial)
                    && entry.chars().noneMatch(TerminalText::isControl)) {
                paths.add(prefix + dir + entry);
            }
        }
        return paths;
    }

    private void message(String text) {
        invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(text));
    }
}
