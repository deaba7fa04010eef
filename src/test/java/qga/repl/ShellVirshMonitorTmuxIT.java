package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeVirsh;
import qga.support.Tmux;

/** bin/qga-shell in a real terminal (tmux) on a libvirt domain's monitor, through a stand-in virsh replaying the real one. */
@Timeout(120)
class ShellVirshMonitorTmuxIT {
    private static final String PROMPT = "qga qmp:virsh:qga-test>";

    @TempDir
    Path dir;

    @Test
    void aSessionOnAMonitorLibvirtHolds() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        FakeVirsh virsh = new FakeVirsh(dir.resolve("bin")).replay("query-status", "monitor-status")
                .replay("query-version", "monitor-version").replay("query-commands", "monitor-commands")
                .replay("query-target", "monitor-target").replay("query-qmp-schema", "monitor-schema")
                .replay("human-monitor-command", "monitor-hmp");
        try (Tmux tmux = new Tmux()) {
            tmux.start("env NO_COLOR=1 PATH=" + virsh.path() + " XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CACHE_HOME="
                    + dir.resolve("cache") + " " + ShellTmuxIT.HOME.resolve("bin/qga-shell") + " qmp:virsh:qga-test;"
                    + " echo EXITED $?");
            tmux.awaitScreen("a QEMU 7.2.22 monitor (");
            tmux.awaitScreen("commands; libvirt holds it and keeps its events)");
            tmux.awaitPrompt(PROMPT);

            tmux.type("query-statu");
            tmux.keys("Tab");
            tmux.awaitScreen(PROMPT + " query-status");
            tmux.keys("Enter");
            tmux.awaitScreen("\"status\": \"running\"");
            tmux.awaitPrompt(PROMPT);

            tmux.type(":hmp info status");
            tmux.keys("Enter");
            tmux.awaitScreen("VM status: running");
            tmux.awaitPrompt(PROMPT);

            tmux.type(":events on");
            tmux.keys("Enter");
            tmux.awaitScreen("qga-shell: libvirt holds this monitor and keeps its events: virsh qemu-monitor-event shows them");
            tmux.awaitPrompt(PROMPT);
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
        assertThat(virsh.calls().stream().map(call -> call.get(0)).distinct().toList())
                .isEqualTo(List.of("qemu-monitor-command"));
    }
}
