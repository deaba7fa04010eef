package qga.format;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import qga.json.JsonCodec;
import qga.protocol.Reply;

/**
 * Writes replies in the chosen format, each ending with one newline. Pretty output follows
 * virsh's json-c layout byte for byte: two-space indent, every member and element on its own
 * line, and an empty container's brackets on two lines, the closing one at the opening line's
 * indentation. Strings are always escaped, so guest data never reaches the terminal raw, except
 * --return strings sent to a pipe, which are the point of that format.
 */
public final class ReplyPrinter {
    private final ReplyFormat format;
    private final boolean terminal;
    private final Palette palette;
    private final boolean oneLine;

    public ReplyPrinter(ReplyFormat format, boolean terminal, Palette palette) {
        this(format, terminal, palette, false);
    }

    private ReplyPrinter(ReplyFormat format, boolean terminal, Palette palette, boolean oneLine) {
        this.format = format;
        this.terminal = terminal;
        this.palette = palette;
        this.oneLine = oneLine;
    }

    /**
     * For a stream of requests, where a consumer reads one line per reply: pretty becomes compact,
     * and a --return string is written as a JSON string, since a raw one may hold line breaks.
     */
    public static ReplyPrinter oneLinePerReply(ReplyFormat format, boolean terminal) {
        ReplyFormat oneLineFormat = format == ReplyFormat.PRETTY ? ReplyFormat.COMPACT : format;
        return new ReplyPrinter(oneLineFormat, terminal, Palette.NONE, true);
    }

    public ReplyFormat format() {
        return format;
    }

    public void print(Reply reply, Writer out) throws IOException {
        print(reply.json(), out);
    }

    void print(JsonObject reply, Writer out) throws IOException {
        if (format == ReplyFormat.RETURN && reply.has("return")) {
            printValue(reply.get("return"), out);
        } else if (format == ReplyFormat.COMPACT || (format == ReplyFormat.RETURN && (!terminal || oneLine))) {
            JsonCodec.writeCompact(reply, out);
            out.write('\n');
        } else {
            pretty(reply, 0, out);
            out.write('\n');
        }
    }

    public String toText(Reply reply) {
        StringWriter out = new StringWriter();
        try {
            print(reply, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** --return: a string raw, other scalars as JSON, containers pretty on a terminal and compact otherwise. */
    private void printValue(JsonElement value, Writer out) throws IOException {
        if (oneLine) {
            JsonCodec.writeCompact(value, out);
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String text = value.getAsString();
            out.write(terminal ? TerminalText.sanitize(text) : text);
        } else if (value.isJsonObject() || value.isJsonArray()) {
            if (terminal) {
                pretty(value, 0, out);
            } else {
                JsonCodec.writeCompact(value, out);
            }
        } else {
            JsonCodec.writeScalar(value, out);
        }
        out.write('\n');
    }

    private void pretty(JsonElement value, int level, Writer out) throws IOException {
        if (value.isJsonObject()) {
            out.write('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                out.write(first ? "\n" : ",\n");
                first = false;
                indent(level + 1, out);
                colored(palette.key(), member.getKey(), out);
                out.write(": ");
                pretty(member.getValue(), level + 1, out);
            }
            out.write('\n');
            indent(level, out);
            out.write('}');
        } else if (value.isJsonArray()) {
            out.write('[');
            boolean first = true;
            for (JsonElement item : value.getAsJsonArray()) {
                out.write(first ? "\n" : ",\n");
                first = false;
                indent(level + 1, out);
                pretty(item, level + 1, out);
            }
            out.write('\n');
            indent(level, out);
            out.write(']');
        } else if (value.isJsonNull()) {
            out.write(palette.literal());
            out.write("null");
            out.write(palette.reset());
        } else {
            JsonPrimitive primitive = value.getAsJsonPrimitive();
            if (primitive.isString()) {
                colored(palette.string(), primitive.getAsString(), out);
            } else {
                out.write(primitive.isNumber() ? palette.number() : palette.literal());
                JsonCodec.writeScalar(primitive, out);
                out.write(palette.reset());
            }
        }
    }

    private void colored(String color, String text, Writer out) throws IOException {
        out.write(color);
        JsonCodec.writeString(text, out);
        out.write(palette.reset());
    }

    private static void indent(int level, Writer out) throws IOException {
        for (int i = 0; i < level; i++) {
            out.write("  ");
        }
    }
}
