package qga.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import qga.json.JsonCodec;
import qga.protocol.Reply;

class ReturnFormatTest {
    private static Reply reply(String json) throws Exception {
        return new Reply(JsonCodec.parse(json).getAsJsonObject());
    }

    private static String print(String json, boolean terminal) throws Exception {
        return new ReplyPrinter(ReplyFormat.RETURN, terminal, Palette.NONE).toText(reply(json));
    }

    @Test
    void stringsAreRawAndScalarsAreJson() throws Exception {
        assertThat(print("{\"return\": \"thawed\"}", false)).isEqualTo("thawed\n");
        assertThat(print("{\"return\": 18446744073709551615}", false)).isEqualTo("18446744073709551615\n");
        assertThat(print("{\"return\": null}", false)).isEqualTo("null\n");
    }

    @Test
    void containersAreCompactInAPipeAndPrettyOnATerminal() throws Exception {
        assertThat(print("{\"return\": {\"a\": [1]}}", false)).isEqualTo("{\"a\":[1]}\n");
        assertThat(print("{\"return\": {\"a\": [1]}}", true)).isEqualTo("{\n  \"a\": [\n    1\n  ]\n}\n");
    }

    @Test
    void rawStringsCannotDriveTheTerminal() throws Exception {
        String hostile = "{\"return\": \"x\\u001b]0;owned\\u0007y\\u009b2J\\nz\"}";
        assertThat(print(hostile, true)).isEqualTo("x\\x1b]0;owned\\x07y\\x9b2J\nz\n");
        assertThat(print(hostile, false)).isEqualTo("x\u001b]0;owned\u0007y\u009b2J\nz\n");
    }

    @Test
    void errorRepliesArePrintedWholeSinceThereIsNoReturn() throws Exception {
        assertThat(print("{\"error\": {\"class\": \"GenericError\", \"desc\": \"d\"}}", false))
                .isEqualTo("{\"error\":{\"class\":\"GenericError\",\"desc\":\"d\"}}\n");
    }
}
