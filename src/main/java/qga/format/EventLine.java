package qga.format;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import qga.json.JsonWriter;
import qga.protocol.MonitorEvent;

/**
 * A QEMU monitor event as the shell shows it between prompts, on one line: when QEMU sent it (in
 * this machine's time zone, to the microsecond), its name, its data on one line:
 * {@code [2026-11-30 18:20:01.910413] SHUTDOWN {"guest":false,"reason":"host-qmp-quit"}}.
 */
public final class EventLine {
    private EventLine() {
    }

    public static String text(MonitorEvent event, ZoneId zone) {
        StringBuilder line = new StringBuilder();
        String stamp = event.timestamp();
        if (stamp != null) {
            line.append('[').append(time(stamp, zone)).append("] ");
        }
        line.append(event.name());
        JsonElement data = event.json().get("data");
        if (data != null) {
            StringWriter out = new StringWriter();
            try {
                JsonWriter.COMPACT.write(data, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            line.append(' ').append(out);
        }
        return TerminalText.oneLine(line.toString());
    }

    /** "seconds.micros" as a local date and time; as given when it is not two numbers. */
    private static String time(String stamp, ZoneId zone) {
        int dot = stamp.indexOf('.');
        try {
            long seconds = Long.parseLong(stamp.substring(0, dot));
            String micros = stamp.substring(dot + 1);
            return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone)
                    .format(Instant.ofEpochSecond(seconds)) + "." + micros;
        } catch (RuntimeException e) {
            return stamp;
        }
    }
}
