package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Poll;
import qga.support.RealQemu;
import qga.support.Tmux;

/** bin/qga-shell in a real terminal (tmux) on a real QEMU monitor: live-schema completion, events between prompts. */
@Timeout(180)
class ShellQmpTmuxIT {
    private static final String PROMPT = "qmp.sock>";
    private static final Pattern STAMPED = Pattern.compile("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\] ");

    @TempDir
    Path dir;

    private static long count(String screen, String text) {
        return screen.lines().filter(line -> line.contains(text)).count();
    }

    @Test
    void aSessionOnAMonitor() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        try (RealQemu qemu = RealQemu.start(dir.resolve("vm")); Tmux tmux = new Tmux()) {
            tmux.start("env NO_COLOR=1 XDG_STATE_HOME=" + dir.resolve("state") + " XDG_CACHE_HOME=" + dir.resolve("cache") + " " + ShellTmuxIT.HOME.resolve("bin/qga-shell")
                    + " " + qemu.address() + "; echo EXITED $?");
            tmux.awaitScreen("a QEMU 7.2.22 monitor (");
            tmux.awaitPrompt(PROMPT);

            // names and arguments complete from the monitor's own schema
            tmux.type("query-statu");
            tmux.keys("Tab");
            tmux.awaitScreen(PROMPT + " query-status");
            tmux.keys("Enter");
            tmux.awaitScreen("\"status\": \"running\"");
            tmux.awaitPrompt(PROMPT);
            tmux.type("human-monitor-command co");
            tmux.keys("Tab");
            tmux.awaitScreen("human-monitor-command command-line=");
            tmux.keys("C-u");

            // an event while a line is half typed: shown above it, with its timestamp, the line kept
            tmux.type("query-na");
            tmux.awaitScreen("query-na");
            assertThat(qemu.command("{\"execute\":\"stop\"}")).startsWith("{\"return\": {}}");
            String above = tmux.awaitScreen("] STOP");
            assertThat(STAMPED.matcher(above).find()).as(above).isTrue();
            tmux.keys("Tab");
            tmux.awaitScreen(PROMPT + " query-name");
            tmux.keys("Enter");
            tmux.awaitScreen("{\n  \"return\": {\n  }\n}");
            tmux.awaitPrompt(PROMPT);

            // the shell's own cont: its RESUME comes before its reply
            tmux.type("cont");
            tmux.keys("Enter");
            tmux.awaitScreen("] RESUME");
            // the screen once the prompt is back: the one RESUME appeared on may not show the reply yet
            String resumed = tmux.awaitPrompt(PROMPT);
            assertThat(resumed.substring(resumed.indexOf("] RESUME"))).contains("\"return\"");

            // :events off hides them; :events on NAME shows only those
            tmux.type(":events off");
            tmux.keys("Enter");
            tmux.awaitScreen("qga-shell: events off");
            qemu.command("{\"execute\":\"stop\"}");
            tmux.type(":events on resume");
            tmux.keys("Enter");
            tmux.awaitScreen("qga-shell: events on: RESUME");
            qemu.command("{\"execute\":\"cont\"}");
            qemu.command("{\"execute\":\"stop\"}");
            qemu.command("{\"execute\":\"cont\"}");
            Poll.until("three RESUME lines", Duration.ofSeconds(30), () -> count(tmux.screen(false), "] RESUME") == 3);
            assertThat(count(tmux.awaitPrompt(PROMPT), "] STOP")).isEqualTo(1);

            tmux.type(":hmp info status");
            tmux.keys("Enter");
            tmux.awaitScreen("VM status: running\nqga");
            tmux.awaitPrompt(PROMPT);

            tmux.type("quit");
            tmux.keys("Enter");
            tmux.awaitScreen("closed (QEMU quit, or its monitor was restarted)");
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
    }
}
