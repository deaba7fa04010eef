package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeVirsh;
import qga.support.Golden;
import qga.support.Tmux;

/** The committed completions are what the model generates, and complete in the real shells. */
@Timeout(120)
class CompletionsTest {
    static final Path DIR = Path.of("completions");

    @TempDir
    Path temp;

    @Test
    void committedCompletionsMatchTheModel() throws Exception {
        for (Map.Entry<String, String> file : Completions.files().entrySet()) {
            Golden.assertMatches(DIR.resolve(file.getKey()), file.getValue());
        }
    }

    @Test
    void optionValuesComeFromTheModel() {
        CommandLine commandLine = CommandModel.build("qga");
        commandLine.getCommandSpec().addOption(OptionSpec.builder("-z", "--zone").paramLabel("ZONE").type(String.class)
                .completionCandidates(List.of("north", "south")).build());
        commandLine.getCommandSpec().addOption(OptionSpec.builder("--limit").paramLabel("N").type(String.class).build());
        Completions.Model model = new Completions.Model(commandLine);
        assertThat(Completions.bash(model)).contains("        -z|--zone) candidates=($(compgen -W \"north south\" -- \"$cur\")) ;;\n")
                .contains("        -i|--input) candidates=($(compgen -f -- \"$cur\")) ;;\n")
                .contains("        --events-to) candidates=($(compgen -f -- \"$cur\")) ;;\n")
                .contains("        -c|--connect|--parallel|--timeout|--max-reply|--limit|--args|-e|--env|--cwd|--tmpdir|--thaw-after|--minimum|--count|--uri) ;;\n");
        assertThat(Completions.zsh(model)).contains("        -z|--zone) compadd north south; return ;;\n")
                .contains("        -i|--input) _files; return ;;\n")
                .contains("        -t|--target|-c|--connect|--parallel|--timeout|--max-reply|--limit|--args|-e|--env|--cwd|--tmpdir|--thaw-after|--minimum|--count|--uri) return ;;\n");
        assertThat(Completions.fish(model)).contains("complete -c qga -s z -l zone -x -a 'north south'")
                .contains("complete -c qga -s i -l input -r -F\n");
    }

