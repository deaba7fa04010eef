package qga.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.util.function.Consumer;
import qga.base.Log;
import qga.base.QgaException;
import qga.format.ReplyFormat;
import qga.format.ReplyPrinter;
import qga.format.Utf8Writer;
import qga.protocol.MonitorEvent;

/**
 * Where exec and pipe mode put a QEMU monitor's events, which are not replies and so have no
 * line of their own on stdout: appended to --events-to FILE, one JSON line each, written as they
 * come; or, without it, dropped (with -v, said on stderr).
 */
final class EventLog implements Consumer<MonitorEvent>, AutoCloseable {
    private final Writer out;
    private final Log log;
    private final ReplyPrinter printer = ReplyPrinter.oneLinePerReply(ReplyFormat.COMPACT, false);
    private boolean failed;

    private EventLog(Writer out, Log log) {
        this.out = out;
        this.log = log;
    }

    /** Events to file, or dropped when file is null. */
    static EventLog open(String file, Log log) throws QgaException {
        if (file == null) {
            return new EventLog(null, log);
        }
        try {
            return new EventLog(new Utf8Writer(new FileOutputStream(file, true)), log);
        } catch (IOException e) {
            throw QgaException.badInput("cannot open --events-to " + file + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void accept(MonitorEvent event) {
        if (out == null || failed) {
            log.verbose("event " + event.name() + " dropped" + (out == null ? " (--events-to FILE keeps them)" : ""));
            return;
        }
        try {
            printer.print(event, out);
            out.flush();
        } catch (IOException e) {
            failed = true;
            log.verbose("cannot write events any more (" + e.getMessage() + "); dropping them");
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                failed = true;
            }
        }
    }
}
