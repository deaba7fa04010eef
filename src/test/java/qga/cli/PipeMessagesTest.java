package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.WithRealAgent;

/** What pipe mode says about a line it cannot send, against the real qemu-ga. */
@Timeout(60)
class PipeMessagesTest extends WithRealAgent {

    private static String invalid(String desc) {
        return "{\"error\":{\"class\":\"QgaInvalidRequest\",\"desc\":\"" + desc + "; not sent\"}}";
    }

    @Test
    void aLineOfProseIsAnUnknownCommandNotAMissingEqualsSign() {
        Qga.Result result = qga().stdin("not json at all\nguest-pnig now please\nguest-ping novalue\nguest-ping\n")
                .run(agent.address());
        assertThat(result.out().lines().toList()).containsExactly(
                invalid("line 1: unknown command not (qga commands lists them; --no-validate sends it anyway)"),
                invalid("line 2: unknown command guest-pnig: did you mean guest-ping? (qga commands lists them;"
                        + " --no-validate sends it anyway)"),
                invalid("line 3: expected key=value, got 'novalue': write it as novalue=VALUE"),
                "{\"return\":{}}");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
    }

    @Test
    void aHundredThousandCharacterLineIsQuotedByItsStartOnly() {
        String name = "a".repeat(100_000);
        String word = "b".repeat(100_000);
        Qga.Result result = qga().stdin(name + "\nguest-ping " + word + "\n").run(agent.address());
        String nameStart = "a".repeat(77) + "...";
        String wordStart = "b".repeat(77) + "...";
        assertThat(result.out().lines().toList()).containsExactly(
                invalid("unknown command " + nameStart + " (qga commands lists them; --no-validate sends it anyway)"),
                invalid("line 2: expected key=value, got '" + wordStart + "': write it as " + wordStart + "=VALUE"));
        assertThat(result.err().lines().toList()).containsExactly(
                "qga: line 1: unknown command " + nameStart + " (qga commands lists them; --no-validate sends it anyway);"
                        + " not sent",
                "qga: line 2: expected key=value, got '" + wordStart + "': write it as " + wordStart + "=VALUE; not sent");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
    }
}
