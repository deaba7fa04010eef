package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jline.reader.EOFError;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.Test;

class ShellParserTest {
    private final ShellParser parser = new ShellParser();

    @Test
    void aJsonRequestContinuesUntilItsBracesBalance() {
        assertThatThrownBy(() -> parser.parse("{\"execute\":", 11, ParseContext.ACCEPT_LINE)).isInstanceOf(EOFError.class);
        assertThatThrownBy(() -> parser.parse("{\"execute\": \"guest-ping\", \"arguments\": {\n\"a\": [1,",
                40, ParseContext.ACCEPT_LINE)).isInstanceOf(EOFError.class);
        assertThat(parser.parse("{\"execute\":\n\"guest-ping\"}", 0, ParseContext.ACCEPT_LINE).line())
                .isEqualTo("{\"execute\":\n\"guest-ping\"}");
    }

    @Test
    void bracesInsideStringsDoNotCount() {
        assertThat(ShellParser.openDepth("{\"a\": \"}}}\\\"{\"}")).isZero();
        assertThat(ShellParser.openDepth("{\"a\": \"open")).isPositive();
    }

    @Test
    void shorthandIsNeverContinued() {
        assertThat(parser.parse("guest-exec arg='[\"a\"", 5, ParseContext.ACCEPT_LINE).words())
                .containsExactly("guest-exec", "arg='[\"a\"");
    }

    @Test
    void wordsForCompletionKeepQuotesAndBackslashes() {
        ShellLine line = ShellLine.split("guest-exec  path=/bin/sh arg='[\"-c\", \"a b\"]' x=\\\\n", 13);
        assertThat(line.words()).containsExactly("guest-exec", "path=/bin/sh", "arg='[\"-c\", \"a b\"]'", "x=\\\\n");
        assertThat(line.wordIndex()).isEqualTo(1);
        assertThat(line.wordCursor()).isEqualTo(1);
    }

    @Test
    void aCursorAfterTrailingBlanksStartsANewWord() {
        ShellLine line = ShellLine.split("guest-file-read ", 16);
        assertThat(line.words()).containsExactly("guest-file-read", "");
        assertThat(line.wordIndex()).isEqualTo(1);
        assertThat(ShellLine.split("", 0).words()).containsExactly("");
    }
}
