package qga.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import qga.base.Excerpt;

/**
 * Completion candidates with a description, shown as one table: the names padded to one width,
 * then the descriptions, left-aligned. Given the description apart, JLine right-aligns it in a
 * column as wide as the widest name plus the widest description, which leaves wide gaps between
 * a short name and its description; so the description is made part of the text shown instead.
 */
final class DescribedCandidates {
    private record Entry(String value, String name, String description, boolean complete) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** value is what Tab inserts, name what the list shows before the description (null for none). */
    void add(String value, String name, String description, boolean complete) {
        entries.add(new Entry(value, name, description, complete));
    }

    /**
     * typed is the part of the word before the cursor: JLine lists the values that start with it,
     * so the names are padded to the widest of those (of all, when none match and JLine falls back
     * to near matches). Lines are cut to the terminal's width.
     */
    void addTo(List<Candidate> candidates, String typed, int width) {
        boolean anyMatch = entries.stream().anyMatch(e -> e.value().startsWith(typed));
        int nameWidth = 0;
        for (Entry entry : entries) {
            if (!anyMatch || entry.value().startsWith(typed)) {
                nameWidth = Math.max(nameWidth, entry.name().length());
            }
        }
        for (Entry entry : entries) {
            String shown = entry.description() == null ? entry.name()
                    : entry.name() + " ".repeat(nameWidth + 2 - Math.min(nameWidth, entry.name().length()))
                            + entry.description();
            candidates.add(new Candidate(entry.value(), fit(shown, width - 1), null, null, null, null, entry.complete()));
        }
    }

    private static String fit(String text, int width) {
        return width < 10 ? text : Excerpt.of(text, width);
    }
}
