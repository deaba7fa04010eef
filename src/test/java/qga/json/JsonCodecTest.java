package qga.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private static JsonElement lenient(byte[] bytes) throws JsonSyntaxError {
        return JsonCodec.parse(bytes, 0, bytes.length, JsonCodec.Utf8.REPLACE);
    }

    @Test
    void numbersKeepTheirExactText() throws Exception {
        String text = "{\"a\":18446744073709551615,\"b\":1795644852814941000,\"c\":-0.5e-7,\"d\":2.50,\"e\":0}";
        JsonElement parsed = JsonCodec.parse(text);
        assertThat(JsonCodec.compact(parsed)).isEqualTo(text);
        assertThat(parsed.getAsJsonObject().get("b").getAsLong()).isEqualTo(1795644852814941000L);
    }

    @Test
    void stringsRoundTripWithEscapesAndUnicode() throws Exception {
        String text = "{\"s\":\"tab\\tnl\\nq\\\"bs\\\\sl/ü日😀\\u0001\"}";
        JsonElement parsed = JsonCodec.parse(text);
        assertThat(parsed.getAsJsonObject().get("s").getAsString()).isEqualTo("tab\tnl\nq\"bs\\sl/ü日😀\u0001");
        assertThat(JsonCodec.compact(parsed)).isEqualTo(text);
    }

    @Test
    void escapedSlashAndSurrogatePairsDecode() throws Exception {
        JsonElement parsed = JsonCodec.parse("[\"a\\/b\",\"\\ud83d\\ude00\"]");
        assertThat(parsed.getAsJsonArray().get(0).getAsString()).isEqualTo("a/b");
        assertThat(parsed.getAsJsonArray().get(1).getAsString()).isEqualTo("😀");
    }

    @Test
    void terminalControlCharactersAreAlwaysEscapedOnOutput() throws Exception {
        JsonElement value = JsonCodec.parse("\"\\u001b[31mred\\u009b2J\\u007f\"");
        String out = JsonCodec.compact(value);
        assertThat(out).isEqualTo("\"\\u001b[31mred\\u009b2J\\u007f\"");
        assertThat(out.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f));
    }

    @Test
    void loneSurrogatesAreEscapedNotMangled() throws Exception {
        JsonElement value = JsonCodec.parse("\"x\\ud800y\"");
        assertThat(JsonCodec.compact(value)).isEqualTo("\"x\\ud800y\"");
    }

    @Test
    void invalidUtf8InRepliesBecomesReplacementCharacters() throws Exception {
        byte[] bytes = {'"', 'a', (byte) 0xC3, '(', (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'z', '"'};
        assertThat(lenient(bytes).getAsString()).isEqualTo("a\uFFFD(\uFFFD\uFFFD\uFFFD\uFFFDz");
    }

    @Test
    void invalidUtf8InUserInputIsAnError() {
        byte[] bytes = {'"', 'a', (byte) 0xC3, '(', '"'};
        assertThatThrownBy(() -> JsonCodec.parse(bytes, 0, bytes.length, JsonCodec.Utf8.STRICT))
                .isInstanceOf(JsonSyntaxError.class).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void overlongEncodingsAreRejected() throws Exception {
        byte[] bytes = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        assertThat(lenient(bytes).getAsString()).isEqualTo("\uFFFD\uFFFD");
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(JsonCodec.MAX_DEPTH + 1) + "]".repeat(JsonCodec.MAX_DEPTH + 1);
        assertThatThrownBy(() -> JsonCodec.parse(deep)).isInstanceOf(JsonSyntaxError.class)
                .hasMessageContaining("nested deeper than 256");
        String ok = "[".repeat(JsonCodec.MAX_DEPTH) + "]".repeat(JsonCodec.MAX_DEPTH);
        assertThat(JsonCodec.compact(lenientUnchecked(ok))).isEqualTo(ok);
    }

    private static JsonElement lenientUnchecked(String text) {
        try {
            return lenient(text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonSyntaxError e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void strictInputRejectsWhatTheAgentWouldAcceptLoosely() {
        assertThatThrownBy(() -> JsonCodec.parse("{'execute':'guest-ping'}")).hasMessageContaining("expected a member name");
        assertThatThrownBy(() -> JsonCodec.parse("{\"a\":1,\"a\":2}")).hasMessageContaining("duplicate member \"a\"");
        assertThatThrownBy(() -> JsonCodec.parse("{\"a\":1} x")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> JsonCodec.parse("[1,]")).hasMessageContaining("expected a value");
        assertThatThrownBy(() -> JsonCodec.parse("01")).hasMessageContaining("malformed number");
        assertThatThrownBy(() -> JsonCodec.parse("\"a\nb\"")).hasMessageContaining("control character U+000A");
        assertThatThrownBy(() -> JsonCodec.parse("\"abc")).hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> JsonCodec.parse("{\"a\" 1}")).hasMessageContaining("expected ':'");
    }

    @Test
    void errorOffsetsPointAtTheProblem() {
        assertThatThrownBy(() -> JsonCodec.parse("{\"a\": tru}"))
                .isInstanceOfSatisfying(JsonSyntaxError.class, e -> assertThat(e.offset()).isEqualTo(6));
    }

    @Test
    void keyOrderIsKept() throws Exception {
        String text = "{\"z\":1,\"a\":2,\"m\":{\"y\":[],\"b\":{}}}";
        assertThat(JsonCodec.compact(JsonCodec.parse(text))).isEqualTo(text);
    }
}
