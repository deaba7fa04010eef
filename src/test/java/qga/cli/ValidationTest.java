package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.failing;
import static qga.support.FakeAgent.returning;
import static qga.support.Qga.qga;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.Qga;

/**
 * Every validation case, with its exact message and exit 2. What the catalog rejects never reaches
 * the (recording) fake agent, which presents itself as a 7.2.22 agent and refuses, as qemu-ga does,
 * what it lacks or has disabled; such a command is sent without asking guest-info first, and the
 * refusal explained from guest-info afterwards.
 */
@Timeout(60)
class ValidationTest {
    private static final String GUEST_INFO = "{\"version\": \"7.2.22\", \"supported_commands\": ["
            + "{\"enabled\": true, \"name\": \"guest-ping\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-info\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-exec\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-exec-status\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-file-read\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-get-osinfo\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-shutdown\", \"success-response\": false},"
            + "{\"enabled\": false, \"name\": \"guest-set-time\", \"success-response\": true},"
            + "{\"enabled\": false, \"name\": \"guest-get-devices\", \"success-response\": true},"
            + "{\"enabled\": true, \"name\": \"guest-new-thing\", \"success-response\": true}]}";

    @TempDir
    Path dir;
    FakeAgent agent;

    @BeforeEach
    void start() throws Exception {
        agent = FakeAgent.start(dir.resolve("fake.sock"), FakeAgent.replying(r -> {
            String command = r.get("execute").getAsString();
            if (command.equals("guest-info")) {
                return returning(r, GUEST_INFO);
            }
            if (qga.schema.Catalog.builtIn().find(command) != null && !GUEST_INFO.contains("\"name\": \"" + command + "\"")) {
                return failing(r, "CommandNotFound", "The command " + command + " has not been found");
            }
            if (GUEST_INFO.contains("{\"enabled\": false, \"name\": \"" + command + "\"")) {
                return failing(r, "CommandNotFound", "Command " + command + " has been disabled");
            }
            return returning(r, "{\"ran\": " + r + "}");
        }));
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
    }

