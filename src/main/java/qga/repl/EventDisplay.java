package qga.repl;

import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import qga.format.EventLine;
import qga.protocol.MonitorEvent;

/**
 * Which QEMU monitor events the shell shows between prompts (:events on|off [NAME...]), and the
 * line each becomes. Read on the reader thread, set on the shell's.
 */
final class EventDisplay {
    private final ZoneId zone;
    /** Replaced whole, so the reader thread sees one setting or the other, never half of one. */
    private volatile Setting setting = new Setting(true, Set.of());

    private record Setting(boolean shown, Set<String> names) {
        String describe() {
            return shown ? "events on" + (names.isEmpty() ? "" : ": " + String.join(" ", names)) : "events off";
        }
    }

    EventDisplay(ZoneId zone) {
        this.zone = zone;
    }

    /** The line to show for the event, or null when it is hidden. */
    String line(MonitorEvent event) {
        Setting current = setting;
        if (!current.shown() || !(current.names().isEmpty() || current.names().contains(event.name()))) {
            return null;
        }
        return EventLine.text(event, zone);
    }

    /** Runs :events with these words; returns what the shell says. */
    String command(List<String> words) {
        if (words.isEmpty() || !(words.get(0).equals("on") || words.get(0).equals("off"))) {
            return setting.describe() + " (:events on [NAME...] or :events off)";
        }
        Set<String> names = new TreeSet<>();
        words.subList(1, words.size()).forEach(name -> names.add(name.toUpperCase(Locale.ROOT)));
        setting = new Setting(words.get(0).equals("on"), Collections.unmodifiableSet(names));
        return setting.describe();
    }
}
