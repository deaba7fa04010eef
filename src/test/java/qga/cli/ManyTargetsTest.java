package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.failing;
import static qga.support.FakeAgent.returning;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.FakeVirsh;
import qga.support.Qga;
import qga.support.RealAgent;

/**
 * One command over many targets through the real command line: real qemu-ga processes for the
 * healthy ones and one with the command blocked, fakes for what a real agent cannot be made to do
 * (stay silent, answer with an error, hang until the test lets it go).
 */
@Timeout(120)
class ManyTargetsTest {
    @TempDir
    Path dir;
    private RealAgent first;
    private RealAgent second;
    private String hostName;

    @BeforeEach
    void agents() throws Exception {
        first = RealAgent.start(dir.resolve("first"));
        second = RealAgent.start(dir.resolve("second"));
        hostName = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    }

    @AfterEach
    void stop() throws Exception {
        first.close();
        second.close();
    }

    /** Swallows every request and answers nothing, the sync included. */
    private FakeAgent silent(String name) throws Exception {
        return FakeAgent.start(dir.resolve(name), c -> {
            while (c.readRequest() != null) {
                // never a word
            }
        });
    }

    /** Syncs, has no guest-info (so qga sends what it is asked), and answers everything with an error. */
    private FakeAgent erroring(String name) throws Exception {
        return FakeAgent.start(dir.resolve(name), FakeAgent.replying(r -> r.get("execute").getAsString().equals("guest-info")
                ? failing(r, "CommandNotFound", "The command guest-info has not been found")
                : failing(r, "GenericError", "hostname lookup failed")));
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Qga withConfig(String text) throws Exception {
        return qga().env("QGA_CONFIG", file("config", text).toString());
    }

    private String hostLine(String target) {
        return "{\"target\":\"" + target + "\",\"exit\":0,\"reply\":{\"return\":{\"host-name\":\"" + hostName + "\"}}}";
    }

    @Test
    void healthySilentRefusingErroringAndMissingTargetsGiveOneExactLineEachAndTheWorstStatus() throws Exception {
        try (RealAgent refusing = RealAgent.start(dir.resolve("refusing"), List.of("guest-get-host-name"));
                FakeAgent silent = silent("silent.sock");
                FakeAgent erroring = erroring("erroring.sock")) {
            Path missing = dir.resolve("missing.sock");
            Path targets = file("targets", "# web tier\n" + first.address() + "\n\n" + silent.address() + "\n"
                    + refusing.address() + "\n" + erroring.address() + "\n" + missing + "\n" + second.address() + "\n");

            Qga.Result result = qga().run("--targets", targets.toString(), "--ordered", "--timeout", "1", "exec",
                    "guest-get-host-name");

            assertThat(result.exit()).as(result.toString()).isEqualTo(4);
            assertThat(result.out()).isEqualTo(hostLine(first.address()) + "\n"
                    + "{\"target\":\"" + silent.address() + "\",\"exit\":4,\"error\":\"no answer from the agent within 1 s:"
                    + " no agent may be running in the guest, or another client (libvirtd?) holds the channel; a booting"
                    + " guest may need a longer --timeout\"}\n"
                    + "{\"target\":\"" + refusing.address() + "\",\"exit\":2,\"error\":\"guest-get-host-name is disabled on"
                    + " this agent (blocked with qemu-ga -b or its config)\"}\n"
                    + "{\"target\":\"" + erroring.address() + "\",\"exit\":1,\"reply\":{\"error\":{\"class\":\"GenericError\","
                    + "\"desc\":\"hostname lookup failed\"}}}\n"
                    + "{\"target\":\"" + missing + "\",\"exit\":3,\"error\":\"no such socket: " + missing
                    + " (is the VM running, and is this its agent chardev path?)\"}\n"
                    + hostLine(second.address()) + "\n");
            assertThat(result.err()).isEqualTo("qga: 4 of 6 failed: " + silent.address() + " no answer (4), "
                    + refusing.address() + " refused (2), " + erroring.address() + " agent error (1), " + missing
                    + " cannot connect (3)\n");
        }
    }

    @Test
    void allSucceededIsExit0WithNothingOnStderr() throws Exception {
        Qga.Result result = qga().run("-a", first.address(), "-a", second.address(), "--ordered", "exec", "guest-get-host-name");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(hostLine(first.address()) + "\n" + hostLine(second.address()) + "\n");
        assertThat(result.err()).isEmpty();
        Qga.Result fromStdin = qga().stdin(first.address() + "\n" + second.address() + "\n")
                .run("--targets", "-", "--ordered", "exec", "guest-get-host-name");
        assertThat(fromStdin.out()).isEqualTo(result.out());
    }

    @Test
    void aHungTargetDelaysNoOtherTarget() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeAgent hung = FakeAgent.start(dir.resolve("hung.sock"), c -> {
            JsonObject sync = c.readRequest();
            release.await();
            c.answerSync(sync);
            FakeAgent.replying(r -> returning(r, "{\"host-name\": \"late\"}")).serve(c);
        })) {
            // the hung target first, and only two at a time: the others pass it on the second thread
            Qga.Running running = qga().start("-a", hung.address(), "-a", first.address(), "-a", second.address(),
                    "--parallel", "2", "--timeout", "60", "--no-validate", "exec", "guest-get-host-name");

            String early = running.awaitOutLines(2);
            assertThat(early).isEqualTo(hostLine(first.address()) + "\n" + hostLine(second.address()) + "\n");
            release.countDown();
            Qga.Result result = running.result();

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo(early + "{\"target\":\"" + hung.address()
                    + "\",\"exit\":0,\"reply\":{\"return\":{\"host-name\":\"late\"}}}\n");
        }
    }

    @Test
    void aDuplicateOrABadAddressIsRefusedBeforeAnythingIsSent() throws Exception {
        try (FakeAgent recording = silent("recording.sock")) {
            Path targets = file("targets", recording.address() + "\n" + first.address() + "\n" + recording.path() + "\n");
            Qga.Result duplicate = qga().run("--targets", targets.toString(), "exec", "guest-ping");
            assertThat(duplicate.exit()).as(duplicate.toString()).isEqualTo(2);
            assertThat(duplicate.out()).isEmpty();
            assertThat(duplicate.err()).isEqualTo("qga: " + recording.address() + " (" + targets + " line 1) and "
                    + recording.path() + " (" + targets + " line 3) are the same agent: give each target once\n");

            Path bad = file("bad", recording.address() + "\nfoo:bar\n");
            Qga.Result badAddress = qga().run("--targets", bad.toString(), "exec", "guest-ping");
            assertThat(badAddress.exit()).as(badAddress.toString()).isEqualTo(2);
            assertThat(badAddress.out()).isEmpty();
            assertThat(badAddress.err()).startsWith("qga: " + bad + " line 2: unknown address type 'foo:' in foo:bar: use unix:PATH");

            Qga.Result twice = withConfig("[web1]\naddress = " + recording.address() + "\n")
                    .run("-a", "web1", "-a", recording.address(), "exec", "guest-ping");
            assertThat(twice.err()).isEqualTo("qga: web1 (-a) and " + recording.address()
                    + " (-a) are the same agent: give each target once\n");

            Qga.Result nothing = qga().run("-a", recording.address(), "-a", "nosuchname", "exec", "guest-ping");
            assertThat(nothing.exit()).isEqualTo(2);
            assertThat(nothing.err()).startsWith("qga: -a: nosuchname is neither a socket here nor a target or group in ");

            assertThat(recording.connections()).isZero();
        }
    }

    @Test
    void aGroupInTheConfigFileNamesTargetsAndAddresses() throws Exception {
        Qga config = withConfig("[web1]\naddress = " + first.address() + "\n\n[group web]\ntargets = web1, "
                + second.address() + "\n");
        String single = qga().run(first.address(), "vcpus", "--json").out().strip();

        Qga.Result byName = config.run("web", "--ordered", "vcpus");
        Qga.Result byOption = config.run("-t", "web", "--ordered", "vcpus");

        assertThat(byName.exit()).as(byName.toString()).isZero();
        assertThat(byName.out()).isEqualTo("{\"target\":\"web1\",\"exit\":0,\"reply\":" + single + "}\n"
                + "{\"target\":\"" + second.address() + "\",\"exit\":0,\"reply\":" + single + "}\n");
        assertThat(byOption.out()).isEqualTo(byName.out());
    }

    @Test
    void eachConfigTargetKeepsItsOwnSettings() throws Exception {
        Qga config = withConfig("[web1]\naddress = " + first.address() + "\n\n[db]\naddress = " + second.address()
                + "\nread-only = true\n\n[group all]\ntargets = web1, db\n");

        Qga.Result result = config.run("all", "--ordered", "exec", "guest-set-time");

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEqualTo("{\"target\":\"web1\",\"exit\":2,\"error\":\"guest-set-time is disabled on"
                + " this agent (blocked with qemu-ga -b or its config)\"}\n"
                + "{\"target\":\"db\",\"exit\":2,\"error\":\"guest-set-time changes the guest; refused because of"
                + " --read-only (QGA_READ_ONLY)\"}\n");
        assertThat(result.err()).isEqualTo("qga: 2 of 2 failed: web1 refused (2), db refused (2)\n");
    }

    @Test
    void groupMistakesNameTheLine() throws Exception {
        Path config = dir.resolve("config");
        String[][] cases = {
            {"[group web]\ntargets = web1\n", "line 1: group [web] names web1, which is no target here: define [web1]"
                    + " or write its address"},
            {"[group web]\n", "line 1: group [web] has no members: add a targets = NAME, ... line under it"},
            {"[group web]\ntargets = unix:/a,,unix:/b\n", "line 2: an empty member in targets = unix:/a,,unix:/b:"
                    + " write targets = NAME, ADDRESS, ..."},
            {"[group web]\ntimeout = 2\n", "line 2: a group holds only targets = NAME, ... (timeout belongs under a"
                    + " [NAME] target)"},
            {"[web]\naddress = local:\n[group web]\ntargets = unix:/a\n", "line 3: target [web] is defined twice:"
                    + " targets and groups share one set of names"},
            {"[group a]\ntargets = b\n[group b]\ntargets = unix:/b\n", "line 1: group [a] names the group b: list its"
                    + " targets instead"},
            {"targets = unix:/a\n", "line 1: targets belongs in a group: put it under a [group NAME] line"},
            {"[group w b]\n", "line 1: a group is written [group NAME], with letters, digits, '.', '_' or '-' in NAME"},
        };
        for (String[] c : cases) {
            Qga.Result result = withConfig(c[0]).run("local:", "exec", "guest-ping");
            assertThat(result.exit()).as(c[0]).isEqualTo(2);
            assertThat(result.err()).as(c[0]).isEqualTo("qga: config " + config + " " + c[1] + "\n");
        }
    }

    @Test
    void aTerminalGetsOneAlignedTable() throws Exception {
        try (FakeAgent silent = silent("s.sock")) {
            Qga.Result result = qga().toTerminal().run("-a", first.address(), "-a", silent.address(), "--timeout", "1",
                    "exec", "guest-get-host-name");

            String wide = String.format("%-" + first.address().length() + "s", silent.address());
            String name = String.format("%-" + first.address().length() + "s", "TARGET");
            assertThat(result.exit()).as(result.toString()).isEqualTo(4);
            assertThat(result.out()).isEqualTo(name + "  EXIT  RESULT\n"
                    + first.address() + "  0     {\"host-name\":\"" + hostName + "\"}\n"
                    + wide + "  4     no answer from the agent within 1 s: no agent may be running in the guest, or another"
                    + " client (lib...\n");
        }
    }

    @Test
    void runGivesEachTargetsResultAndStatus() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("guest-tmp"));
        Qga.Result result = qga().run("-a", first.address(), "-a", second.address(), "--ordered", "run", "--tmpdir",
                tmp.toString(), "--", "sh", "-c", "echo out; echo err >&2; exit 3");

        String reply = "{\"exitcode\":3,\"signal\":null,\"stdout\":\"out\\n\",\"stderr\":\"err\\n\",\"stdout-truncated\":false,"
                + "\"stderr-truncated\":false,\"timed-out\":false,\"interrupted\":false,\"streamed\":true}";
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("{\"target\":\"" + first.address() + "\",\"exit\":3,\"reply\":" + reply + "}\n"
                + "{\"target\":\"" + second.address() + "\",\"exit\":3,\"reply\":" + reply + "}\n");
        assertThat(result.err()).isEqualTo("qga: 2 of 2 failed: " + first.address() + " exited (3), " + second.address()
                + " exited (3)\n");
    }

    @Test
    void commandsForOneTargetAreRefusedBeforeAnythingIsSent() throws Exception {
        try (FakeAgent recording = silent("recording.sock")) {
            String many = " on one target at a time, and several were given: give one address, or use one of exec, run,"
                    + " info, ifaddr, df, users, disks, vcpus on many\n";
            String[][] cases = {
                {"cp", "qga: cp works" + many},
                {"passwd", "qga: passwd works" + many},
                {"fsfreeze", "qga: fsfreeze works" + many},
                {"reboot", "qga: reboot works" + many},
                {"shell", "qga: shell works" + many},
            };
            for (String[] c : cases) {
                Qga.Result result = qga().run("-a", recording.address(), "-a", first.address(), c[0]);
                assertThat(result.exit()).as(c[0]).isEqualTo(2);
                assertThat(result.err()).as(c[0]).isEqualTo(c[1]);
            }
            Qga.Result pipe = qga().stdin("guest-ping\n").run("-a", recording.address(), "-a", first.address());
            assertThat(pipe.err()).isEqualTo("qga: the shell and piped requests work" + many);
            Qga.Result parallel = qga().run("-a", recording.address(), "-a", first.address(), "--parallel", "0", "info");
            assertThat(parallel.err()).isEqualTo("qga: --parallel 0 is not a number from 1 to 1024\n");
            Qga.Result alone = qga().run("-a", recording.address(), "--parallel", "4", "info");
            assertThat(alone.exit()).isEqualTo(2);
            assertThat(alone.err()).isEqualTo("qga: --parallel goes with several targets: give -a more than once,"
                    + " --targets FILE, --all or a group\n");
            assertThat(recording.connections()).isZero();
        }
    }

    @Test
    void allTakesEveryRunningDomainOfEachUriAndCostsTwoVirshCallsATarget() throws Exception {
        FakeVirsh virsh = new FakeVirsh(dir.resolve("bin")).answer("list", "web1\nweb2\n\n", "", 0)
                .replay("dumpxml-web1", "dumpxml").replay("dumpxml-web2", "dumpxml").replay("guest-info", "guest-info")
                .answer("guest-ping", "{\"return\":{}}\n\n", "", 0);
        String uri = "qemu+ssh://h/system";

        Qga.Result result = qga().env("PATH", virsh.path()).run("--all", "-c", uri, "--ordered", "--timeout", "1", "exec",
                "guest-ping");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"target\":\"libvirt:web1?uri=" + uri + "\",\"exit\":0,\"reply\":{\"return\":{}}}\n"
                + "{\"target\":\"libvirt:web2?uri=" + uri + "\",\"exit\":0,\"reply\":{\"return\":{}}}\n");
        // each virsh call is one libvirt connection: over qemu+ssh, one ssh connection
        assertThat(virsh.calls().get(0)).containsExactly("-c", uri, "list", "--name");
        for (String domain : List.of("web1", "web2")) {
            assertThat(virsh.calls().stream().filter(call -> call.contains(domain))).containsExactly(
                    List.of("-c", uri, "dumpxml", domain),
                    List.of("-c", uri, "qemu-agent-command", domain, "{\"execute\":\"guest-ping\"}", "--timeout", "1"));
        }
        assertThat(virsh.calls()).hasSize(5);
        virsh.answer("list", "\n", "", 0);
        Qga.Result none = qga().env("PATH", virsh.path()).run("--all", "exec", "guest-ping");
        assertThat(none.exit()).as(none.toString()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("qga: no targets: no libvirt domain is running (virsh list --name is empty)\n");
        Qga.Result lonely = qga().run("-a", first.address(), "-a", second.address(), "-c", "qemu:///system", "info");
        assertThat(lonely.err()).isEqualTo("qga: -c/--connect qemu:///system goes with --all: qga --all -c URI exec guest-ping\n");
    }

    @Test
    void oneTargetKeepsItsOwnOutput() throws Exception {
        Qga.Result result = qga().run("-a", first.address(), "exec", "guest-get-host-name");

        assertThat(result.out()).isEqualTo("{\"return\":{\"host-name\":\"" + hostName + "\"}}\n");
    }
}
