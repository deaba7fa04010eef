package qga.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecondsTest {
    @Test
    void decimalSecondsAreReadExactlyToTheMillisecond() throws Exception {
        assertThat(Seconds.parse("2.5", "timeout", "--timeout")).isEqualTo(Duration.ofMillis(2500));
        assertThat(Seconds.parse(" 0.001 ", "timeout", "--timeout")).isEqualTo(Duration.ofMillis(1));
        assertThat(Seconds.parse("86400", "timeout", "--timeout")).isEqualTo(Duration.ofDays(1));
        assertThat(Seconds.parse("0.0019", "timeout", "--timeout")).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void floatingPointSpellingsAreNotSeconds() {
        for (String text : new String[] {"2.5f", "2d", "0x1p3", "NaN", "Infinity", "soon", ""}) {
            assertThatThrownBy(() -> Seconds.parse(text, ":timeout", ":timeout")).as(text)
                    .isInstanceOfSatisfying(QgaException.class, e -> assertThat(e.isBadInput()).isTrue())
                    .hasMessage(":timeout " + text + " is not a number of seconds (e.g. :timeout 2.5)");
        }
    }

    @Test
    void outOfRangeSaysTheRange() {
        for (String text : new String[] {"0", "-1", "86400.001"}) {
            assertThatThrownBy(() -> Seconds.parse(text, "timeout", "--timeout")).as(text)
                    .hasMessage("timeout " + text + " is out of range: give seconds between 0.001 and 86400");
        }
    }

    @Test
    void shownWithEveryDigitTheyHave() {
        assertThat(Seconds.text(Duration.ofMillis(1))).isEqualTo("0.001 s");
        assertThat(Seconds.text(Duration.ofMillis(2500))).isEqualTo("2.5 s");
        assertThat(Seconds.text(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(Seconds.text(Duration.ofMillis(123_456))).isEqualTo("123.456 s");
    }
}
