package qga.repl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;
import qga.api.Agent;
import qga.base.QgaException;
import qga.base.Seconds;
import qga.base.Tokenizer;
import qga.format.ColorChoice;
import qga.format.CommandHelp;
import qga.format.CommandTable;
import qga.format.Palette;
import qga.format.ReplyFormat;
import qga.format.ReplyPrinter;
import qga.format.TerminalText;
import qga.format.TextColumns;
import qga.input.HistoryRedactor;
import qga.guest.HumanMonitor;
import qga.input.RequestParser;
import qga.protocol.MonitorEvent;
import qga.protocol.Outcome;
import qga.protocol.Reply;
import qga.protocol.Request;
import qga.protocol.WireTap;
import qga.schema.AgentInfo;
import qga.schema.CommandInfo;
import qga.schema.MonitorSchema;

/**
 * The interactive shell: a prompt that knows the agent. Ctrl-C cancels a pending request (the
 * next one resyncs first) or clears the line; Ctrl-D leaves. Errors print one line and the loop
 * goes on. JLine is only ever loaded here, and only when stdin is a terminal.
 */
public final class Shell {
    private final ShellSetup setup;
    private final Terminal terminal;
    private final PrintWriter out;
    private final LineReader reader;
    private final Palette palette;
    private ReplyFormat format;
    private Duration timeout;
    private volatile boolean atPrompt;
    private volatile boolean lossReported;
    private long connectionsSeen;
    private final EventDisplay events = new EventDisplay(ZoneId.systemDefault());

    Shell(ShellSetup setup, Terminal terminal) {
        this.setup = setup;
        this.terminal = terminal;
        this.out = terminal.writer();
        this.format = setup.format();
        this.timeout = setup.timeout();
        this.palette = palette(setup, terminal);
        this.reader = LineReaderBuilder.builder()
                .appName("qga")
                .terminal(terminal)
                .parser(new ShellParser())
                .completer(new ShellCompleter(setup.catalog(), setup.agent()::cachedInfo, setup.agent()::cachedMonitor,
                        setup.workflows()))
                .history(new RedactingHistory(new HistoryRedactor(setup.catalog())))
                .variable(LineReader.HISTORY_FILE, historyFile(setup.historyFile()))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%P ... ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
    }

    /** Opens the system terminal and runs the shell until Ctrl-D or :quit; returns the exit status. */
    public static int run(ShellSetup setup) throws IOException {
        try (Terminal terminal = systemTerminal()) {
            return new Shell(setup, terminal).loop();
        }
    }

    /**
     * The JNI terminal, else whatever JLine finds. Asked for by name because JLine's default search
     * also probes its exec provider, which starts `test -t 1` (a process, 20-40 ms of the start-up).
     */
    private static Terminal systemTerminal() throws IOException {
        try {
            return TerminalBuilder.builder().system(true).provider("jni").dumb(false).build();
        } catch (IOException | RuntimeException | LinkageError noJni) {
            return TerminalBuilder.builder().system(true).dumb(true).build();
        }
    }

    /** Runs on a given terminal (tests use a DumbTerminal over streams). */
    public static int run(ShellSetup setup, Terminal terminal) {
        return new Shell(setup, terminal).loop();
    }

    private static Palette palette(ShellSetup setup, Terminal terminal) {
        Integer colors = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
        return ColorChoice.parse(setup.color()).palette(setup.noColor(), terminal.getType(), colors != null && colors >= 8);
    }

    /** The history file, its directory 0700 and itself 0600 before JLine ever writes it. */
    private static Path historyFile(Path file) {
        try {
            Path dir = file.getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // history still works in memory; say so once, not on every line
            return file;
        }
        return file;
    }

