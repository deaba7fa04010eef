package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.RealAgent;
import qga.support.Tmux;
import qga.support.WithRealAgent;

/**
 * bin/qga passwd in a real terminal (tmux): the password is asked twice without echo, a mismatch
 * changes nothing, and a refusal comes before any prompt. The real agent here has the command
 * blocked, so --no-validate carries the typed password to its refusal.
 */
@Timeout(120)
class PasswdTmuxIT extends WithRealAgent {
    private String qga(String options) {
        return LauncherIT.HOME.resolve("bin/qga") + " " + options + " " + agent.address() + " passwd root";
    }

    @Test
    void thePasswordIsAskedTwiceWithoutEchoAndNeverShown() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        assumeThat(RealAgent.BINARY).isExecutable();
        try (Tmux tmux = new Tmux()) {
            tmux.start(qga("--no-validate") + "; echo FIRST $?; " + qga("--no-validate") + "; echo SECOND $?; "
                    + qga("--read-only") + "; echo THIRD $?");

            tmux.awaitScreen("New password for root: ");
            tmux.type("typed-s3cret");
            tmux.keys("Enter");
            tmux.awaitScreen("Retype the new password: ");
            tmux.type("typed-other");
            tmux.keys("Enter");
            String mismatch = tmux.awaitScreen("FIRST ");
            assertThat(mismatch).contains("qga: the passwords do not match; nothing was changed\nFIRST 2");

            tmux.awaitScreen("FIRST 2\nNew password for root: ");
            tmux.type("typed-s3cret");
            tmux.keys("Enter");
            tmux.awaitScreen("FIRST 2\nNew password for root: \nRetype the new password: ");
            tmux.type("typed-s3cret");
            tmux.keys("Enter");
            String screen = tmux.awaitScreen("THIRD ");

            assertThat(screen).contains("qga: guest-set-user-password: CommandNotFound: Command guest-set-user-password has been"
                    + " disabled\nSECOND 1\n");
            assertThat(screen).contains("SECOND 1\nqga: guest-set-user-password changes the guest; refused because of"
                    + " --read-only (QGA_READ_ONLY)\nTHIRD 2");
            assertThat(screen).as("no echo").doesNotContain("typed-");
        }
    }
}
