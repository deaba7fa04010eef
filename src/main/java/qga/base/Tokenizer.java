package qga.base;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shorthand line the way a POSIX shell would for words: blanks separate, '...' is
 * literal, "..." allows \" and \\, and a backslash outside quotes takes the next character.
 */
public final class Tokenizer {
    private Tokenizer() {
    }

    /** One word: its text with quotes removed, and where it was typed ([start, end) in the line). */
    public record Word(String text, int start, int end) {
    }

    /**
     * The words of a line. A quote that is never closed ends the scan: unclosedQuote is its index
     * (-1 when every quote is closed), and the text typed before it in the same word, if any, is the
     * last word.
     */
    public record Scan(List<Word> words, int unclosedQuote) {
    }

    public static List<String> split(String line) throws QgaException {
        Scan scan = scan(line);
        if (scan.unclosedQuote() >= 0) {
            char quote = line.charAt(scan.unclosedQuote());
            throw QgaException.badInput("unterminated " + quote + " quote at column " + (scan.unclosedQuote() + 1)
                    + ": close it with " + quote);
        }
        List<String> words = new ArrayList<>(scan.words().size());
        scan.words().forEach(word -> words.add(word.text()));
        return words;
    }

    public static Scan scan(String line) {
        List<Word> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int start = -1;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (start >= 0) {
                    words.add(new Word(word.toString(), start, i));
                    word.setLength(0);
                    start = -1;
                }
                i++;
                continue;
            }
            if (start < 0) {
                start = i;
            }
            int next;
            if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                next = close < 0 ? -1 : close + 1;
                if (close >= 0) {
                    word.append(line, i + 1, close);
                }
            } else if (c == '"') {
                next = doubleQuoted(line, i, word);
            } else if (c == '\\' && i + 1 < n) {
                word.append(line.charAt(i + 1));
                next = i + 2;
            } else {
                word.append(c);
                next = i + 1;
            }
            if (next < 0) {
                if (start < i) {
                    words.add(new Word(word.toString(), start, i));
                }
                return new Scan(words, i);
            }
            i = next;
        }
        if (start >= 0) {
            words.add(new Word(word.toString(), start, n));
        }
        return new Scan(words, -1);
    }

    /** The index after the closing quote, or -1 if there is none. */
    private static int doubleQuoted(String line, int open, StringBuilder word) {
        int i = open + 1;
        int mark = word.length();
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        word.setLength(mark);
        return -1;
    }
}
