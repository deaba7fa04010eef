package qga.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes a Gson tree as JSON text, compact or pretty, in one walk. Compact is one line with no
 * spaces, as sent to the agent. Pretty follows virsh's json-c layout byte for byte: two-space
 * indent, every member and element on its own line, and an empty container's brackets on two
 * lines, the closing one at the opening line's indentation; tokens may be coloured. Strings are
 * escaped the same way in both, terminal-safe, so guest data never drives the terminal.
 */
public final class JsonWriter {
    /** One line, no spaces: {"return":{"a":1}}. */
    public static final JsonWriter COMPACT = new JsonWriter(false, null);

    private final boolean pretty;
    /** Null when no colour is written. */
    private final TokenColors colors;

    private JsonWriter(boolean pretty, TokenColors colors) {
        this.pretty = pretty;
        this.colors = colors;
    }

    /** virsh's layout, each token in its colour. */
    public static JsonWriter pretty(TokenColors colors) {
        return new JsonWriter(true, colors.isPlain() ? null : colors);
    }

    public void write(JsonElement value, Writer out) throws IOException {
        write(value, 0, out);
    }

    public String toText(JsonElement value) {
        TextBuilder out = new TextBuilder(256);
        try {
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void write(JsonElement value, int level, Writer out) throws IOException {
        if (value.isJsonObject()) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                beforeItem(first, level + 1, out);
                first = false;
                if (colors == null) {
                    writeString(member.getKey(), out);
                } else {
                    out.write(colors.key());
                    writeString(member.getKey(), out);
                    out.write(colors.reset());
                }
                out.write(pretty ? ": " : ":");
                write(member.getValue(), level + 1, out);
            }
            close('}', level, out);
        } else if (value.isJsonArray()) {
            out.write('[');
            boolean first = true;
            for (JsonElement item : value.getAsJsonArray()) {
                beforeItem(first, level + 1, out);
                first = false;
                write(item, level + 1, out);
            }
            close(']', level, out);
        } else if (colors == null) {
            writeScalar(value, out);
        } else {
            out.write(colorOf(value));
            writeScalar(value, out);
            out.write(colors.reset());
        }
    }

    private void beforeItem(boolean first, int level, Writer out) throws IOException {
        if (pretty) {
            out.write(first ? "\n" : ",\n");
            indent(level, out);
        } else if (!first) {
            out.write(',');
        }
    }

    private void close(char bracket, int level, Writer out) throws IOException {
        if (pretty) {
            out.write('\n');
            indent(level, out);
        }
        out.write(bracket);
    }

    private static void indent(int level, Writer out) throws IOException {
        for (int i = 0; i < level; i++) {
            out.write("  ");
        }
    }

    private String colorOf(JsonElement scalar) {
        if (scalar.isJsonNull()) {
            return colors.literal();
        }
        JsonPrimitive primitive = scalar.getAsJsonPrimitive();
        return primitive.isString() ? colors.string() : primitive.isNumber() ? colors.number() : colors.literal();
    }

    /** A scalar as JSON text: null, true, false, a number as received, or a quoted string. */
    private static void writeScalar(JsonElement element, Writer out) throws IOException {
        if (element.isJsonNull()) {
            out.write("null");
            return;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isString()) {
            writeString(primitive.getAsString(), out);
        } else if (primitive.isBoolean()) {
            out.write(primitive.getAsBoolean() ? "true" : "false");
        } else {
            out.write(primitive.getAsNumber().toString());
        }
    }

    /**
     * A quoted JSON string. Besides what JSON requires, DEL and the C1 controls are escaped too:
     * U+009B is a CSI introducer to some terminals, and guest data must never drive the terminal.
     */
    public static void writeString(String s, Writer out) throws IOException {
        out.write('"');
        int n = s.length();
        if (n <= 64 && isPlain(s, n)) {
            // keys and most values: nothing to escape, no block to copy into
            out.write(s, 0, n);
            out.write('"');
            return;
        }
        if (out instanceof AsciiSink sink) {
            writeThrough(s, n, sink, out);
            out.write('"');
            return;
        }
        char[] block = new char[Math.min(Math.max(n, 2), 8192)];
        int start = 0;
        while (start < n) {
            int length = Math.min(block.length, n - start);
            if (start + length < n && Character.isHighSurrogate(s.charAt(start + length - 1))) {
                length--;
            }
            // a block copied out of the string scans far faster than charAt on a 48 MiB value
            s.getChars(start, start + length, block, 0);
            writeEscaped(block, length, out);
            start += length;
        }
        out.write('"');
    }

    private static boolean isPlain(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /**
     * The same escaping as {@link #writeEscaped}, for a writer of bytes: runs of printable ASCII
     * go to it as they are (one scan and one copy, where a block would be widened to chars,
     * scanned, and narrowed to bytes again: half the CPU of printing a 48 MiB base64 value).
     */
    private static void writeThrough(String s, int n, AsciiSink sink, Writer out) throws IOException {
        int run = 0;
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                i++;
                continue;
            }
            if (run < i) {
                sink.writeAscii(s, run, i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.write(s, i, 2);
                i += 2;
            } else {
                String escape = escapeFor(c);
                if (escape != null) {
                    out.write(escape);
                } else {
                    out.write(c);
                }
                i++;
            }
            run = i;
        }
        if (run < n) {
            sink.writeAscii(s, run, n);
        }
    }

    /** Writes a block of a string (never ending between the halves of a pair), escaping what must be. */
    private static void writeEscaped(char[] block, int length, Writer out) throws IOException {
        int run = 0;
        for (int i = 0; i < length; i++) {
            char c = block[i];
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(block[i + 1])) {
                i++;
                continue;
            }
            String escape = escapeFor(c);
            if (escape != null) {
                out.write(block, run, i - run);
                out.write(escape);
                run = i + 1;
            }
        }
        out.write(block, run, length - run);
    }

    /** The escape for a char outside printable ASCII, or null to write it as it is. */
    private static String escapeFor(char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c)) {
            return unicodeEscape(c);
        }
        return null;
    }

    private static String unicodeEscape(char c) {
        return String.format("\\u%04x", (int) c);
    }
}
