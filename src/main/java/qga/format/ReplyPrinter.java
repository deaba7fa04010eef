package qga.format;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import qga.json.JsonWriter;
import qga.json.TextBuilder;
import qga.protocol.MonitorEvent;
import qga.protocol.Reply;

/**
 * Writes replies in the chosen format, each ending with one newline. Pretty output is virsh's
 * layout (see JsonWriter). Strings are always escaped, so guest data never reaches the terminal
 * raw, except --return strings sent to a pipe, which are the point of that format.
 */
public final class ReplyPrinter {
    private final ReplyFormat format;
    private final boolean terminal;
    private final JsonWriter pretty;
    private final boolean oneLine;

    public ReplyPrinter(ReplyFormat format, boolean terminal, Palette palette) {
        this(format, terminal, palette, false);
    }

    private ReplyPrinter(ReplyFormat format, boolean terminal, Palette palette, boolean oneLine) {
        this.format = format;
        this.terminal = terminal;
        this.pretty = JsonWriter.pretty(palette);
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
        // compact output of a reply kept as bytes is those bytes: no tree, no escaping pass
        if (format == ReplyFormat.COMPACT && reply.writeCompact(out)) {
            out.write('\n');
            return;
        }
        // --return where printValue would write the value compact: always on one line per reply,
        // and off a terminal unless it is a string (written raw there)
        if (format == ReplyFormat.RETURN && (oneLine || !terminal) && reply.writeReturnCompact(oneLine, out)) {
            out.write('\n');
            return;
        }
        print(reply.json(), out);
    }

    /** A QEMU monitor event, whole: pretty when replies are, else on one line (--return has no value to take from it). */
    public void print(MonitorEvent event, Writer out) throws IOException {
        if (format == ReplyFormat.PRETTY) {
            pretty.write(event.json(), out);
        } else {
            JsonWriter.COMPACT.write(event.json(), out);
        }
        out.write('\n');
    }

    void print(JsonObject reply, Writer out) throws IOException {
        if (format == ReplyFormat.RETURN && reply.has("return")) {
            printValue(reply.get("return"), out);
        } else if (format == ReplyFormat.COMPACT || (format == ReplyFormat.RETURN && (!terminal || oneLine))) {
            JsonWriter.COMPACT.write(reply, out);
            out.write('\n');
        } else {
            pretty.write(reply, out);
            out.write('\n');
        }
    }

    public String toText(Reply reply) {
        TextBuilder out = new TextBuilder(256);
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
            JsonWriter.COMPACT.write(value, out);
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String text = value.getAsString();
            out.write(terminal ? TerminalText.sanitize(text) : text);
        } else if (terminal && (value.isJsonObject() || value.isJsonArray())) {
            pretty.write(value, out);
        } else {
            JsonWriter.COMPACT.write(value, out);
        }
        out.write('\n');
    }
}
