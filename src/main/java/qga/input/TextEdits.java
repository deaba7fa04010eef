package qga.input;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replacements of parts of a line, applied at once so that the rest stays exactly as typed. */
final class TextEdits {
    private record Edit(int start, int end, String replacement) {
    }

    private final String text;
    private final List<Edit> edits = new ArrayList<>();

    TextEdits(String text) {
        this.text = text;
    }

    /** Replaces [start, end); edits must not overlap. */
    void replace(int start, int end, String replacement) {
        edits.add(new Edit(start, end, replacement));
    }

    String apply() {
        if (edits.isEmpty()) {
            return text;
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (Edit edit : edits) {
            out.append(text, copied, edit.start()).append(edit.replacement());
            copied = edit.end();
        }
        return out.append(text, copied, text.length()).toString();
    }
}
