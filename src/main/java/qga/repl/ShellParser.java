package qga.repl;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * Tells JLine when a line is complete: a JSON request continues on the next line until its
 * braces balance. Nothing is unescaped or expanded here.
 */
final class ShellParser implements Parser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && line.stripLeading().startsWith("{") && openDepth(line) > 0) {
            throw new EOFError(-1, -1, "the JSON request continues", "}");
        }
        return ShellLine.split(line, cursor);
    }

    /** How many brackets are still open, outside strings; an open string counts as open. */
    static int openDepth(String text) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return inString ? Math.max(depth, 1) : depth;
    }
}
