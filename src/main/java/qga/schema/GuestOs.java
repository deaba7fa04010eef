package qga.schema;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tells which OS an agent runs on from what guest-info already says: a command the catalog
 * knows only on some OSes, enabled there, rules out the others (guest-get-memory-blocks enabled
 * means Linux, guest-get-devices enabled means Windows). An agent lists a command built for
 * another OS as disabled (7.2) or not at all (later ones), just as it lists one blocked with -b.
 */
public final class GuestOs {
    private GuestOs() {
    }

    /** The OS, or null when the enabled commands do not narrow it to one. */
    public static String of(Catalog catalog, AgentInfo agent) {
        Set<String> candidates = null;
        for (Map.Entry<String, AgentInfo.Entry> command : agent.commands().entrySet()) {
            CommandInfo info = command.getValue().enabled() ? catalog.find(command.getKey()) : null;
            if (info == null || info.os() == null) {
                continue;
            }
            if (candidates == null) {
                candidates = new HashSet<>(info.os());
            } else {
                candidates.retainAll(info.os());
            }
        }
        return candidates != null && candidates.size() == 1 ? candidates.iterator().next() : null;
    }
}
