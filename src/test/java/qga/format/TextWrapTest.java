package qga.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextWrapTest {
    @Test
    void wordsFillLinesUpToTheWidth() {
        assertThat(TextWrap.wrap("a bb ccc dddd", 6)).containsExactly("a bb", "ccc", "dddd");
        assertThat(TextWrap.wrap("a bb ccc", 8)).containsExactly("a bb ccc");
    }

    @Test
    void aLongWordStandsAloneAndBlanksFold() {
        assertThat(TextWrap.wrap("  to unix:/run/a/very/long/path\n now ", 10))
                .containsExactly("to", "unix:/run/a/very/long/path", "now");
    }
}
