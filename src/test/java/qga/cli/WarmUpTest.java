package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void aCommandForAnAgentIsWarmedUpFor() {
        assertThat(WarmUp.worthIt(new String[] {"unix:/run/qga.sock", "exec", "guest-ping"}))
                .isEqualTo(Runtime.getRuntime().availableProcessors() >= 2);
    }

    @Test
    void commandsThatAskNoAgentAreNot() {
        for (String[] args : new String[][] {{}, {"--version"}, {"-V"}, {"--help"}, {"help", "guest-exec"}, {"commands"},
                {"domains"}, {"unix:/run/qga.sock", "exec", "--help"}}) {
            assertThat(WarmUp.worthIt(args)).as(String.join(" ", args)).isFalse();
        }
    }
}
