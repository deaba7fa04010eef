package qga.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A reply kept as the bytes it came in, when a scan found it plain (see {@link PlainScan}): it
 * prints compact by copying those bytes, whitespace between tokens left out, and becomes a tree
 * only when something asks for one. A 40 MiB base64 value then costs no String, no tree and no
 * character-by-character escaping on its way to stdout.
 */
public final class PlainObject {
    private static final int COLLECT_ABOVE = 16 << 20;
    /** Where the text is: every chunk full except the last; null once parsed into a tree. */
    private List<byte[]> chunks;
    private final int length;
    private final List<String> members;
    private final List<int[]> ranges;
    /** Whitespace runs between tokens as [start, end) pairs, gapInts ints of them; null when unknown. */
    private final int[] gaps;
    private final int gapInts;

    private PlainObject(List<byte[]> chunks, int length, PlainScan scan) {
        this.chunks = chunks;
        this.length = length;
        this.members = scan.members;
        this.ranges = scan.ranges;
        this.gaps = scan.gaps;
        this.gapInts = scan.gapInts;
    }

    /** The object these bytes hold if it is plain, else null (parse it as a tree then). */
    public static PlainObject scan(List<byte[]> chunks, int length) {
        PlainScan scan = new PlainScan();
        int at = 0;
        for (byte[] chunk : chunks) {
            int n = Math.min(chunk.length, length - at);
            scan.feed(chunk, 0, n);
            at += n;
        }
        return of(chunks, length, scan);
    }

    /** The object in these bytes, which the scan was fed as they came, if it found it plain; else null. */
    public static PlainObject of(List<byte[]> chunks, int length, PlainScan scan) {
        return scan.plain() ? new PlainObject(chunks, length, scan) : null;
    }

    public boolean has(String name) {
        return members.contains(name);
    }

    /** A top-level member's value if it is a string (plain, so its bytes are its chars), else null. */
    public String string(String name) {
        int at = members.indexOf(name);
        if (at < 0) {
            return null;
        }
        int[] range = ranges.get(at);
        int from = range[1];
        int to = range[2];
        if (byteAt(from) != '"') {
            return null;
        }
        byte[] text = new byte[to - from - 2];
        copy(from + 1, to - 1, text);
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    /**
     * The tree, exactly as {@link JsonCodec#parse} makes it (it cannot fail: the scan validated
     * the text). Once only: the bytes are let go, as a large reply is gathered into one array
     * for the parser, and holding both would double it.
     */
    public JsonObject parse() {
        if (chunks == null) {
            throw new IllegalStateException("a reply kept as bytes is parsed once");
        }
        boolean gathered = chunks.size() > 1;
        byte[] whole = gathered ? new byte[length] : chunks.get(0);
        if (gathered) {
            copy(0, length, whole);
        }
        chunks = null;
        if (gathered && length >= COLLECT_ABOVE) {
            // the chunks are garbage now; collecting them before the parser copies the text into
            // a String keeps the peak at twice the reply instead of three times
            System.gc();
        }
        try {
            return JsonCodec.parse(whole, 0, length, JsonCodec.Utf8.REPLACE).getAsJsonObject();
        } catch (JsonSyntaxError e) {
            throw new IllegalStateException("a scanned reply failed to parse: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the object as {@link JsonWriter#COMPACT} would write its tree, byte for byte, with
     * the member called name left out (replacement null) or its value replaced.
     */
    public <W extends Writer & AsciiSink> void writeCompact(W out, String name, JsonElement replacement) throws IOException {
        out.write('{');
        boolean first = true;
        for (int i = 0; i < members.size(); i++) {
            boolean replaced = members.get(i).equals(name);
            if (replaced && replacement == null) {
                continue;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            int[] range = ranges.get(i);
            if (replaced) {
                JsonWriter.writeString(name, out);
                out.write(':');
                JsonWriter.COMPACT.write(replacement, out);
            } else {
                writeCompactRange(range[0], range[2], out);
            }
        }
        out.write('}');
    }

    /**
     * Writes the value of the member called name as {@link JsonWriter#COMPACT} would write it, and
     * returns true; false (nothing written) when there is no such member, or its value is a string
     * and strings is false.
     */
    public <W extends Writer & AsciiSink> boolean writeValueCompact(String name, boolean strings, W out) throws IOException {
        int at = members.indexOf(name);
        if (at < 0) {
            return false;
        }
        int[] range = ranges.get(at);
        if (!strings && byteAt(range[1]) == '"') {
            return false;
        }
        writeCompactRange(range[1], range[2], out);
        return true;
    }

    private void writeCompactRange(int from, int to, AsciiSink out) throws IOException {
        if (gaps != null) {
            writeBetweenGaps(from, to, out);
        } else {
            writeWithoutWhitespace(from, to, out);
        }
    }

    /** Copies text[from, to) but the whitespace runs the scan found in it. */
    private void writeBetweenGaps(int from, int to, AsciiSink out) throws IOException {
        int at = from;
        for (int g = 0; g < gapInts; g += 2) {
            if (gaps[g] >= from && gaps[g + 1] <= to) {
                write(at, gaps[g], out);
                at = gaps[g + 1];
            }
        }
        write(at, to, out);
    }

    /** Copies text[from, to) as it is. */
    private void write(int from, int to, AsciiSink out) throws IOException {
        int base = 0;
        for (byte[] chunk : chunks) {
            int chunkEnd = base + Math.min(chunk.length, length - base);
            if (chunkEnd > from && base < to) {
                out.writeAscii(chunk, Math.max(from, base) - base, Math.min(to, chunkEnd) - base);
            }
            base = chunkEnd;
        }
    }

    /**
     * Copies text[from, to), which starts outside a string, leaving out whitespace between tokens:
     * for text with more whitespace runs than the scan kept.
     */
    private void writeWithoutWhitespace(int from, int to, AsciiSink out) throws IOException {
        boolean inString = false;
        int base = 0;
        for (byte[] chunk : chunks) {
            int chunkEnd = base + Math.min(chunk.length, length - base);
            if (chunkEnd > from && base < to) {
                int i = Math.max(from, base) - base;
                int end = Math.min(to, chunkEnd) - base;
                int run = i;
                while (i < end) {
                    byte c = chunk[i];
                    if (inString) {
                        // a plain string has no escapes: the next quote ends it
                        while (i < end && chunk[i] != '"') {
                            i++;
                        }
                        if (i < end) {
                            inString = false;
                            i++;
                        }
                    } else if (c == '"') {
                        inString = true;
                        i++;
                    } else if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                        if (run < i) {
                            out.writeAscii(chunk, run, i);
                        }
                        i++;
                        run = i;
                    } else {
                        i++;
                    }
                }
                if (run < end) {
                    out.writeAscii(chunk, run, end);
                }
            }
            base = chunkEnd;
        }
    }

    private byte byteAt(int at) {
        int base = 0;
        for (byte[] chunk : chunks) {
            if (at < base + chunk.length) {
                return chunk[at - base];
            }
            base += chunk.length;
        }
        throw new IndexOutOfBoundsException(at);
    }

    /** Copies text[from, to) into target from index 0. */
    private void copy(int from, int to, byte[] target) {
        int base = 0;
        for (byte[] chunk : chunks) {
            int chunkEnd = base + Math.min(chunk.length, length - base);
            if (chunkEnd > from && base < to) {
                int start = Math.max(from, base);
                int end = Math.min(to, chunkEnd);
                System.arraycopy(chunk, start - base, target, start - from, end - start);
            }
            base = chunkEnd;
        }
    }
}
