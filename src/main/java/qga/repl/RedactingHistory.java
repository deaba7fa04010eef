package qga.repl;

import java.time.Instant;
import org.jline.reader.impl.history.DefaultHistory;
import qga.input.HistoryRedactor;

/** Shell history that never stores secrets or bulk data (see HistoryRedactor). */
final class RedactingHistory extends DefaultHistory {
    private final HistoryRedactor redactor;

    RedactingHistory(HistoryRedactor redactor) {
        this.redactor = redactor;
    }

    @Override
    public void add(Instant time, String line) {
        super.add(time, redactor.redact(line));
    }
}
