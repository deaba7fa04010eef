package qga.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.api.FanOut;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.base.Seconds;
import qga.format.TerminalSafeStream;
import qga.guest.GuestRun;
import qga.guest.RunResult;
import qga.guest.RunSpec;
import qga.guest.TargetOutcome;

/**
 * qga run -- PROGRAM [ARGS...]: runs a program in the guest, its output on qga's stdout and stderr
 * as it comes, and exits with its status (128 + N for signal N, 124 when --timeout killed it, 130
 * on Ctrl-C, which kills it in the guest too). --json prints one object and exits 0 on any result
 * of the program, so scripts tell qga's own failures (1 to 5, 70, 74) from the program's.
 */
final class RunCommand implements GuestCommand {
    static final String NAME = "run";
    /** As timeout(1) reports a command it killed. */
    static final int TIMED_OUT = 124;
    /** Guest output kept for --json, per stream: what the agent's own capture keeps. */
    static final int JSON_CAP = 16 << 20;
    static final String DEFAULT_TMPDIR = "/tmp";
    private static final int SIGPIPE = 13;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean ownsTimeout() {
        return true;
    }

    @Override
    public String timeoutMeaning() {
        return "How long the program may run before it is killed in the guest (default: no limit);"
                + " each request to the agent keeps its own timeout.";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec run = CommandSpec.create().name(NAME);
        run.usageMessage().width(80)
                .header("Run a program in the guest; its output here, its exit status as qga's.")
                .customSynopsis("qga [OPTIONS] [ADDRESS] run [RUN-OPTIONS] [--] PROGRAM [ARGS...]")
                .description("Runs PROGRAM (looked up in the guest's PATH) with guest-exec and writes its",
                        "stdout and stderr to qga's as it runs: on a guest with a POSIX shell the program",
                        "writes to files in a private directory under --tmpdir that qga reads while it",
                        "runs and removes afterwards; otherwise (Windows, file commands disabled,",
                        "--no-stream) output comes when it exits, and the agent keeps at most 16 MiB of",
                        "each stream (qga says so when it cut). -v says which.",
                        "",
                        "qga exits with the program's status, 128+N if signal N ended it, 124 if",
                        "--timeout SECONDS (here: how long the program may run) killed it, 125 if the",
                        "shell could not set it up (--cwd, --tmpdir), 126/127 if it could",
                        "not be executed or found; Ctrl-C or SIGTERM kill it in the guest (TERM, then",
                        "KILL after 2 s) and qga exits 130 or 143. qga's own failures keep their codes",
                        "(see qga --help); with --json qga prints one object {exitcode, signal, stdout,",
                        "stderr, ...} and exits 0 whatever the program did, so scripts can tell them apart.",
                        "Guest output to a terminal is made safe (control characters shown as \\xNN)",
                        "unless --raw.",
                        "")
                .footerHeading("%nExamples:%n")
                .footer("  qga vm1 run -- uname -a",
                        "  qga vm1 run --cwd /var/log -- tail -n 20 syslog",
                        "  qga vm1 run -i script.sh -- sh -s",
                        "  qga vm1 run --json -- test -f /etc/ready | jq .exitcode");
        run.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        run.addOption(OptionSpec.builder("-i", "--input").paramLabel("FILE").type(String.class)
                .description("Give the program this file as stdin (at most " + (GuestRun.MAX_INPUT >> 20) + " MiB).").build());
        run.addOption(OptionSpec.builder("--stdin").arity("0").type(boolean.class)
                .description("Give the program qga's stdin, read to its end first (at most " + (GuestRun.MAX_INPUT >> 20)
                        + " MiB).").build());
        run.addOption(OptionSpec.builder("-e", "--env").paramLabel("KEY=VALUE").type(String[].class)
                .description("Add to the program's environment (repeatable).").build());
        run.addOption(OptionSpec.builder("--cwd").paramLabel("DIR").type(String.class)
                .description("Run the program in this guest directory (needs a POSIX shell in the guest).").build());
        run.addOption(OptionSpec.builder("--merge").arity("0").type(boolean.class)
                .description("Send the program's stderr into its stdout, interleaved as written.").build());
        run.addOption(OptionSpec.builder("--no-stream").arity("0").type(boolean.class)
                .description("Take the output when the program exits, as the agent captured it.").build());
        run.addOption(OptionSpec.builder("--tmpdir").paramLabel("DIR").type(String.class)
                .description("Guest directory for the output files while the program runs (default: " + DEFAULT_TMPDIR + ").").build());
        run.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
                .description("Print one JSON object with the status and output; exit 0 on any result of the program.").build());
        run.addOption(OptionSpec.builder("--raw").arity("0").type(boolean.class)
                .description("Write guest output to a terminal as it is, control characters included.").build());
        run.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").paramLabel("PROGRAM")
                .type(String[].class).description("The program and its arguments.").build());
        run.parser().stopAtPositional(true);
        return run;
    }

    @Override
    public void check(Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        String[] command = parsed.matchedPositionalValue(0, new String[0]);
        if (command.length == 0 || command[0].isEmpty()) {
            throw QgaException.badInput("run needs a program: qga ADDRESS run -- PROGRAM [ARGS...]");
        }
        if (parsed.hasMatchedOption("--input") && parsed.hasMatchedOption("--stdin")) {
            throw QgaException.badInput("run takes stdin from -i FILE or from --stdin, not both");
        }
        for (String pair : parsed.matchedOptionValue("--env", new String[0])) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw QgaException.badInput("--env " + pair + ": give it as KEY=VALUE");
            }
        }
        String tmpdir = parsed.matchedOptionValue("--tmpdir", DEFAULT_TMPDIR);
        if (!tmpdir.startsWith("/")) {
            throw QgaException.badInput("--tmpdir " + tmpdir + ": give an absolute guest path, e.g. /tmp");
        }
        String file = parsed.matchedOptionValue("--input", null);
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw QgaException.badInput("-i " + file + ": " + (Files.exists(Path.of(file)) ? "cannot read it" : "no such file"));
        }
    }

    /** The bytes for the program's stdin, read once and checked against the limit before anything is sent. */
    static byte[] input(Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        String file = parsed.matchedOptionValue("--input", null);
        if (file != null) {
            Path path = Path.of(file);
            try {
                if (Files.size(path) > GuestRun.MAX_INPUT) {
                    throw tooLarge(file);
                }
                return Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                throw QgaException.badInput("-i " + file + ": no such file");
            } catch (IOException e) {
                throw QgaException.badInput("-i " + file + ": cannot read it (" + e.getMessage() + ")");
            }
        }
        if (parsed.hasMatchedOption("--stdin")) {
            try {
                // read by hand: FileInputStream.readNBytes asks a pipe for its position and fails
                InputStream in = context.invocation().in();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes.write(buffer, 0, n);
                    if (bytes.size() > GuestRun.MAX_INPUT) {
                        throw tooLarge("stdin");
                    }
                }
                return bytes.toByteArray();
            } catch (IOException e) {
                throw QgaException.badInput("cannot read stdin: " + e.getMessage());
            }
        }
        return null;
    }

    private static QgaException tooLarge(String what) {
        return QgaException.badInput(what + " is larger than the " + (GuestRun.MAX_INPUT >> 20) + " MiB guest-exec takes as input:"
                + " copy it into the guest with qga cp and redirect from the file there");
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException, InterruptedException {
        ParseResult parsed = context.parsed();
        List<String> command = List.of(parsed.matchedPositionalValue(0, new String[0]));
        boolean json = parsed.hasMatchedOption("--json");
        RunSpec spec = new RunSpec(command.get(0), command.subList(1, command.size()),
                List.of(parsed.matchedOptionValue("--env", new String[0])), parsed.matchedOptionValue("--cwd", null),
                input(context), context.settings().timeout(), parsed.hasMatchedOption("--merge"), !parsed.hasMatchedOption("--no-stream"));
        Invocation invocation = context.invocation();
        boolean safe = invocation.stdoutIsTerminal() && !parsed.hasMatchedOption("--raw");
        Streams streams = json ? new Streams(new CappedBuffer(JSON_CAP), new CappedBuffer(JSON_CAP), invocation.out())
                : new Streams(safe ? new TerminalSafeStream(invocation.out()) : invocation.out(),
                        safe ? new TerminalSafeStream(invocation.err()) : invocation.err(), invocation.out());
        Log log = context.settings().verbose() ? message -> message(invocation, message) : Log.SILENT;
        GuestRun run = new GuestRun(agent, spec, streams, parsed.matchedOptionValue("--tmpdir", DEFAULT_TMPDIR), log);
        RunResult result;
        try (Interrupts interrupts = Interrupts.handle(signal -> run.interrupt())) {
            try {
                result = run.run();
                streams.finish();
            } catch (IOException e) {
                // stdout refused a write and the program was killed: a reader that left (| head) ends
                // qga as SIGPIPE ends a program in a shell pipeline, quietly; anything else Cli reports (74)
                return StdoutStream.readerLeft(invocation.out()) ? 128 + SIGPIPE : ExitCode.OUTPUT.status();
            }
            return json ? json(invocation, result, streams) : report(invocation, spec, result, interrupts.received());
        }
    }

    /**
     * The program on one of many targets, its output kept as for --json (input read once, for all):
     * the result as run --json prints it, with the status qga run would exit with for it alone.
     */
    static TargetOutcome runOn(String target, Agent agent, Context context, byte[] input, FanOut.Stops stops)
            throws QgaException, InterruptedException {
        ParseResult parsed = context.parsed();
        List<String> command = List.of(parsed.matchedPositionalValue(0, new String[0]));
        RunSpec spec = new RunSpec(command.get(0), command.subList(1, command.size()),
                List.of(parsed.matchedOptionValue("--env", new String[0])), parsed.matchedOptionValue("--cwd", null),
                input, context.settings().timeout(), parsed.hasMatchedOption("--merge"), !parsed.hasMatchedOption("--no-stream"));
        CappedBuffer out = new CappedBuffer(JSON_CAP);
        CappedBuffer err = new CappedBuffer(JSON_CAP);
        Streams streams = new Streams(out, err, new PrintStream(OutputStream.nullOutputStream()));
        GuestRun run = new GuestRun(agent, spec, streams, parsed.matchedOptionValue("--tmpdir", DEFAULT_TMPDIR), Log.SILENT);
        stops.onCancel(run::interrupt);
        RunResult result;
        try {
            result = run.run();
        } catch (IOException e) {
            throw new IllegalStateException("a buffer in memory refused a write", e);
        }
        int exit = switch (result.ending()) {
            case TIMED_OUT -> TIMED_OUT;
            case INTERRUPTED -> 128 + Interrupts.SIGINT;
            default -> result.shellStatus();
        };
        String reason = switch (result.ending()) {
            case TIMED_OUT -> "timed out";
            case INTERRUPTED -> "interrupted";
            default -> "exited";
        };
        return TargetOutcome.ran(target, exit, reason, result.jsonObject(out.text(), err.text(), out.cut, err.cut), out.text());
    }

    private static int report(Invocation invocation, RunSpec spec, RunResult result, int signal) {
        if (result.stdoutTruncated() || result.stderrTruncated()) {
            message(invocation, "the agent kept only the first 16 MiB of the program's "
                    + (result.stdoutTruncated() && result.stderrTruncated() ? "stdout and stderr"
                    : result.stdoutTruncated() ? "stdout" : "stderr") + "; the rest is lost (a guest with a POSIX shell streams"
                    + " it all unless --no-stream)");
        }
        switch (result.ending()) {
            case TIMED_OUT:
                message(invocation, spec.program() + " ran past --timeout " + Seconds.text(spec.limit())
                        + " and was killed in the guest");
                return TIMED_OUT;
            case INTERRUPTED:
                message(invocation, "interrupted: " + spec.program() + " was killed in the guest");
                return 128 + (signal == 0 ? Interrupts.SIGINT : signal);
            default:
                return result.shellStatus();
        }
    }

    private static int json(Invocation invocation, RunResult result, Streams streams) {
        CappedBuffer out = (CappedBuffer) streams.out;
        CappedBuffer err = (CappedBuffer) streams.err;
        invocation.out().println(result.json(out.text(), err.text(), out.cut, err.cut));
        return result.ending() == RunResult.Ending.INTERRUPTED ? 128 + Interrupts.SIGINT : ExitCode.OK.status();
    }

    private static void message(Invocation invocation, String text) {
        invocation.err().println(invocation.program() + ": " + qga.format.TerminalText.oneLine(text));
    }

    /** The guest's two streams, as qga writes them. */
    private static final class Streams implements GuestRun.Output {
        final OutputStream out;
        final OutputStream err;
        /** qga's stdout, which swallows write errors: asked after each write whether it took it. */
        final PrintStream stdout;

        Streams(OutputStream out, OutputStream err, PrintStream stdout) {
            this.out = out;
            this.err = err;
            this.stdout = stdout;
        }

        @Override
        public void stdout(byte[] data, int offset, int length) throws IOException {
            out.write(data, offset, length);
            out.flush();
            checkWritten();
        }

        @Override
        public void stderr(byte[] data, int offset, int length) throws IOException {
            err.write(data, offset, length);
            err.flush();
        }

        void finish() throws IOException {
            for (OutputStream stream : List.of(out, err)) {
                if (stream instanceof TerminalSafeStream safe) {
                    safe.finish();
                } else {
                    stream.flush();
                }
            }
            checkWritten();
        }

        /** The guest program is killed once stdout cannot take more (a full disk, a reader that left). */
        private void checkWritten() throws IOException {
            if (stdout.checkError()) {
                throw new IOException("stdout refused the guest's output");
            }
        }
    }

    /** Output kept for --json, up to a cap; what is past it is counted as cut. */
    private static final class CappedBuffer extends ByteArrayOutputStream {
        private final int cap;
        boolean cut;

        CappedBuffer(int cap) {
            this.cap = cap;
        }

        @Override
        public synchronized void write(byte[] data, int offset, int length) {
            int room = Math.max(0, cap - count);
            if (length > room) {
                cut = true;
            }
            super.write(data, offset, Math.min(length, room));
        }

        String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }
}
