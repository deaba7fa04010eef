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
}
