package qga.cli;

import java.util.ArrayList;
import java.util.List;
import qga.format.TextWrap;

/** A command's description written as paragraphs and wrapped to fit --help's 80 columns (and read by the man page). */
final class HelpText {
    static final int WIDTH = 78;

    private HelpText() {
    }

    /** The paragraphs as description lines: each wrapped, an empty line after each. */
    static String[] paragraphs(String... paragraphs) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : paragraphs) {
            lines.addAll(TextWrap.wrap(paragraph, WIDTH));
            lines.add("");
        }
        return lines.toArray(new String[0]);
    }
}
