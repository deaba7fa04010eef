package qga.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.format.TerminalText;
import qga.guest.FileCopy;

/** qga cp SRC DST: one file between this host and the guest, through {@link FileCopy}. */
final class Copy implements GuestCommand {
    static final String NAME = "cp";
    static final String GUEST_PREFIX = "guest:";
    /** How long Ctrl-C waits for the copy to close its handle and remove its temporary file. */
    private static final long CLEAN_UP_SECONDS = 20;

    /** One side of the copy: a guest path (guest:PATH or :PATH), a local path, or - for stdin or stdout. */
    record Side(boolean guest, String path) {
        static Side of(String argument) {
            if (argument.startsWith(GUEST_PREFIX)) {
                return new Side(true, argument.substring(GUEST_PREFIX.length()));
            }
            if (argument.startsWith(":")) {
                return new Side(true, argument.substring(1));
            }
            return new Side(false, argument);
        }

        boolean standardStream() {
            return !guest && path.equals("-");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String synopsis() {
        return NAME + " [--verify] SRC DST";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec cp = CommandSpec.create().name(NAME);
        cp.usageMessage()
                .width(80)
                .header("Copy a file between this host and the guest.")
                .description("One of SRC and DST is in the guest, written guest:PATH or :PATH; the other",
                        "is a local path, or - for stdin (as SRC) or stdout (as DST). A DST that is a",
                        "directory gets SRC's name. An upload is written to a temporary name beside",
                        "DST (.NAME.qga-XXXXXXXX) and renamed over it by guest-exec of mv at the end,",
                        "so a failed copy leaves no partial file; where the agent has guest-exec",
                        "disabled, or the guest is Windows, DST is written in place and qga says so.",
                        "A download is written to a temporary file beside DST and renamed at the end.",
                        "Chunks of " + (FileCopy.DEFAULT_CHUNK >> 10) + " KiB, one request at a time (a smaller --max-reply",
                        "makes them smaller). A progress bar shows when stderr is a terminal. Ctrl-C,",
                        "kill and --timeout close the guest's handle and remove the temporary file.",
                        "")
                .footerHeading("%nExit codes:%n")
                .footer(CommandModel.exitCodes());
        cp.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        cp.addOption(OptionSpec.builder("--verify").arity("0").type(boolean.class)
                .description("Compare the copy's SHA-256, computed in the guest (sha256sum, or certutil on Windows),"
                        + " with the local one before renaming it into place; exit " + ExitCode.MISMATCH.status()
                        + " if they differ.")
                .build());
        // the candidates tell the completions: guest:, or a local file
        cp.addPositional(PositionalParamSpec.builder().index("0").arity("1").paramLabel("SRC").type(String.class)
                .completionCandidates(List.of(GUEST_PREFIX)).description("What to copy: guest:PATH, a local file, or - for stdin.")
                .build());
        cp.addPositional(PositionalParamSpec.builder().index("1").arity("1").paramLabel("DST").type(String.class)
                .completionCandidates(List.of(GUEST_PREFIX)).description("Where to: guest:PATH, a local path, or - for stdout.")
                .build());
        return cp;
    }

    @Override
    public void check(Context context) throws QgaException {
        Side source = Side.of(context.parsed().matchedPositionalValue(0, ""));
        Side target = Side.of(context.parsed().matchedPositionalValue(1, ""));
        String program = context.invocation().program();
        if (source.guest() == target.guest()) {
            throw QgaException.badInput((source.guest() ? "both SRC and DST are in the guest" : "neither SRC nor DST is in the guest")
                    + ": cp copies between this host and the guest; write the guest's side as guest:PATH (" + program
                    + " ADDRESS cp FILE guest:/tmp/FILE)");
        }
        Side guest = source.guest() ? source : target;
        if (guest.path().isEmpty()) {
            throw QgaException.badInput("guest: needs a path after it, e.g. guest:/tmp/FILE");
        }
        if (!source.guest() && !source.standardStream()) {
            Path local = Path.of(source.path());
            if (!Files.exists(local)) {
                throw QgaException.badInput("no such file: " + source.path());
            }
            if (Files.isDirectory(local)) {
                throw QgaException.badInput(source.path() + " is a directory: cp copies one file");
            }
            if (!Files.isReadable(local)) {
                throw QgaException.badInput("permission denied: cannot read " + source.path());
            }
        }
        if (!target.guest() && !target.standardStream() && !Files.isDirectory(Path.of(target.path()))) {
            Path parent = Path.of(target.path()).toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw QgaException.badInput("no such directory: " + (parent == null ? target.path() : parent));
            }
        }
    }

