package qga.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    /** Visible markers instead of escape sequences, so a misplaced colour shows in the expected text. */
    private record Markers(String key, String string, String number, String literal, String reset)
            implements TokenColors {
        @Override
        public boolean isPlain() {
            return false;
        }
    }

    private static final String TREE = "{\"k\":[1,true,null,\"s\\u001b\"],\"e\":{},\"f\":[]}";

    @Test
    void compactIsOneLineWithoutSpaces() throws Exception {
        assertThat(JsonWriter.COMPACT.toText(JsonCodec.parse(TREE))).isEqualTo(TREE);
    }

    @Test
    void prettyPutsEachColourAroundItsTokenOnly() throws Exception {
        JsonWriter pretty = JsonWriter.pretty(new Markers("<k>", "<s>", "<n>", "<l>", "</>"));
        assertThat(pretty.toText(JsonCodec.parse(TREE))).isEqualTo("""
                {
                  <k>"k"</>: [
                    <n>1</>,
                    <l>true</>,
                    <l>null</>,
                    <s>"s\\u001b"</>
                  ],
                  <k>"e"</>: {
                  },
                  <k>"f"</>: [
                  ]
                }""");
    }
}
