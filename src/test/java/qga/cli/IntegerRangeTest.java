package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.WithRealAgent;

/**
 * Integers against the ranges of their schema types, with the real qemu-ga: what it would refuse
 * after the fact is refused before sending (ValidationTest shows nothing reaches the agent), and
 * the limits themselves go through.
 */
@Timeout(60)
class IntegerRangeTest extends WithRealAgent {
    private static final String INT64 = "int takes -9223372036854775808 to 9223372036854775807";


    @Test
    void anIntegerPastInt64IsRefusedInShorthandAndJson() {
        Qga.Result shorthand = qga().run(agent.address(), "exec", "guest-sync", "id=18446744073709551616");
        assertThat(shorthand.exit()).as(shorthand.toString()).isEqualTo(2);
        assertThat(shorthand.out()).isEmpty();
        assertThat(shorthand.err()).isEqualTo("qga: guest-sync: id: 18446744073709551616 is out of range: " + INT64 + "\n");
        Qga.Result json = qga().run(agent.address(), "exec",
                "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":12345678901234567890123}}");
        assertThat(json.exit()).as(json.toString()).isEqualTo(2);
        assertThat(json.err()).isEqualTo("qga: guest-file-close: handle: 12345678901234567890123 is out of range: "
                + INT64 + "\n");
    }

    @Test
    void theIntegerChoiceOfAnAlternateIsCheckedToo() {
        Qga.Result seek = qga().run(agent.address(), "exec", "guest-file-seek", "handle=1000", "offset=0",
                "whence=-9223372036854775809");
        assertThat(seek.exit()).as(seek.toString()).isEqualTo(2);
        assertThat(seek.err()).isEqualTo("qga: guest-file-seek: whence: -9223372036854775809 is out of range: "
                + INT64 + "\n");
    }

    @Test
    void theLimitsThemselvesAreSentAndEchoed() {
        for (String limit : List.of("9223372036854775807", "-9223372036854775808")) {
            Qga.Result fits = qga().run(agent.address(), "exec", "guest-sync", "id=" + limit);
            assertThat(fits.exit()).as(fits.toString()).isZero();
            assertThat(fits.out()).isEqualTo("{\"return\":" + limit + "}\n");
        }
    }
}
