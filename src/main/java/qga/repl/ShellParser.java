package qga.repl;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import qga.json.BracketScanner;

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
        BracketScanner scanner = new BracketScanner();
        for (int i = 0; i < text.length(); i++) {
            scanner.take(text.charAt(i));
        }
        return scanner.inString() ? Math.max(scanner.depth(), 1) : scanner.depth();
    }
}
