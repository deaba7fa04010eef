package qga.base;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {
    @Test
    void shortTextsStayWhole() {
        assertThat(Excerpt.of("guest-ping")).isEqualTo("guest-ping");
        assertThat(Excerpt.of("x".repeat(80))).isEqualTo("x".repeat(80));
    }

    @Test
    void longTextsAreCutToTheirStart() {
        assertThat(Excerpt.of("x".repeat(81))).isEqualTo("x".repeat(77) + "...");
        assertThat(Excerpt.of("x".repeat(100_000))).hasSize(80);
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        String emoji = "\uD83D\uDE00";
        assertThat(Excerpt.of(emoji.repeat(80))).isEqualTo(emoji.repeat(80));
        assertThat(Excerpt.of(emoji.repeat(81))).isEqualTo(emoji.repeat(77) + "...");
    }
}
