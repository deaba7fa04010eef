package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
        return launch(agent, extraEnv, "");
    }

    private String launch(RealAgent agent, String extraEnv, String options) {
        return "env " + extraEnv + " XDG_STATE_HOME=" + dir.resolve("state") + " " + HOME.resolve("bin/qga-shell") + " "
                + options + " " + agent.address() + "; echo EXITED $?";
    }

    @Test
    void aSessionInARealTerminal() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        assumeThat(RealAgent.SS).as("ss is installed (apt-get install iproute2)").isExecutable();
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
            agent.pause();
            try {
                tmux.type("guest-get-osinfo");
                tmux.keys("Enter");
                // the request waiting unread in the stopped agent's socket: the shell is past the
                // prompt and waiting for the reply, where Ctrl-C cancels instead of clearing a line
                agent.awaitUnread();
                tmux.keys("C-c");
                tmux.awaitScreen("cancelled: guest-get-osinfo may still run in the guest");
            } finally {
                agent.resume();
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
    void runInTheShellShowsOutputAndCtrlCKillsTheProgram() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        Path tmp = Files.createDirectory(dir.resolve("guest-tmp"));
        Path pidFile = dir.resolve("pid");
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(launch(agent, "NO_COLOR=1"));
            tmux.awaitPrompt(PROMPT);

            tmux.type(":ru");
            tmux.keys("Tab");
            tmux.awaitScreen(":run");
            tmux.type(" --tmpdir " + tmp + " -- sh -c 'echo from the guest; exit 3'");
            tmux.keys("Enter");
            tmux.awaitScreen("from the guest\nqga-shell: :run: exit status 3\n");
            tmux.awaitPrompt(PROMPT);

            tmux.type(":run --tmpdir " + tmp + " -- sh -c 'echo $$ > " + pidFile + "; echo started; exec tail -f /dev/null'");
            tmux.keys("Enter");
            tmux.awaitScreen("started\n");
            tmux.keys("C-c");
            tmux.awaitScreen("qga-shell: interrupted: sh was killed in the guest\nqga-shell: :run: exit status 130\n");
            tmux.awaitPrompt(PROMPT);
            long program = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(ProcessHandle.of(program)).as("the program is gone").isEmpty();

            tmux.type("guest-ping");
            tmux.keys("Enter");
            tmux.awaitScreen("guest-ping\n{");
            tmux.awaitPrompt(PROMPT);
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
    }

    @Test
    void tabCompletesGuestPathsForCp() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        Path files = Files.createDirectory(dir.resolve("files"));
        Files.writeString(files.resolve("completion-target.txt"), "x");
        Files.createDirectory(files.resolve("subdir"));
        Files.writeString(files.resolve("evil\u001b[31mname"), "x");
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(launch(agent, "NO_COLOR=1"));
            tmux.awaitPrompt(PROMPT);

            tmux.type(":cp guest:" + files + "/compl");
            tmux.keys("Tab");
            tmux.awaitScreen(":cp guest:" + files + "/completion-target.txt ");
            tmux.keys("C-u");
            tmux.type(":cp :" + files + "/sub");
            tmux.keys("Tab");
            tmux.awaitScreen(":cp :" + files + "/subdir/");
            tmux.keys("C-u");
            tmux.type(":cp guest:" + files + "/e");
            tmux.keys("Tab");
            tmux.keys("Enter");
            tmux.awaitPrompt(PROMPT);
            assertThat(tmux.screen(true)).doesNotContain("\u001b[31m");

            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
    }

    @Test
    void passwdInTheShellAsksWithoutEchoAndKeepsThePasswordOutOfHistory() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            // --no-validate: the blocked command is asked for anyway, so the prompt comes and the agent refuses
            tmux.start(launch(agent, "NO_COLOR=1", "--no-validate"));
            tmux.awaitPrompt(PROMPT);

            tmux.type(":passwd nobody");
            tmux.keys("Enter");
            tmux.awaitScreen("New password for nobody: ");
            tmux.type("shell-s3cret");
            tmux.keys("Enter");
            tmux.awaitScreen("Retype the new password: ");
            tmux.type("shell-s3cret");
            tmux.keys("Enter");
            tmux.awaitScreen("has been disabled");
            tmux.awaitPrompt(PROMPT);
            tmux.keys("C-d");
            String screen = tmux.awaitScreen("EXITED 0");
            assertThat(screen).doesNotContain("shell-s3cret");
        }
        String history = Files.readString(dir.resolve("state/qga/history"));
        assertThat(history).contains(":passwd nobody").doesNotContain("shell-s3cret");
    }

    @Test
    void ctrlCDuringCpStopsTheCopyAndTheShellGoesOn() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        assumeThat(RealAgent.SS).as("ss is installed (apt-get install iproute2)").isExecutable();
        Path source = Files.write(dir.resolve("source.bin"), new byte[300_000]);
        Path target = dir.resolve("target.bin");
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(launch(agent, "NO_COLOR=1"));
            tmux.awaitPrompt(PROMPT);
            agent.pause();
            try {
                tmux.type(":cp " + source + " guest:" + target);
                tmux.keys("Enter");
                agent.awaitUnread();
                tmux.keys("C-c");
                tmux.awaitScreen("cancelled");
            } finally {
                agent.resume();
            }
            tmux.awaitPrompt(PROMPT);
            tmux.type("guest-ping");
            tmux.keys("Enter");
            tmux.awaitScreen("guest-ping\n{");
            tmux.awaitPrompt(PROMPT);
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
        assertThat(target).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains(".qga-"));
        }
    }

    @Test
    void anUnknownCommandPointsToTheShellsOwnWays() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        try (RealAgent agent = RealAgent.start(dir)) {
            try (Tmux tmux = new Tmux()) {
                tmux.start(launch(agent, "NO_COLOR=1"));
                tmux.awaitPrompt(PROMPT);
                enter(tmux, "guest-get-osinf", "qga-shell: unknown command guest-get-osinf: did you mean guest-get-osinfo?"
                        + " (:commands lists them; start qga-shell with --no-validate to send it anyway)\n");
                tmux.keys("C-d");
                tmux.awaitScreen("EXITED 0");
            }
            // and that way does send it: the agent's own answer comes back
            try (Tmux tmux = new Tmux()) {
                tmux.start(launch(agent, "NO_COLOR=1", "--no-validate"));
                tmux.awaitPrompt(PROMPT);
                enter(tmux, "guest-get-osinf", "\"desc\": \"The command guest-get-osinf has not been found\"");
                tmux.keys("C-d");
                tmux.awaitScreen("EXITED 0");
            }
        }
    }

    /** Tab on a 7.2 agent: values it takes, the fopen modes, and descriptions in one aligned column. */
    @Test
    void completionOffersWhatThisAgentTakesWithDescriptionsAligned() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(launch(agent, "NO_COLOR=1"));
            assertThat(tmux.awaitPrompt(PROMPT)).contains("qemu-ga 7.2.");

            tmux.type("guest-exec path=/bin/true capture-output=");
            tmux.keys("Tab");
            assertThat(listedWords(tmux.awaitScreen("false"), "capture-output=")).containsExactly("false", "true");
            tmux.keys("C-u");

            tmux.type("guest-file-open path=/etc/hostname mode=");
            tmux.keys("Tab");
            assertThat(listedWords(tmux.awaitScreen("a+b"), "mode=")).containsExactly("a", "a+", "a+b", "ab", "ab+", "r",
                    "r+", "r+b", "rb", "rb+", "w", "w+", "w+b", "wb", "wb+");
            tmux.keys("C-u");

            tmux.type("guest-get-");
            tmux.keys("Tab");
            String screen = tmux.awaitScreen("guest-get-vcpus ");
            List<String> listed = screen.lines().filter(l -> l.startsWith("guest-get-")).map(String::stripTrailing).toList();
            assertThat(listed).contains("guest-get-time               Read the guest's system clock");
            // every description starts two columns after the longest name, guest-get-memory-block-info
            assertThat(listed).hasSize(12).allSatisfy(l -> assertThat(l).matches("guest-get-\\S+ +[A-Z].*")
                    .matches(".{27}  [A-Z].*"));
            tmux.keys("C-u");
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
    }

    /** The words of the line that JLine printed below the prompt ending in typed. */
    private static List<String> listedWords(String screen, String typed) {
        List<String> lines = screen.lines().toList();
        for (int i = lines.size() - 2; i >= 0; i--) {
            if (lines.get(i).stripTrailing().endsWith(typed)) {
                return List.of(lines.get(i + 1).strip().split(" +"));
            }
        }
        throw new AssertionError("no line ending in " + typed + " on the screen:\n" + screen);
    }

    /** Each line carries a secret (c2VjcmV0 is base64 of "secret") in another form; most are refused. */
    @Test
    void noSecretReachesTheHistoryFileInAnyForm() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(launch(agent, "NO_COLOR=1"));
            tmux.awaitPrompt(PROMPT);
            enter(tmux, "guest-set-user-password --args {\"username\":\"nobody\",\"password\":\"c2VjcmV0MQ==\"}",
                    "expected key=value, got '--args'");
            enter(tmux, "guest-set-user-password username=nobody password.x=c2VjcmV0Mg==",
                    "guest-set-user-password: password: expected a string");
            enter(tmux, ":help guest-set-user-password password=c2VjcmV0Mw==", "guest-set-user-password - ");
            tmux.type("{\"execute\":\"guest-set-user-password\",");
            tmux.keys("Enter");
            enter(tmux, "\"arguments\":{\"username\":\"nobody\",\"password\":\"c2VjcmV0NA==\",\"crypted\":false}}",
                    "guest-set-user-password is disabled on this agent");
            enter(tmux, "{'execute':'guest-set-user-password','arguments':{'password':'c2VjcmV0NQ=='}}",
                    "expected a member name in double quotes");
            enter(tmux, "guest-set-user-password password='c2VjcmV0Ng==", "unterminated ' quote");
            enter(tmux, "guest-set-user-password --args='{\"password\":\"c2VjcmV0Nw==\"}' username=nobody",
                    "guest-set-user-password: unknown argument --args");
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
        String saved = Files.readString(dir.resolve("state/qga/history"));
        assertThat(saved).doesNotContain("c2VjcmV0");
        assertThat(saved.lines().map(line -> line.replaceFirst("^[0-9]+:", ""))).containsExactly(
                "guest-set-user-password --args {\"username\":\"nobody\",\"password\":\"<redacted>\"}",
                "guest-set-user-password username=nobody password.x=<redacted>",
                ":help guest-set-user-password password=<redacted>",
                "{\"execute\":\"guest-set-user-password\",\\n\"arguments\":{\"username\":\"nobody\",\"password\":\"<redacted>\","
                        + "\"crypted\":false}}",
                "{'execute':'guest-set-user-password','arguments':{'password':\"<redacted>\"}}",
                "guest-set-user-password password=<redacted>",
                "guest-set-user-password --args='{\"password\":\"<redacted>\"}' username=nobody");
    }

    /** Types a line, presses Enter and waits for what the shell answers, then for the prompt. */
    private static void enter(Tmux tmux, String line, String answer) throws Exception {
        tmux.type(line);
        tmux.keys("Enter");
        tmux.awaitScreen(answer);
        tmux.awaitPrompt(PROMPT);
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
