package qga.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalSafeStreamTest {
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final TerminalSafeStream stream = new TerminalSafeStream(terminal);

    private String shown() {
        return terminal.toString(StandardCharsets.UTF_8);
    }

    @Test
    void controlCharactersAreShownNotObeyed() throws Exception {
        stream.write("a\u001b[2Jb\u0007\u009bc\u007f\r\n\t".getBytes(StandardCharsets.UTF_8));
        stream.finish();

        assertThat(shown()).isEqualTo("a\\x1b[2Jb\\x07\\x9bc\\x7f\r\n\t");
    }

    @Test
    void aCharacterSplitAcrossWritesStaysWhole() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        stream.write(euro, 0, 1);
        stream.write(euro, 1, 2);
        stream.finish();

        assertThat(shown()).isEqualTo("€");
    }

    @Test
    void invalidBytesAndAnUnfinishedSequenceBecomeReplacementCharacters() throws Exception {
        stream.write(new byte[] {'x', (byte) 0xFF, 'y', (byte) 0xE2, (byte) 0x82});
        stream.finish();

        assertThat(shown()).isEqualTo("x\uFFFDy\uFFFD");
    }

    @Test
    void largeWritesPassWhole() throws Exception {
        String text = "line of text\n".repeat(10_000);
        stream.write(text.getBytes(StandardCharsets.UTF_8));
        stream.finish();

        assertThat(shown()).isEqualTo(text);
    }
}
