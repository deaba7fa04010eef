package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.file.Files;
import java.nio.file.Path;
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
        Qga.Result noAddress = withConfig("[a]\ntimeout = 1\n").run("a", "exec", "guest-ping");
        assertThat(noAddress.err()).isEqualTo("qga: config " + config + ": target [a] has no address\n");
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
