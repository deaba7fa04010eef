package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Tmux;

/**
 * Scenario 8: bin/qga-shell in a real terminal (tmux) on a VM's agent socket. A request the guest
 * is really busy with (the slow chpasswd) is cancelled with Ctrl-C; its late reply must not be taken
 * for the next request's answer.
 */
@Tag("vm")
@Timeout(300)
class ShellVmIT {
    static final Path HOME = Path.of(System.getProperty("qga.home", "."));
    /** The prompt ends with the socket's name: TestGuest calls port 0's socket qga0.sock. */
    static final String PROMPT = "qga0.sock>";
    /** The guest's chpasswd sleeps this many seconds for the user "slow" (the decoded password). */
    static final String SLOW_SECONDS = "6";

    @TempDir
    Path dir;

    @Test
    void ctrlCCancelsARequestTheGuestIsBusyWithAndTheNextOneGetsItsOwnReply() throws Exception {
        if (!Tmux.available()) {
            VmRequirement.unavailable("tmux is not installed (apt-get install tmux), so the shell cannot be driven");
        }
        try (TestGuest guest = TestGuest.named("shell").boot(dir); Tmux tmux = new Tmux()) {
            // -v shows what the resync skipped; --timeout 30 lets the next request wait out the slow one
            tmux.start("env NO_COLOR=1 XDG_STATE_HOME=" + dir.resolve("state") + " " + HOME.resolve("bin/qga-shell")
                    + " -v --timeout 30 " + guest.address(0) + "; echo EXITED $?");
            tmux.awaitScreen("qga-shell: connected to " + guest.address(0) + ", qemu-ga ");
            tmux.awaitPrompt(PROMPT);

            long mark = guest.consoleMark();
            String password = Base64.getEncoder().encodeToString(SLOW_SECONDS.getBytes(StandardCharsets.US_ASCII));
            tmux.type("guest-set-user-password username=slow password=" + password + " crypted=false");
            tmux.keys("Enter");
            guest.awaitConsole(mark, "qga-guest: chpasswd user=slow", Duration.ofSeconds(30));
            tmux.keys("C-c");
            String cancelled = tmux.awaitScreen(
                    "qga-shell: cancelled: guest-set-user-password may still run in the guest; the next request resyncs first");
            assertThat(cancelled).as("the cancelled request shows no reply").doesNotContain("\"return\": ");
            tmux.awaitPrompt(PROMPT);

            tmux.type("guest-get-host-name");
            tmux.keys("Enter");
            tmux.awaitScreen("\"host-name\": \"" + GuestBuilder.HOSTNAME + "\"");
            String screen = tmux.awaitPrompt(PROMPT);
            String afterCancel = screen.substring(screen.indexOf("qga-shell: cancelled: "));
            // the shell's own requests carry qga's ids: the late reply is the cancelled request's, by its id
            assertThat(afterCancel).as("the late {} of the cancelled request came, and was skipped by the resync")
                    .containsPattern("skipped while syncing: \\{\"return\":\\{},\"id\":\"qga-[^\"]+\"}");
            // replies print pretty ("return": ...), -v lines compact ("return":...)
            assertThat(afterCancel).as("the only reply shown is the host name")
                    .containsOnlyOnce("\"return\": ")
                    .doesNotContain("\"return\": {\n  }");

            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
    }
}
