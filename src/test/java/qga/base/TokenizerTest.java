package qga.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void splitsLikeAShell() throws Exception {
        assertThat(Tokenizer.split("guest-exec  path=/bin/sh arg='[\"-c\",\"uname -a\"]'\tx=\"a \\\"b\\\" \\\\\" y=a\\ b"))
                .containsExactly("guest-exec", "path=/bin/sh", "arg=[\"-c\",\"uname -a\"]", "x=a \"b\" \\", "y=a b");
    }

    @Test
    void backslashesInsideSingleQuotesReachTheParserUntouched() throws Exception {
        assertThat(Tokenizer.split("a='{\"s\":\"\\\\n\"}'")).containsExactly("a={\"s\":\"\\\\n\"}");
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() throws Exception {
        assertThat(Tokenizer.split("a '' b=\"\"")).containsExactly("a", "", "b=");
    }

    @Test
    void unterminatedQuotesAreErrors() {
        assertThatThrownBy(() -> Tokenizer.split("a 'b")).hasMessage("unterminated ' quote at column 3: close it with '");
        assertThatThrownBy(() -> Tokenizer.split("a \"b")).hasMessage("unterminated \" quote at column 3: close it with \"");
    }
}
