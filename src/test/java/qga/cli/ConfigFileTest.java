package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga;
import qga.support.RealAgent;

/** Named targets and defaults from the config file, and its mistakes reported with line numbers. */
@Timeout(60)
class ConfigFileTest {
    @TempDir
    Path dir;

    private Qga withConfig(String text) throws Exception {
        Path config = Files.writeString(dir.resolve("config"), text);
        return qga().env("QGA_CONFIG", config.toString());
    }

    @Test
    void aTargetGivesTheAddressAndItsSettings() throws Exception {
        try (RealAgent agent = RealAgent.start(Files.createDirectories(dir.resolve("agent")))) {
            String config = "# defaults\nformat = compact\n\n[web1]\naddress = " + agent.address() + "\nformat = pretty\n"
                    + "[db]\naddress = " + agent.address() + "\nread-only = true\n";
            Qga.Result byOption = withConfig(config).run("-t", "web1", "exec", "guest-ping");
            assertThat(byOption.exit()).as(byOption.toString()).isZero();
            assertThat(byOption.out()).isEqualTo("{\n  \"return\": {\n  }\n}\n");
            Qga.Result byName = withConfig(config).run("web1", "exec", "--compact", "guest-ping");
            assertThat(byName.out()).isEqualTo("{\"return\":{}}\n");
            Qga.Result readOnly = withConfig(config).run("db", "exec", "guest-exec", "path=/bin/true");
            assertThat(readOnly.exit()).isEqualTo(2);
            assertThat(readOnly.err()).contains("refused because of --read-only");
            Qga.Result defaults = withConfig(config).run(agent.address(), "exec", "guest-ping");
            assertThat(defaults.out()).isEqualTo("{\"return\":{}}\n");
        }
    }

    @Test
    void domainsListsTheTargets() throws Exception {
        Qga.Result result = withConfig("[web1]\naddress = unix:/run/web1.sock\n").env("PATH", "/nonexistent").run("domains");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("[web1]").contains("unix:/run/web1.sock  (target in " + dir.resolve("config") + ")");
        assertThat(result.err()).contains("virsh is not installed").contains("listing the config file's targets only");
    }

    @Test
    void mistakesNameTheFileAndLine() throws Exception {
        Path config = dir.resolve("config");
        String[][] cases = {
            {"timeout = 2\ntimout = 3\n", "line 2: unknown setting 'timout' (settings: address, timeout, format, color,"
                    + " max-reply, read-only)"},
            {"timeout = soon\n", "line 1: timeout soon is not a number of seconds (e.g. --timeout 2.5)"},
            {"[web1\naddress = local:\n", "line 1: a target is written [NAME], with letters, digits, '.', '_' or '-' in NAME"},
            {"address = local:\n", "line 1: address belongs in a target: put it under a [NAME] line"},
            {"[a]\naddress = local:\n[a]\n", "line 3: target [a] is defined twice"},
            {"[a]\ncolor = pink\n", "line 2: color = pink is not auto, always or never"},
            {"[a]\nformat = yaml\n", "line 2: format = yaml is not pretty, compact or return"},
            {"just words\n", "line 1: expected NAME = VALUE or [TARGET], got 'just words'"},
        };
        for (String[] c : cases) {
            Qga.Result result = withConfig(c[0]).run("local:", "exec", "guest-ping");
            assertThat(result.exit()).as(c[0]).isEqualTo(2);
            assertThat(result.err()).isEqualTo("qga: config " + config + " " + c[1] + "\n");
        }
        Qga.Result noAddress = withConfig("[b]\naddress = local:\n\n[a]\ntimeout = 1\n").run("a", "exec", "guest-ping");
        assertThat(noAddress.err()).isEqualTo("qga: config " + config + " line 4: target [a] has no address:"
                + " add an address = line under it\n");
    }

    @Test
    void aBomAndCrlfLineEndsAreRead() throws Exception {
        Path config = dir.resolve("config");
        Files.write(config, ("\uFEFF# saved by Notepad\r\ntimeout = 2\r\n[web1]\r\naddress = unix:/run/web1.sock\r\n")
                .getBytes(StandardCharsets.UTF_8));
        Qga.Result result = qga().env("QGA_CONFIG", config.toString()).env("PATH", "/nonexistent").run("domains");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("[web1]").contains("unix:/run/web1.sock  (target in " + config + ")");
        Files.write(config, "\uFEFF[web1]\r\naddress = unix:/run/web1.sock\r\ncolor = pink\r\n".getBytes(StandardCharsets.UTF_8));
        Qga.Result mistake = qga().env("QGA_CONFIG", config.toString()).run("web1", "exec", "guest-ping");
        assertThat(mistake.err()).isEqualTo("qga: config " + config + " line 3: color = pink is not auto, always or never\n");
    }

