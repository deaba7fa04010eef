package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WarmUpTest {
    @Test
    void aCommandForAnAgentWarmsUpTheCatalogAndTheSocket() {
        for (String[] args : new String[][] {{"unix:/run/qga.sock", "exec", "guest-ping"}, {"unix:/run/qga.sock"},
                {"-a", "vm1", "info"}}) {
            assertThat(WarmUp.work(args)).as(String.join(" ", args)).isEqualTo(WarmUp.Work.CATALOG_AND_SOCKET);
        }
    }

    @Test
    void helpAndTheCommandTableWarmUpTheCatalogOnly() {
        for (String[] args : new String[][] {{"help", "guest-exec"}, {"commands"}, {"commands", "--json"}}) {
            assertThat(WarmUp.work(args)).as(String.join(" ", args)).isEqualTo(WarmUp.Work.CATALOG);
        }
    }

    @Test
    void commandsThatNeedNeitherWarmUpNothing() {
        for (String[] args : new String[][] {{}, {"--version"}, {"-V"}, {"--help"}, {"domains"},
                {"unix:/run/qga.sock", "exec", "--help"}}) {
            assertThat(WarmUp.work(args)).as(String.join(" ", args)).isEqualTo(WarmUp.Work.NOTHING);
        }
    }
}
