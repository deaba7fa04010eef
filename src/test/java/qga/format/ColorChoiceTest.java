package qga.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ColorChoiceTest {
    @Test
    void readInAnyCaseAndAutoWhenNotGiven() {
        assertThat(ColorChoice.parse(null)).isEqualTo(ColorChoice.AUTO);
        assertThat(ColorChoice.parse("ALWAYS")).isEqualTo(ColorChoice.ALWAYS);
        assertThat(ColorChoice.parse(" never ")).isEqualTo(ColorChoice.NEVER);
        assertThat(ColorChoice.parse("sometimes")).isNull();
    }

    @Test
    void alwaysAndNeverDecideAlone() {
        assertThat(ColorChoice.ALWAYS.palette(true, "dumb", false)).isEqualTo(Palette.ANSI);
        assertThat(ColorChoice.NEVER.palette(false, "xterm-256color", true)).isEqualTo(Palette.NONE);
    }

    @Test
    void autoColoursOnlyAColourTerminalWithoutNoColor() {
        assertThat(ColorChoice.AUTO.palette(false, "xterm-256color", true)).isEqualTo(Palette.ANSI);
        assertThat(ColorChoice.AUTO.palette(true, "xterm-256color", true)).isEqualTo(Palette.NONE);
        assertThat(ColorChoice.AUTO.palette(false, "dumb", true)).isEqualTo(Palette.NONE);
        assertThat(ColorChoice.AUTO.palette(false, "xterm-256color", false)).isEqualTo(Palette.NONE);
    }

    @Test
    void anEmptyNoColorIsNotSet() {
        assertThat(ColorChoice.noColor(Map.of("NO_COLOR", ""))).isFalse();
        assertThat(ColorChoice.noColor(Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(ColorChoice.noColor(Map.of())).isFalse();
    }
}
