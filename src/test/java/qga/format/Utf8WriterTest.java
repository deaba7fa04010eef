package qga.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import qga.json.JsonWriter;

class Utf8WriterTest {
    private static String viaUtf8Writer(String text) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Utf8Writer writer = new Utf8Writer(bytes);
        writer.write(text);
        writer.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void encodesLikeTheJdkIncludingPairsAcrossBlocks() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 70_000; i++) {
            text.append(i % 3 == 0 ? "a" : i % 3 == 1 ? "ü日" : "😀");
        }
        String s = text.toString();
        assertThat(viaUtf8Writer(s)).isEqualTo(s);
        assertThat(viaUtf8Writer("x".repeat(8191) + "😀y")).isEqualTo("x".repeat(8191) + "😀y");
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() throws Exception {
        assertThat(viaUtf8Writer("a\uD800b")).isEqualTo("a\uFFFDb");
    }

    @Test
    void longStringsAreEscapedTheSameWhereverBlocksEnd() throws Exception {
        String s = "q\"" + "b".repeat(8190) + "😀\u001b" + "c".repeat(9000) + "\uD800";
        StringWriter out = new StringWriter();
        JsonWriter.writeString(s, out);
        assertThat(out.toString()).isEqualTo("\"q\\\"" + "b".repeat(8190) + "😀\\u001b" + "c".repeat(9000) + "\\ud800\"");
    }

    /**
     * Long strings reach Utf8Writer as ASCII runs copied as bytes: what comes out must be what the
     * char path (any other Writer, then UTF-8) prints, for every kind of char around the runs.
     */
    @Test
    void theByteRunsPrintExactlyWhatTheCharPathPrints() throws Exception {
        String[] pieces = {"abc", "\"", "\\", "\n", "\u001b", "\u007f", "\u009b", "\u00e9", "\u65e5", "\uD83D\uDE00",
                "\uD800", "\uDC00", "x".repeat(70_000), "/", " "};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 200; round++) {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(40);
            for (int i = 0; i < parts; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = text.append("y".repeat(65)).toString();
            StringWriter chars = new StringWriter();
            JsonWriter.writeString(s, chars);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Utf8Writer writer = new Utf8Writer(bytes);
            JsonWriter.writeString(s, writer);
            writer.flush();
            assertThat(bytes.toByteArray()).as("round " + round)
                    .isEqualTo(chars.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
