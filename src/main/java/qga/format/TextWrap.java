package qga.format;

import java.util.ArrayList;
import java.util.List;

/** Word wrapping for help text: agent command help, and the address forms in qga --help. */
public final class TextWrap {
    private TextWrap() {
    }

    /** The words of text, in lines of at most width characters (a longer word alone on its line). */
    public static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