    private Qga.Result refused(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = agent.address();
        System.arraycopy(args, 0, full, 1, args.length);
        Qga.Result result = qga().run(full);
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).hasLineCount(1);
        assertThat(agent.receivedText()).doesNotContain("\"execute\":\"" + argsCommand(args) + "\"");
        return result;
    }

    private static String argsCommand(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("exec")) {
                return args[i + 1].startsWith("{") ? "guest-exec-status" : args[i + 1];
            }
        }
        throw new AssertionError("no exec in the arguments");
    }

    @Test
    void argumentMistakesAreCaughtBeforeConnecting() {
        assertThat(refused("exec", "guest-file-read", "cnt=3").err()).isEqualTo(
                "qga: guest-file-read: unknown argument cnt: did you mean count? (arguments: handle, count)\n");
        assertThat(refused("exec", "guest-ping", "x=1").err()).isEqualTo(
                "qga: guest-ping takes no arguments, but x was given\n");
        assertThat(refused("exec", "guest-file-read").err()).isEqualTo(
                "qga: guest-file-read: missing required argument handle (usage: guest-file-read handle=INT [count=INT])\n");
        assertThat(refused("exec", "guest-exec-status", "pid=abc").err()).isEqualTo(
                "qga: guest-exec-status: pid=abc: expected an integer\n");
        assertThat(refused("exec", "guest-shutdown", "mode=off").err()).isEqualTo(
                "qga: guest-shutdown: mode=off: expected one of halt, powerdown, reboot\n");
        assertThat(refused("exec", "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":\"abc\"}}").err()).isEqualTo(
                "qga: guest-exec-status: pid: expected an integer, got \"abc\"\n");
        assertThat(refused("exec", "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":12.5}}").err()).isEqualTo(
                "qga: guest-exec-status: pid: expected an integer, got 12.5\n");
        assertThat(refused("exec", "guest-exec-status", "pid=18446744073709551616").err()).isEqualTo(
                "qga: guest-exec-status: pid: 18446744073709551616 is out of range: int takes -9223372036854775808 to"
                + " 9223372036854775807\n");
        assertThat(refused("exec", "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":-9223372036854775809}}")
                .err()).isEqualTo("qga: guest-exec-status: pid: -9223372036854775809 is out of range: int takes"
                + " -9223372036854775808 to 9223372036854775807\n");
        assertThat(refused("exec", "guest-set-memory-blocks", "mem-blks=[{\"phys-index\":-1,\"online\":true}]").err())
                .isEqualTo("qga: guest-set-memory-blocks: mem-blks: item 0: phys-index: -1 is out of range: uint64 takes 0"
                        + " to 18446744073709551615\n");
        assertThat(agent.connections()).isZero();
    }

    @Test
    void whatOnlyGuestInfoCanDecideIsCheckedAfterAskingIt() {
        assertThat(refused("exec", "guest-get-osinfoo").err()).isEqualTo("qga: unknown command guest-get-osinfoo:"
                + " did you mean guest-get-osinfo? (qga commands lists them; --no-validate sends it anyway)\n");
        assertThat(refused("exec", "guest-exec", "path=/bin/true", "capture-output=merged").err()).isEqualTo(
                "qga: guest-exec: capture-output=merged needs qemu-ga 8.0.0 or later (this agent is 7.2.22)\n");
        assertThat(requestsReceived()).containsExactly("guest-sync-delimited", "guest-info",
                "guest-sync-delimited", "guest-info");
    }

    @Test
    void aCommandTheAgentLacksOrBlocksIsExplainedAfterItsRefusal() {
        assertThat(refusedByAgent("guest-get-load").err()).isEqualTo(
                "qga: guest-get-load: not provided by this agent (7.2.22); added in 10.0.0\n");
        assertThat(refusedByAgent("guest-set-time").err()).isEqualTo(
                "qga: guest-set-time is disabled on this agent (blocked with qemu-ga -b or its config)\n");
        assertThat(refusedByAgent("guest-get-devices").err()).isEqualTo("qga: guest-get-devices is disabled on this"
                + " agent (blocked with qemu-ga -b or its config, or not available on this guest's OS: it is for Windows"
                + " only)\n");
    }

    @Test
    void oneCommandTheAgentTakesCostsNoGuestInfo() {
        Qga.Result result = qga().run(agent.address(), "exec", "guest-get-osinfo");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(requestsReceived()).containsExactly("guest-sync-delimited", "guest-get-osinfo");
    }

    /** Sent (the agent refuses it and runs nothing), then explained from guest-info: exit 2, one line. */
    private Qga.Result refusedByAgent(String command) {
        int before = requestsReceived().size();
        Qga.Result result = qga().run(agent.address(), "exec", command);
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).hasLineCount(1);
        List<String> sent = requestsReceived();
        assertThat(sent.subList(before, sent.size())).containsExactly("guest-sync-delimited", command, "guest-info");
        return result;
    }

    private List<String> requestsReceived() {
        List<String> commands = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"execute\":\"([^\"]+)\"").matcher(agent.receivedText());
        while (matcher.find()) {
            commands.add(matcher.group(1));
        }
        return commands;
    }

    @Test
    void readOnlyRefusesEveryStateChangingCommand() {
        assertThat(refused("--read-only", "exec", "guest-exec", "path=/bin/true").err()).isEqualTo(
                "qga: guest-exec changes the guest; refused because of --read-only (QGA_READ_ONLY)\n");
        Qga.Result fromEnv = qga().env("QGA_READ_ONLY", "1").run(agent.address(), "exec", "guest-shutdown");
        assertThat(fromEnv.exit()).isEqualTo(2);
        assertThat(fromEnv.err()).contains("guest-shutdown changes the guest");
        assertThat(refused("--read-only", "exec", "guest-new-thing").err()).contains("cannot tell whether it changes the guest");
        Qga.Result reading = qga().run("--read-only", agent.address(), "exec", "guest-get-osinfo");
        assertThat(reading.exit()).as(reading.toString()).isZero();
        assertThat(agent.connections()).isEqualTo(1);
    }

    @Test
    void aCommandOnlyTheAgentKnowsStaysUsable() {
        Qga.Result result = qga().run(agent.address(), "exec", "guest-new-thing", "n=5", "s=abc");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(agent.receivedText()).contains("{\"execute\":\"guest-new-thing\",\"arguments\":{\"n\":5,\"s\":\"abc\"}");
    }

    @Test
    void noValidateSendsAsGiven() {
        Qga.Result result = qga().run(agent.address(), "exec", "--no-validate", "guest-frobnicate", "pid=abc");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(agent.receivedText()).contains("{\"execute\":\"guest-frobnicate\",\"arguments\":{\"pid\":\"abc\"}")
                .doesNotContain("guest-info");
    }

    @Test
    void pipeModeAnswersInvalidRequestsInPlace() {
        Qga.Result result = qga().stdin("guest-ping\nguest-exec-status pid=abc\nguest-get-load\nguest-ping\n")
                .run(agent.address());
        assertThat(result.out().lines().toList()).satisfiesExactly(
                l -> assertThat(l).startsWith("{\"return\":{\"ran\":"),
                l -> assertThat(l).contains("QgaInvalidRequest").contains("pid=abc: expected an integer"),
                l -> assertThat(l).contains("QgaInvalidRequest").contains("not provided by this agent"),
                l -> assertThat(l).startsWith("{\"return\":{\"ran\":"));
        assertThat(result.exit()).isEqualTo(2);
        assertThat(agent.receivedText()).doesNotContain("guest-get-load").doesNotContain("\"abc\"");
    }
}