    @Override
    public boolean takesGuestPaths() {
        return true;
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException {
        Invocation invocation = context.invocation();
        Side source = Side.of(context.parsed().matchedPositionalValue(0, ""));
        Side target = Side.of(context.parsed().matchedPositionalValue(1, ""));
        Log log = context.settings().verbose() ? message -> message(invocation, message) : Log.SILENT;
        FileCopy copy = new FileCopy(agent).verify(context.parsed().hasMatchedOption("--verify")).log(log)
                .notices(notice -> message(invocation, notice));
        if (source.guest()) {
            copy.chunkSize(Math.min(FileCopy.DEFAULT_CHUNK, FileCopy.chunkFitting(context.settings().maxReply())));
        }
        // a bar on stderr, unless the data itself goes to the same terminal on stdout
        boolean bar = invocation.stderrIsTerminal() && !(target.standardStream() && invocation.stdoutIsTerminal());
        if (bar) {
            String path = source.standardStream() ? "stdin" : source.path();
            String label = TerminalText.oneLine(path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
            copy.progress(TerminalProgress.on(invocation.err(), label, Terminals.columns(2, invocation.env())));
        }
        Interrupt interrupt = new Interrupt(invocation, copy, bar);
        try {
            if (source.guest()) {
                download(copy, source.path(), target, invocation.out());
            } else if (source.standardStream()) {
                copy.upload(invocation.in(), target.path());
            } else {
                copy.upload(Path.of(source.path()), target.path());
            }
            return ExitCode.OK.status();
        } catch (QgaException e) {
            if (readerLeft(e)) {
                return ExitCode.OK.status();
            }
            if (!interrupt.fired()) {
                throw e;
            }
            // the JVM exits (130) as soon as the hook is let go: say it now
            message(invocation, e.getMessage());
            return ExitCode.NO_ANSWER.status();
        } finally {
            interrupt.release();
        }
    }

    /**
     * Ctrl-C or kill (SIGINT, SIGTERM) during a copy: the JVM runs its shutdown hooks and exits.
     * This one cancels the copy and holds the exit until the copy has closed its handle and removed
     * its temporary file, or for CLEAN_UP_SECONDS when the agent does not let it.
     */
    private static final class Interrupt {
        private final AtomicBoolean fired = new AtomicBoolean();
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Thread hook;

        /** quiet: a progress bar is on the terminal, and its last state says enough. */
        Interrupt(Invocation invocation, FileCopy copy, boolean quiet) {
            hook = new Thread(() -> {
                fired.set(true);
                if (!quiet) {
                    message(invocation, "interrupted: stopping the copy");
                }
                copy.cancel();
                try {
                    if (!finished.await(CLEAN_UP_SECONDS, TimeUnit.SECONDS)) {
                        message(invocation, "interrupted: the agent did not let the copy clean up within "
                                + CLEAN_UP_SECONDS + " s; its handle may still be open");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "qga-cp-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        boolean fired() {
            return fired.get();
        }

        /** The copy is over: the JVM may exit, and a later signal is none of this copy's business. */
        void release() {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running
            }
        }
    }

    private static void download(FileCopy copy, String guestPath, Side target, PrintStream stdout) throws QgaException {
        if (!target.standardStream()) {
            copy.download(guestPath, Path.of(target.path()));
            return;
        }
        // PrintStream keeps its errors to itself: a reader that left, or a full disk, must stop the copy
        OutputStream checked = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                stdout.write(bytes, offset, length);
                if (stdout.checkError()) {
                    IOException failure = stdout instanceof StdoutStream recorded ? recorded.failure() : null;
                    if (StdoutStream.readerLeft(stdout)) {
                        throw new ReaderLeft(failure);
                    }
                    throw failure != null ? failure : new IOException("stdout was closed, or its disk is full");
                }
            }
        };
        copy.download(guestPath, checked);
        stdout.flush();
    }

    /** The reader of stdout went away (| head): it has what it wanted, and the copy stops quietly. */
    private static final class ReaderLeft extends IOException {
        private static final long serialVersionUID = 1L;

        ReaderLeft(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static boolean readerLeft(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ReaderLeft) {
                return true;
            }
        }
        return false;
    }

    private static void message(Invocation invocation, String text) {
        invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(text));
    }
}