    @Test
    void invalidUtf8NamesItsLine() throws Exception {
        Path config = dir.resolve("config");
        byte[] text = "timeout = 2\n# caf\u00e9 is fine\n[web1]\naddress = unix:/x\u0000".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(text, text.length + 1);
        bytes[bytes.length - 2] = (byte) 0xFF;
        bytes[bytes.length - 1] = '\n';
        Files.write(config, bytes);
        Qga.Result result = qga().env("QGA_CONFIG", config.toString()).run("local:", "exec", "guest-ping");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: config " + config + " line 4: byte 0xFF is not UTF-8: save the file as UTF-8 text\n");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedUnread() throws Exception {
        Path config = dir.resolve("config");
        String target = "[web1]\naddress = unix:/run/web1.sock\n";
        String line = "# padding\n";
        int room = ConfigFile.MAX_BYTES - target.length();
        String fits = target + line.repeat(room / line.length()) + "#".repeat(room % line.length());
        Files.writeString(config, fits);
        Qga.Result atTheLimit = qga().env("QGA_CONFIG", config.toString()).env("PATH", "/nonexistent").run("domains");
        assertThat(atTheLimit.exit()).as(atTheLimit.toString()).isZero();
        assertThat(atTheLimit.out()).contains("[web1]");
        Files.writeString(config, fits + "#");
        Qga.Result over = qga().env("QGA_CONFIG", config.toString()).run("local:", "exec", "guest-ping");
        assertThat(over.exit()).isEqualTo(2);
        assertThat(over.err()).isEqualTo("qga: config " + config + " is " + (ConfigFile.MAX_BYTES + 1) + " bytes, more than the "
                + ConfigFile.limit() + " a config file may hold: check that it is the config file\n");
    }

    @Test
    void theLimitIsTheOneTheReadmeAndManPageState() throws Exception {
        assertThat(ConfigFile.limit()).isEqualTo((ConfigFile.MAX_BYTES >> 20) + " MiB");
        assertThat(Files.readString(Path.of("README.md"))).contains("at most " + ConfigFile.limit());
        assertThat(ManPage.pages().get("qga.1")).contains("at most " + ConfigFile.limit());
    }

    @Test
    void devicesDirectoriesAndFifosAreRefusedWithoutOpeningThem() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        String[][] cases = {
            {"/dev/zero", "a character device"},
            {fifo.toString(), "a FIFO"},
            {dir.toString(), "a directory"},
        };
        for (String[] c : cases) {
            Qga.Result result = qga().env("QGA_CONFIG", c[0]).run("local:", "exec", "guest-ping");
            assertThat(result.exit()).as(c[0]).isEqualTo(2);
            assertThat(result.err()).isEqualTo("qga: config " + c[0] + " is " + c[1]
                    + ", not a regular file: put the settings in a regular file\n");
        }
    }

    @Test
    void aLongBadLineIsCutInTheMessage() throws Exception {
        Path config = dir.resolve("config");
        String[][] cases = {
            {"x".repeat(1_000_000), "line 1: expected NAME = VALUE or [TARGET], got '" + "x".repeat(77) + "...'"},
            {"y".repeat(100_000) + " = 1", "line 1: unknown setting '" + "y".repeat(77) + "...' (settings: address, timeout,"
                    + " format, color, max-reply, read-only)"},
            {"color = " + "z".repeat(100_000), "line 1: color = " + "z".repeat(77) + "... is not auto, always or never"},
            {"timeout = " + "9".repeat(100_000), "line 1: timeout " + "9".repeat(77) + "... is out of range: give seconds"
                    + " between 0.001 and 86400"},
        };
        for (String[] c : cases) {
            Qga.Result result = withConfig(c[0] + "\n").run("local:", "exec", "guest-ping");
            assertThat(result.exit()).isEqualTo(2);
            String err = result.err();
            // a failure shows the head of what came, not a megabyte of it
            String shown = err.length() <= 1000 ? err : err.substring(0, 1000) + "[" + err.length() + " characters]";
            assertThat(shown).isEqualTo("qga: config " + config + " " + c[1] + "\n");
        }
    }

    @Test
    void unknownTargetsAreNamed() throws Exception {
        Qga.Result option = withConfig("[web1]\naddress = local:\n").run("-t", "web9", "exec", "guest-ping");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).isEqualTo("qga: no target web9 in " + dir.resolve("config") + " (targets: web1)\n");
        Qga.Result positional = withConfig("").run("web9", "exec", "guest-ping");
        assertThat(positional.err()).isEqualTo("qga: web9 is neither a socket here nor a target in the config file:"
                + " write unix:PATH, another address, or add [web9] to the config\n");
    }

    @Test
    void versionNamesQgaJavaAndWithAnAddressTheAgent() throws Exception {
        Qga.Result plain = qga().run("--version");
        assertThat(plain.exit()).isZero();
        assertThat(plain.out()).matches("qga \\d+\\.\\d+\\.\\d+ \\(build ([0-9a-f]{10}|unknown)\\)\\nJava \\d+[^\\n]*\\n");
        try (RealAgent agent = RealAgent.start(Files.createDirectories(dir.resolve("agent")))) {
            Qga.Result withAgent = qga().run("--version", agent.address());
            assertThat(withAgent.out()).endsWith("agent: qemu-ga 7.2.22 at " + agent.address() + "\n");
        }
    }
}
