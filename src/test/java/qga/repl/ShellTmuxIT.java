package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.RealAgent;
import qga.support.Tmux;

/** bin/qga-shell in a real terminal (tmux) against the real qemu-ga. */
@Timeout(180)
class ShellTmuxIT {
    static final Path HOME = Path.of(System.getProperty("qga.home", "."));

    private static final String PROMPT = "qga.sock>";

    @TempDir
    Path dir;

    private String launch(RealAgent agent, String extraEnv) {
        return "env " + extraEnv + " XDG_STATE_HOME=" + dir.resolve("state") + " " + HOME.resolve("bin/qga-shell") + " "
                + agent.address() + "; echo EXITED $?; sleep 120";
    }

    @Test
    void aSessionInARealTerminal() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(launch(agent, "NO_COLOR=1"));
            tmux.awaitPrompt(PROMPT);

            tmux.type("guest-get-h");
            tmux.keys("Tab");
            tmux.awaitScreen("guest-get-host-name");
            tmux.keys("Enter");
            tmux.awaitScreen("\"host-name\": ");
            tmux.awaitPrompt(PROMPT);

            tmux.type("guest-file-read h");
            tmux.keys("Tab");
            tmux.awaitScreen("guest-file-read handle=");
            tmux.type("1000");
            tmux.keys("Enter");
            tmux.awaitScreen("handle '1000' has not been found");
            tmux.awaitPrompt(PROMPT);

            tmux.type("{\"execute\":");
            tmux.keys("Enter");
            tmux.type("  \"guest-get-timezone\", \"id\": 77}");
            tmux.keys("Enter");
            tmux.awaitScreen("\"id\": 77");
            tmux.awaitPrompt(PROMPT);

            // Ctrl-C at the prompt clears the line
            tmux.type("not-a-command");
            tmux.awaitScreen("not-a-command");
            tmux.keys("C-c");
            tmux.awaitPrompt(PROMPT);
            tmux.type("guest-ping");
            tmux.keys("Enter");
            tmux.awaitScreen("guest-ping\n{");
            assertThat(tmux.awaitPrompt(PROMPT)).doesNotContain("unknown command");

            // a request made slow by stalling the real agent: Ctrl-C cancels it, the next command gets its own reply
            ProcessHandle.of(agent.pid()).orElseThrow();
            new ProcessBuilder("kill", "-STOP", Long.toString(agent.pid())).start().waitFor();
            try {
                tmux.type("guest-get-osinfo");
                tmux.keys("Enter");
                Thread.sleep(500);
                tmux.keys("C-c");
                tmux.awaitScreen("cancelled: guest-get-osinfo may still run in the guest");
            } finally {
                new ProcessBuilder("kill", "-CONT", Long.toString(agent.pid())).start().waitFor();
            }
            tmux.awaitPrompt(PROMPT);
            tmux.type("guest-get-timezone");
            tmux.keys("Enter");
            tmux.awaitScreen("\"offset\": 0\n  }\n}\nqga");
            assertThat(tmux.awaitPrompt(PROMPT)).doesNotContain("kernel-release");

            tmux.type("guest-set-user-password username=nobody password=c2VjcmV0 crypted=false");
            tmux.keys("Enter");
            tmux.awaitScreen("guest-set-user-password is disabled on this agent");
            tmux.awaitPrompt(PROMPT);

            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
            assertThat(tmux.screen(true)).doesNotContain("\u001b[");
        }
        Path history = dir.resolve("state/qga/history");
        assertThat(Files.getPosixFilePermissions(history)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(history)).contains("guest-get-osinfo").contains("password=<redacted>")
                .doesNotContain("c2VjcmV0");
    }

    @Test
    void repliesAreColouredOnAColourTerminal() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(launch(agent, "-u NO_COLOR TERM=xterm-256color"));
            tmux.awaitPrompt(PROMPT);
            tmux.type("guest-get-timezone");
            tmux.keys("Enter");
            tmux.awaitScreen("\"offset\": ");
            String coloured = tmux.screen(true);
            assertThat(coloured).contains("\u001b[1m").contains("\"zone\"");
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
    }
}
