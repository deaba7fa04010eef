package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import qga.base.QgaException;
import qga.format.Palette;
import qga.format.ReplyFormat;
import qga.format.ReplyPrinter;
import qga.format.Utf8Writer;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;
import qga.json.PlainObject;

/**
 * A reply kept as its bytes must print exactly as its tree did, in every output form, for any
 * reply an agent may send: generated replies (nesting, names, numbers in every JSON form, strings
 * with escapes, non-ASCII and invalid UTF-8, names twice, whitespace anywhere, the id anywhere),
 * cut into chunks at random, go through the router and the printer both ways.
 */
class PlainReplyEquivalenceTest {
    private static final String[] NAMES = {"return", "error", "a", "b", "buf-b64", "count", "eof", "class", "desc", "id"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-12", "3.25", "-0.5", "1e10", "1E+5", "2.5e-3", "6E0",
        "123456789012345678901234567890", "18446744073709551615", "0.000001"};
    /** Text no valid reply holds, each an error the tree parser names. */
    private static final String[] BROKEN = {"01", "1.", ".5", "-", "1e", "tru", "nul", "\"a\\qb\"", "\"a\u0001b\"", "[1,]",
        "{\"a\" 1}", "{\"a\":1,}", "\"\\u12\"", "+1", "1.5.2", "[1 2]"};
    private static final String[] SPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};

    private final Random random = new Random(20261130);
    private final ReplyRouter router = new ReplyRouter(line -> { });
    private int passedThrough;
    private int trees;
    private int rejected;

    @Test
    void repliesKeptAsBytesPrintExactlyAsTheirTrees() throws Exception {
        String[] userIds = {null, "\"mine\"", "42", "[\"x\",{\"y\":\"caf\u00e9\\n\"}]"};
        for (int i = 0; i < 6000; i++) {
            String userId = userIds[i % userIds.length];
            String request = "{\"execute\":\"guest-ping\"" + (userId == null ? "" : ",\"id\":" + userId) + "}";
            AgentLink.Ticket ticket = new AgentLink.Ticket(router.next(), Request.of(JsonParser.parseString(request).getAsJsonObject()));
            compare(reply(ticket.wireId()), ticket);
            router.release(ticket.wireId());
        }
        // the generator must exercise both paths and the rejection of invalid text, each often
        assertThat(passedThrough).isGreaterThan(1000);
        assertThat(trees).isGreaterThan(1500);
        assertThat(rejected).isGreaterThan(500);
    }

    @Test
    void aBase64ValueAcrossManyChunksPrintsAsItsTree() throws Exception {
        AgentLink.Ticket ticket = new AgentLink.Ticket(router.next(),
                Request.of(JsonParser.parseString("{\"execute\":\"guest-file-read\",\"id\":7}").getAsJsonObject()));
        String text = "{\"return\": {\"count\": 3000000, \"buf-b64\": \"" + "QUJD+/==".repeat(500_000) + "\", \"eof\": false}, \"id\": \""
                + ticket.wireId() + "\"}";
        compare(text.getBytes(StandardCharsets.UTF_8), ticket);
        assertThat(passedThrough).isEqualTo(1);
    }

    @Test
    void moreWhitespaceRunsThanTheScanKeepsPrintAsTheTree() throws Exception {
        AgentLink.Ticket ticket = new AgentLink.Ticket(router.next(),
                Request.of(JsonParser.parseString("{\"execute\":\"guest-get-vcpus\"}").getAsJsonObject()));
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            items.append(i == 0 ? "" : " ,\n ").append("{ \"logical-id\" : ").append(i).append(" , \"online\": true }");
        }
        String text = "{ \"return\" : [ " + items + " ] , \"id\" : \"" + ticket.wireId() + "\" }";
        compare(text.getBytes(StandardCharsets.UTF_8), ticket);
        assertThat(passedThrough).isEqualTo(1);
    }

    private void compare(byte[] text, AgentLink.Ticket ticket) throws IOException, QgaException {
        List<byte[]> chunks = chunks(text);
        PlainObject bytes = PlainObject.scan(chunks, text.length);
        JsonObject tree;
        try {
            tree = JsonCodec.parse(text, 0, text.length, JsonCodec.Utf8.REPLACE).getAsJsonObject();
        } catch (JsonSyntaxError e) {
            assertThat(bytes).as("invalid text kept as bytes: %s", show(text)).isNull();
            rejected++;
            return;
        }
        if (bytes == null) {
            trees++;
            return;
        }
        if (passesThrough(new Event.Received(PlainObject.scan(chunks, text.length), text.length), ticket)) {
            passedThrough++;
        }
        String byTree = routeAndPrint(() -> new Event.Received(tree.deepCopy(), text.length), ticket);
        String byBytes = routeAndPrint(() -> new Event.Received(PlainObject.scan(chunks, text.length), text.length), ticket);
        assertThat(byBytes).as("printed from the bytes of %s", show(text)).isEqualTo(byTree);
    }

    /** True when the router answers with a reply that prints compact from its bytes. */
    private boolean passesThrough(Event.Received received, AgentLink.Ticket ticket) throws IOException {
        try {
            Reply reply = router.route(received, ticket);
            return reply != null && reply.writeCompact(new Utf8Writer(OutputStream.nullOutputStream()));
        } catch (QgaException e) {
            return false;
        }
    }

    /** Every form the reply is printed in, or the router's verdict when it refuses the reply. */
    private String routeAndPrint(Supplier<Event.Received> received, AgentLink.Ticket ticket) throws IOException, QgaException {
        List<ReplyPrinter> printers = List.of(new ReplyPrinter(ReplyFormat.COMPACT, false, Palette.NONE),
                ReplyPrinter.oneLinePerReply(ReplyFormat.COMPACT, false), ReplyPrinter.oneLinePerReply(ReplyFormat.PRETTY, true),
                new ReplyPrinter(ReplyFormat.COMPACT, true, Palette.NONE), new ReplyPrinter(ReplyFormat.RETURN, false, Palette.NONE),
                new ReplyPrinter(ReplyFormat.RETURN, true, Palette.NONE), ReplyPrinter.oneLinePerReply(ReplyFormat.RETURN, false),
                ReplyPrinter.oneLinePerReply(ReplyFormat.RETURN, true));
        StringBuilder all = new StringBuilder();
        for (ReplyPrinter printer : printers) {
            Reply reply;
            try {
                // a fresh event each time: printing may have turned the last one into a tree
                reply = router.route(received.get(), ticket);
            } catch (QgaException e) {
                return "refused: " + e.getMessage();
            }
            if (reply == null) {
                return "dropped";
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Utf8Writer writer = new Utf8Writer(out);
            printer.print(reply, writer);
            writer.flush();
            all.append(out.toString(StandardCharsets.UTF_8)).append("|").append(reply.isError()).append("|");
        }
        Reply reply = router.route(received.get(), ticket);
        all.append(new ReplyPrinter(ReplyFormat.PRETTY, true, Palette.ANSI).toText(reply));
        all.append(new ReplyPrinter(ReplyFormat.RETURN, false, Palette.NONE).toText(reply));
        return all.toString();
    }

    /** Cut as the framer does: every chunk full except the last, the chunk size at random. */
    private List<byte[]> chunks(byte[] text) {
        int size = 1 + random.nextInt(random.nextBoolean() ? 8 : Math.max(1, text.length));
        List<byte[]> chunks = new ArrayList<>();
        for (int at = 0; at < text.length; at += size) {
            byte[] chunk = new byte[size];
            System.arraycopy(text, at, chunk, 0, Math.min(size, text.length - at));
            chunks.add(chunk);
        }
        return chunks;
    }

    /** A reply to wireId: mostly {"return": ...} with the id somewhere, at times an error, a broken or odd one. */
    private byte[] reply(String wireId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> members = new ArrayList<>();
        int kind = random.nextInt(10);
        members.add(bytes(kind == 0 ? "\"error\":{\"class\":\"GenericError\",\"desc\":" + string() + "}" : "\"return\":" + value(0)));
        int extra = random.nextInt(3);
        for (int i = 0; i < extra; i++) {
            members.add(bytes(string(name()) + ":" + value(1)));
        }
        String id = kind == 1 ? "\"" + wireId.replace("-", "\\u002d") + "\"" : kind == 2 ? "17" : "\"" + wireId + "\"";
        members.add(random.nextInt(members.size() + 1), bytes("\"id\":" + id));
        if (kind == 3) {
            members.add(bytes("\"id\":\"" + wireId + "\""));
        }
        out.writeBytes(bytes(space() + "{" + space()));
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.writeBytes(bytes(space() + "," + space()));
            }
            out.writeBytes(members.get(i));
        }
        out.writeBytes(bytes(space() + "}"));
        return out.toByteArray();
    }

    private String value(int depth) {
        int pick = random.nextInt(depth > 4 ? 6 : 9);
        switch (pick) {
            case 0:
            case 1:
                return string();
            case 2:
                return NUMBERS[random.nextInt(NUMBERS.length)];
            case 3:
                return new String[] {"true", "false", "null"}[random.nextInt(3)];
            case 4:
                return random.nextInt(5) == 0 ? BROKEN[random.nextInt(BROKEN.length)] : string();
            case 5:
                return NUMBERS[random.nextInt(NUMBERS.length)];
            case 6:
            case 7: {
                StringBuilder object = new StringBuilder("{" + space());
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    object.append(i > 0 ? space() + "," + space() : "").append(string(name())).append(space()).append(':')
                            .append(space()).append(value(depth + 1));
                }
                return object.append(space()).append('}').toString();
            }
            default: {
                StringBuilder array = new StringBuilder("[" + space());
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    array.append(i > 0 ? "," + space() : "").append(value(depth + 1));
                }
                return array.append(space()).append(']').toString();
            }
        }
    }

    private String name() {
        return random.nextInt(8) == 0 ? "caf\u00e9" : NAMES[random.nextInt(NAMES.length)];
    }

    private String string() {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            int pick = random.nextInt(40);
            if (pick == 0) {
                text.append(new String[] {"\\\"", "\\\\", "\\n", "\\/", "\\u00e9", "\\u0000", "\\ud83d\\ude00", "\\u007f"}[random.nextInt(8)]);
            } else if (pick == 1) {
                text.append(new String[] {"\u00e9", "\u2028", "\ud83d\ude00", "\u0080", "\u009b"}[random.nextInt(5)]);
            } else if (pick == 2) {
                // bytes that are not UTF-8, kept as Latin-1 chars until bytes() (a lone lead byte, a stray continuation)
                text.append(new String[] {"\u00c3", "\u0080", "\u00ed\u00a0\u0080", "\u00f8"}[random.nextInt(4)]).append('\u0000');
            } else if (pick == 3) {
                text.append('\u007f');
            } else {
                char c = (char) (0x20 + random.nextInt(0x5F));
                text.append(c == '"' || c == '\\' ? 'q' : c);
            }
        }
        return string(text.toString());
    }

    private static String string(String content) {
        return "\"" + content + "\"";
    }

    private String space() {
        return SPACE[random.nextInt(SPACE.length)];
    }

    /**
     * UTF-8, except that a char followed by U+0000 stands for one raw byte: how invalid UTF-8
     * gets into the text.
     */
    private static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            if (i + 1 < text.length() && text.charAt(i + 1) == '\u0000') {
                out.write(text.charAt(i));
                i++;
            } else {
                int end = Character.isHighSurrogate(text.charAt(i)) ? i + 2 : i + 1;
                out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return out.toByteArray();
    }

    private static String show(byte[] text) {
        String shown = new String(text, StandardCharsets.ISO_8859_1);
        return shown.length() > 300 ? shown.substring(0, 300) + "..." : shown;
    }
}
