package qga.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import qga.base.ExitCode;
import qga.format.ReplyPrinter;
import qga.format.TerminalText;
import qga.format.Utf8Writer;
import qga.protocol.MonitorEvent;
import qga.protocol.Reply;

/** Replies to stdout in the chosen format; one-line human messages to stderr, made terminal-safe. */
final class Reporter {
    private final PrintStream err;
    private final PrintStream stdout;
    private final Writer out;
    private final ReplyPrinter printer;
    private final String program;

    Reporter(PrintStream out, PrintStream err, ReplyPrinter printer, String program) {
        this.err = err;
        this.stdout = out;
        this.out = new Utf8Writer(out);
        this.printer = printer;
        this.program = program;
    }

    /** Prints a reply; it reaches stdout at the next flush. */
    void reply(Reply reply) {
        try {
            printer.print(reply, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints a monitor event; it reaches stdout at the next flush. */
    void event(MonitorEvent event) {
        try {
            printer.print(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text as it is (a monitor's human output), made safe for a terminal when stdout is one. */
    void text(String text, boolean terminal) {
        try {
            out.write(terminal ? TerminalText.sanitize(text) : text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once stdout refused a write (disk full, closed, reader gone): nothing more can reach it. */
    boolean outputFailed() {
        return stdout.checkError();
    }

    /** In place of a reply that never came (pipe mode): an error object whose class names qga's reason. */
    void failure(ExitCode code, String message) {
        reply(Reply.error(failureClass(code), message));
    }

    static String failureClass(ExitCode code) {
        switch (code) {
            case BAD_INPUT:
                return "QgaInvalidRequest";
            case CANNOT_CONNECT:
                return "QgaCannotConnect";
            case NO_ANSWER:
                return "QgaNoAnswer";
            case PROTOCOL:
                return "QgaProtocolViolation";
            default:
                return "QgaInternalError";
        }
    }

    void message(String text) {
        flush();
        err.println(program + ": " + TerminalText.oneLine(text));
    }

    /** The one-line account of an agent error reply. */
    void agentError(String command, Reply reply) {
        message(command + ": " + reply.errorClass() + ": " + reply.errorDesc());
    }
}
