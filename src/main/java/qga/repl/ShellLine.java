package qga.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;

/**
 * A typed line split into words for completion. Words keep their quotes (nothing here
 * unescapes: backslashes and quotes reach the request parser exactly as typed).
 */
final class ShellLine implements CompletingParsedLine {
    private final String line;
    private final int cursor;
    private final List<String> words;
    private final int wordIndex;
    private final int wordCursor;

    private ShellLine(String line, int cursor, List<String> words, int wordIndex, int wordCursor) {
        this.line = line;
        this.cursor = cursor;
        this.words = words;
        this.wordIndex = wordIndex;
        this.wordCursor = wordCursor;
    }

    /** Splits at blanks outside quotes; an unterminated quote runs to the end of the line. */
    static ShellLine split(String line, int cursor) {
        List<String> words = new ArrayList<>();
        int wordIndex = -1;
        int wordCursor = 0;
        int i = 0;
        int n = line.length();
        while (i <= n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            char quote = 0;
            while (i < n && (quote != 0 || !Character.isWhitespace(line.charAt(i)))) {
                char c = line.charAt(i);
                if (quote == 0 && (c == '\'' || c == '"')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
                i++;
            }
            if (start == n && start == i) {
                if (wordIndex < 0) {
                    wordIndex = words.size();
                    wordCursor = 0;
                    words.add("");
                }
                break;
            }
            if (wordIndex < 0 && cursor >= start && cursor <= i) {
                wordIndex = words.size();
                wordCursor = cursor - start;
            }
            words.add(line.substring(start, i));
        }
        if (wordIndex < 0) {
            wordIndex = words.size();
            words.add("");
        }
        return new ShellLine(line, cursor, words, wordIndex, wordCursor);
    }

    @Override
    public String word() {
        return words.get(wordIndex);
    }

    @Override
    public int wordCursor() {
        return wordCursor;
    }

    @Override
    public int wordIndex() {
        return wordIndex;
    }

    @Override
    public List<String> words() {
        return words;
    }

    @Override
    public String line() {
        return line;
    }

    @Override
    public int cursor() {
        return cursor;
    }

    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
        return candidate;
    }

    @Override
    public int rawWordCursor() {
        return wordCursor;
    }

    @Override
    public int rawWordLength() {
        return word().length();
    }
}
