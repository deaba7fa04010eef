package qga.json;

import java.io.Writer;

/**
 * A Writer into a StringBuilder: StringWriter's StringBuffer takes a lock on every write, which
 * pipe mode pays for every token of every reply it prints.
 */
public final class TextBuilder extends Writer {
    private final StringBuilder text;

    public TextBuilder(int capacity) {
        this.text = new StringBuilder(capacity);
    }

    @Override
    public void write(int c) {
        text.append((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        text.append(chars, offset, length);
    }

    @Override
    public void write(String s, int offset, int length) {
        text.append(s, offset, offset + length);
    }

    @Override
    public void write(String s) {
        text.append(s);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