    int loop() {
        Agent agent = setup.agent();
        agent.setReconnect(true);
        agent.setClosedListener(this::channelClosed);
        agent.setEventListener(this::event);
        banner();
        String prompt = prompt();
        while (true) {
            String line;
            try {
                atPrompt = true;
                if (agent.isLost()) {
                    // the channel closed while a command was shown (QEMU quit): said once, before the prompt
                    reportLoss();
                }
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            } finally {
                atPrompt = false;
            }
            String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                if (text.startsWith(":")) {
                    if (!meta(text)) {
                        break;
                    }
                } else {
                    execute(text);
                }
            } catch (RuntimeException e) {
                say("internal error: " + e);
            }
            out.flush();
        }
        return 0;
    }

    private String prompt() {
        String name = setup.agent().address();
        if (name.length() > 28) {
            name = "..." + name.substring(name.length() - 25);
        }
        return "qga " + TerminalText.oneLine(name) + "> ";
    }

    private void banner() {
        String address = setup.agent().address();
        try {
            MonitorSchema monitor = withCancel(() -> setup.agent().monitor());
            if (monitor != null) {
                connectionsSeen = setup.agent().connections();
                say("connected to " + address + ", a QEMU " + monitor.version() + " monitor (" + monitor.commands().size()
                        + (setup.agent().sendsEvents() ? " commands; events shown above the prompt, :events off hides them)"
                        : " commands; libvirt holds it and keeps its events)") + "; :help for help, Ctrl-D to quit");
                return;
            }
            AgentInfo agent = withCancel(() -> setup.agent().info());
            connectionsSeen = setup.agent().connections();
            if (agent == null) {
                say("connected to " + address + " (the agent does not list its commands); :help for help, Ctrl-D to quit");
            } else {
                long enabled = agent.commands().values().stream().filter(AgentInfo.Entry::enabled).count();
                say("connected to " + address + ", qemu-ga " + agent.version() + " (" + enabled + " of "
                        + agent.commands().size() + " commands enabled); :help for help, Ctrl-D to quit");
            }
        } catch (QgaException e) {
            say(e.getMessage());
            say("not connected to " + address + " yet: the next command tries again; :help for help, Ctrl-D to quit");
        }
    }

    /** One request: parse, check, send, show. Ctrl-C interrupts the wait. */
    private void execute(String text) {
        Request request;
        try {
            request = parse(text);
        } catch (QgaException e) {
            say(e.getMessage());
            return;
        }
        try {
            Outcome outcome = withCancel(() -> setup.agent().execute(request));
            noticeReconnect();
            if (outcome instanceof Outcome.Accepted accepted) {
                say(accepted.describe());
            } else {
                show(((Outcome.Replied) outcome).reply());
            }
        } catch (QgaException e) {
            if (e.cancelled()) {
                say("cancelled: " + request.command() + " may still run in the guest; the next request resyncs first");
                return;
            }
            say(e.getMessage());
            if (setup.agent().isLost()) {
                reportLoss();
            }
        }
    }

    private Request parse(String text) throws QgaException {
        RequestParser parser = setup.parser();
        if (RequestParser.looksLikeJson(text)) {
            return parser.fromJson(text);
        }
        List<String> words = Tokenizer.split(text);
        return parser.fromShorthand(words.get(0), words.subList(1, words.size()), null);
    }

    private void show(Reply reply) {
        try {
            new ReplyPrinter(format, true, palette).print(reply, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /**
     * Runs an action with Ctrl-C cancelling the wait in progress. The session is told, not the
     * thread interrupted: interrupting a thread inside a socket write would close the channel.
     */
    private <T> T withCancel(Action<T> action) throws QgaException {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> setup.agent().cancel());
        try {
            return action.run();
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
        }
    }

    @FunctionalInterface
    private interface Action<T> {
        T run() throws QgaException;
    }

    /** On the reader thread, as a monitor's event comes: above the prompt, or before the reply being awaited. */
    private void event(MonitorEvent event) {
        String line = events.line(event);
        if (line != null) {
            traceLine(line);
        }
    }

    /** On the reader thread, when the peer closes: shown above the prompt, once. */
    private void channelClosed() {
        if (atPrompt) {
            reportLoss();
        }
    }

    private synchronized void reportLoss() {
        if (lossReported) {
            return;
        }
        lossReported = true;
        String text = setup.program() + ": the channel to " + setup.agent().address()
                + (setup.agent().cachedMonitor() != null ? " closed (QEMU quit, or its monitor was restarted)"
                : " closed (VM shut down or restarted, or agent restarted)") + "; the next command reconnects";
        if (atPrompt) {
            reader.printAbove(text);
        } else {
            out.println(text);
            out.flush();
        }
    }

    private void noticeReconnect() {
        long connections = setup.agent().connections();
        if (connectionsSeen != 0 && connections != connectionsSeen) {
            AgentInfo agent = setup.agent().cachedInfo();
            say("reconnected to " + setup.agent().address()
                    + (agent == null ? "" : ", qemu-ga " + agent.version()));
        }
        connectionsSeen = connections;
        lossReported = false;
    }

    /** Returns false for :quit. */
    private boolean meta(String text) {
        List<String> words;
        try {
            words = Tokenizer.split(text);
        } catch (QgaException e) {
            say(e.getMessage());
            return true;
        }
        MetaCommand meta = MetaCommand.find(words.get(0));
        String argument = words.size() > 1 ? words.get(1) : null;
        if (meta == null) {
            Workflows.Entry workflow = setup.workflows().find(words.get(0).substring(1));
            if (workflow == null) {
                say("unknown shell command " + words.get(0) + ": :help lists them");
                return true;
            }
            out.flush();
            int status = setup.workflows().run(workflow.name(), words.subList(1, words.size()));
            if (status != 0) {
                say(words.get(0) + ": exit status " + status);
            }
            return true;
        }
        switch (meta) {
            case QUIT:
                return false;
            case HELP:
                help(argument);
                break;
            case COMMANDS:
                commands();
                break;
            case TIMEOUT:
                timeout(argument);
                break;
            case FORMAT:
                format(argument);
                break;
            case TRACE:
                trace(argument);
                break;
            case EVENTS:
                events(words.subList(1, words.size()));
                break;
            case HMP:
                hmp(words.subList(1, words.size()));
                break;
            case RECONNECT:
                setup.agent().disconnect();
                say("disconnected; the next command connects and resyncs");
                break;
            default:
                break;
        }
        return true;
    }

    private void help(String topic) {
        if (topic == null) {
            out.println("Type an agent command, with arguments as KEY=VALUE (Tab completes), or a JSON request");
            out.println("(it may span lines until its braces balance). Ctrl-C cancels a request, Ctrl-D leaves.");
            for (MetaCommand meta : MetaCommand.values()) {
                out.printf(Locale.ROOT, "  %-34s %s%n", meta.text() + " " + meta.arguments(), meta.summary());
            }
            for (Workflows.Entry workflow : setup.workflows().entries()) {
                out.printf(Locale.ROOT, "  %-34s %s%n", ":" + workflow.name() + " " + workflow.arguments(), workflow.summary());
            }
            return;
        }
        MonitorSchema monitor = setup.agent().cachedMonitor();
        if (monitor != null) {
            CommandInfo command = monitor.find(topic);
            if (command == null) {
                say("no help for " + topic + ": :commands lists this monitor's commands");
            } else {
                out.print(CommandHelp.monitorText(command, monitor.version(), monitor.closed(topic)));
            }
            return;
        }
        CommandInfo info = setup.catalog().find(topic);
        if (info == null) {
            say("no help for " + topic + ": :commands lists the agent commands");
            return;
        }
        out.print(CommandHelp.text(info));
    }

    private void commands() {
        MonitorSchema monitor = setup.agent().cachedMonitor();
        if (monitor != null) {
            out.print(TextColumns.text(List.copyOf(monitor.commands()), terminal.getWidth()));
            return;
        }
        try {
            AgentInfo agent = withCancel(() -> setup.agent().info());
            out.print(CommandTable.text(CommandTable.rows(setup.catalog(), agent)));
        } catch (QgaException e) {
            say(e.getMessage() + " (showing the catalog only)");
            out.print(CommandTable.text(CommandTable.rows(setup.catalog(), null)));
        }
    }

    private void events(List<String> words) {
        try {
            boolean kept = withCancel(() -> setup.agent().isMonitor() && !setup.agent().sendsEvents());
            say(kept ? "libvirt holds this monitor and keeps its events: virsh qemu-monitor-event shows them"
                    : events.command(words));
        } catch (QgaException e) {
            say(e.getMessage());
        }
    }

    private void hmp(List<String> words) {
        if (words.isEmpty()) {
            say(":hmp COMMAND..., such as :hmp info status");
            return;
        }
        try {
            String text = withCancel(() -> HumanMonitor.run(setup.agent(), String.join(" ", words)));
            out.print(TerminalText.sanitize(text));
            out.flush();
        } catch (QgaException e) {
            say(e.getMessage());
        }
    }

    private void timeout(String argument) {
        if (argument == null) {
            say("timeout: " + (timeout == null ? "default (5 s; longer for slow commands)" : Seconds.text(timeout)));
            return;
        }
        try {
            timeout = Seconds.parse(argument, ":timeout", ":timeout");
            setup.agent().setTimeout(timeout);
            say("timeout: " + Seconds.text(timeout));
        } catch (QgaException e) {
            say(e.getMessage());
        }
    }

    private void format(String argument) {
        ReplyFormat chosen = argument == null ? null : ReplyFormat.parse(argument);
        if (chosen == null) {
            say("format: " + format.label() + " (:format pretty, compact or return)");
            return;
        }
        format = chosen;
        say("format: " + format.label());
    }

    private void trace(String argument) {
        if ("on".equals(argument)) {
            setup.agent().setWireTap(new WireTap() {
                @Override
                public void sent(String json) {
                    traceLine("-> " + json);
                }

                @Override
                public void received(String json) {
                    traceLine("<- " + json);
                }
            });
            say("trace on: the exact JSON sent (->) and received (<-)");
        } else if ("off".equals(argument)) {
            setup.agent().setWireTap(null);
            say("trace off");
        } else {
            say(":trace on or :trace off");
        }
    }

    private void traceLine(String text) {
        String safe = TerminalText.oneLine(text);
        if (atPrompt) {
            reader.printAbove(safe);
        } else {
            synchronized (out) {
                out.println(safe);
                out.flush();
            }
        }
    }

    private void say(String text) {
        out.println(setup.program() + ": " + TerminalText.oneLine(text));
        out.flush();
    }
}