    @Test
    void bashCompletesInARealTerminal() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        FakeVirsh virsh = new FakeVirsh(temp.resolve("bin")).answer("list", "web1\nweb2\n\n", "", 0);
        try (Tmux tmux = new Tmux()) {
            tmux.start("env -i HOME=" + temp + " PATH=" + virsh.path() + " TERM=xterm HISTFILE=/dev/null PS1='$ ' bash --norc --noprofile");
            // one Tab lists the matches, so no test has to press Tab twice in time
            tmux.type("source " + DIR.toAbsolutePath().resolve("qga.bash") + "; bind 'set show-all-if-ambiguous on'");
            tmux.keys("Enter");
            // "ex" is the start of the subcommand exec and of the address prefix exec:
            tmux.type("qga ex");
            tmux.keys("Tab");
            tmux.awaitScreen("$ qga exec");
            listMatches(tmux);
            assertThat(tmux.awaitScreen("exec:")).containsPattern("\\nexec +exec: *\\n");
            tmux.keys("C-u");
            tmux.type("qga exec guest-get-");
            listMatches(tmux);
            String listed = tmux.awaitScreen("guest-get-osinfo");
            assertThat(listed).contains("guest-get-time").contains("guest-get-host-name").doesNotContain("guest-ping");
            tmux.keys("C-u");
            tmux.type("qga exec guest-file-read h");
            tmux.keys("Tab");
            tmux.awaitScreen("$ qga exec guest-file-read handle=");
            tmux.keys("C-u");
            tmux.type("qga exec guest-shutdown mode=po");
            tmux.keys("Tab");
            tmux.awaitScreen("$ qga exec guest-shutdown mode=powerdown");
            tmux.keys("C-u");
            tmux.type("qga libvirt:we");
            listMatches(tmux);
            assertThat(tmux.awaitScreen("web2")).contains("web1");
            tmux.keys("C-u");
            tmux.type("qga --format c");
            tmux.keys("Tab");
            tmux.awaitScreen("$ qga --format compact");
            // cp's operands: local files, and the guest: prefix (guest paths are not listed)
            Files.writeString(temp.resolve("cp-source.txt"), "x");
            tmux.keys("C-u");
            tmux.type("qga cp " + temp + "/cp-so");
            tmux.keys("Tab");
            tmux.awaitScreen("$ qga cp " + temp + "/cp-source.txt ");
            tmux.type("gu");
            tmux.keys("Tab");
            tmux.awaitScreen("$ qga cp " + temp + "/cp-source.txt guest:");
        }
    }

    @Test
    void bashCompletesTargetsFromARegularConfigOnlyBomAndCrlfAlike() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        Path config = Files.writeString(temp.resolve("config"), "\uFEFF[web1]\r\naddress = local:\r\n");
        Path fifo = temp.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        try (Tmux tmux = new Tmux()) {
            tmux.start("env -i HOME=" + temp + " PATH=/usr/bin:/bin TERM=xterm LANG=C.UTF-8 HISTFILE=/dev/null PS1='$ '"
                    + " bash --norc --noprofile");
            tmux.type("source " + DIR.toAbsolutePath().resolve("qga.bash") + "; export QGA_CONFIG=" + config);
            tmux.keys("Enter");
            tmux.type("qga -t w");
            tmux.keys("Tab");
            tmux.awaitScreen("$ qga -t web1");
            tmux.keys("C-u");
            // reading a FIFO would block the shell until something writes to it
            tmux.type("QGA_CONFIG=" + fifo);
            tmux.keys("Enter");
            tmux.type("qga -t w");
            listMatches(tmux);
            tmux.keys("C-u");
            tmux.type("echo completed-$((20 + 22))");
            tmux.keys("Enter");
            tmux.awaitScreen("completed-42");
        }
    }

    /**
     * Readline inserts the common prefix on one Tab and lists the candidates on a later one; keys
     * sent at once can arrive as one, so they go one by one.
     */
    /** With show-all-if-ambiguous on, one Tab shows every match of an ambiguous word. */
    private static void listMatches(Tmux tmux) throws Exception {
        tmux.keys("Tab");
    }

    @Test
    void fishCompletesCommandsArgumentsAndValues() throws Exception {
        assumeThat(Path.of("/usr/bin/fish")).as("fish is installed").isExecutable();
        assertThat(fish("qga ex")).contains("exec", "exec:");
        List<String> commands = fish("qga exec guest-get-");
        assertThat(commands).anyMatch(l -> l.startsWith("guest-get-osinfo")).noneMatch(l -> l.startsWith("guest-ping"));
        assertThat(fish("qga exec guest-file-read ")).anyMatch(l -> l.startsWith("handle=")).anyMatch(l -> l.startsWith("count="));
        assertThat(fish("qga exec guest-shutdown mode=")).contains("mode=halt", "mode=powerdown", "mode=reboot");
        assertThat(fish("qga --color ")).anyMatch(l -> l.startsWith("never"));
        assertThat(fish("qga loc")).anyMatch(l -> l.startsWith("local:"));
        assertThat(fish("qga cp gu")).contains("guest:");
    }

    private List<String> fish(String line) throws Exception {
        Process fish = new ProcessBuilder("fish", "--no-config", "-c",
                "source " + DIR.toAbsolutePath().resolve("qga.fish") + "; complete -C'" + line + "'")
                .redirectErrorStream(true).start();
        String out = new String(fish.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fish.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().toList();
    }

    @Test
    void zshCompletesInARealTerminal() throws Exception {
        assumeThat(Tmux.available()).as("tmux is installed").isTrue();
        assumeThat(Path.of("/usr/bin/zsh")).as("zsh is installed").isExecutable();
        Path functions = Files.createDirectories(temp.resolve("functions"));
        Files.copy(DIR.resolve("_qga"), functions.resolve("_qga"));
        try (Tmux tmux = new Tmux()) {
            tmux.start("env -i HOME=" + temp + " PATH=/usr/bin:/bin TERM=xterm HISTFILE=/dev/null zsh -f");
            tmux.type("fpath=(" + functions + " $fpath); autoload -U compinit; compinit -u; PS1='%% '");
            tmux.keys("Enter");
            tmux.type("qga exe");
            tmux.keys("Tab");
            tmux.awaitScreen("% qga exec");
            tmux.keys("C-u");
            tmux.type("qga exec guest-file-re");
            tmux.keys("Tab");
            tmux.awaitScreen("% qga exec guest-file-read");
            tmux.type("ha");
            tmux.keys("Tab");
            tmux.awaitScreen("% qga exec guest-file-read handle=");
            tmux.keys("C-u");
            tmux.type("qga cp gu");
            tmux.keys("Tab");
            tmux.awaitScreen("% qga cp guest:");
        }
    }
}
