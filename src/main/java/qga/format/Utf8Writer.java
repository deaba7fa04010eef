package qga.format;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import qga.json.AsciiSink;

/**
 * A UTF-8 Writer for replies on stdout. The JDK's OutputStreamWriter copies a whole string into
 * a char[] before encoding it (96 MiB for a 48 MiB base64 value); this one goes a block at a time,
 * with ASCII, which replies mostly are, copied straight into the byte buffer.
 */
public final class Utf8Writer extends Writer implements AsciiSink {
    private final OutputStream out;
    /** Strings up to this long are written char by char; longer ones a block at a time. */
    private static final int SHORT = 256;
    private final byte[] buffer = new byte[1 << 16];
    private int count;

    public Utf8Writer(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int c) throws IOException {
        if (c < 0x80) {
            if (count == buffer.length) {
                drain();
            }
            buffer[count++] = (byte) c;
        } else {
            write(String.valueOf((char) c), 0, 1);
        }
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (buffer.length - count < 4) {
                drain();
            }
            int limit = Math.min(end, i + buffer.length - count - 3);
            while (i < limit && chars[i] < 0x80) {
                buffer[count++] = (byte) chars[i++];
            }
            if (i < limit) {
                int pair = Math.min(2, end - i);
                i += encode(new String(chars, i, pair), 0, pair);
            }
        }
    }

    @Override
    public void write(String s, int offset, int length) throws IOException {
        if (length <= SHORT) {
            writeShort(s, offset, offset + length);
            return;
        }
        char[] block = new char[Math.min(Math.max(length, 2), 8192)];
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int n = Math.min(block.length, end - i);
            if (i + n < end && Character.isHighSurrogate(s.charAt(i + n - 1))) {
                n--;
            }
            s.getChars(i, i + n, block, 0);
            write(block, 0, n);
            i += n;
        }
    }

    /** A run the caller checked is all ASCII: String copies its low bytes, for Latin-1 strings a plain array copy. */
    @Override
    @SuppressWarnings("deprecation")
    public void writeAscii(String s, int from, int to) throws IOException {
        while (from < to) {
            if (count == buffer.length) {
                drain();
            }
            int n = Math.min(to - from, buffer.length - count);
            s.getBytes(from, from + n, buffer, count);
            count += n;
            from += n;
        }
    }

    /** Bytes the caller checked are all ASCII; a run longer than the buffer goes to the stream without a copy. */
    @Override
    public void writeAscii(byte[] bytes, int from, int to) throws IOException {
        if (to - from >= buffer.length) {
            drain();
            out.write(bytes, from, to - from);
            return;
        }
        if (to - from > buffer.length - count) {
            drain();
        }
        System.arraycopy(bytes, from, buffer, count, to - from);
        count += to - from;
    }

    /** Keys, numbers and most values: char by char, without a block to copy into. */
    private void writeShort(String s, int i, int end) throws IOException {
        if (buffer.length - count < 4 * (end - i)) {
            drain();
        }
        while (i < end) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buffer[count++] = (byte) c;
                i++;
            } else {
                i = encode(s, i, end);
            }
        }
    }

    /** Encodes one non-ASCII character (or surrogate pair) at i; returns the index after it. */
    private int encode(String s, int i, int end) throws IOException {
        if (count + 4 > buffer.length) {
            drain();
        }
        char c = s.charAt(i);
        if (c < 0x800) {
            buffer[count++] = (byte) (0xC0 | (c >> 6));
            buffer[count++] = (byte) (0x80 | (c & 0x3F));
            return i + 1;
        }
        if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, s.charAt(i + 1));
            buffer[count++] = (byte) (0xF0 | (cp >> 18));
            buffer[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buffer[count++] = (byte) (0x80 | (cp & 0x3F));
            return i + 2;
        }
        if (Character.isSurrogate(c)) {
            c = '\uFFFD';
        }
        buffer[count++] = (byte) (0xE0 | (c >> 12));
        buffer[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buffer[count++] = (byte) (0x80 | (c & 0x3F));
        return i + 1;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, count);
        count = 0;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
