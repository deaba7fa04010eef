package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonParser;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Poll;
import qga.support.Qga;
import qga.support.WithRealQemu;

/** qga exec on a real QEMU monitor (qemu-system-x86_64 -machine none): the dialect, negotiation, checks, replies. */
@Timeout(120)
class QmpTest extends WithRealQemu {
    private static final String RUNNING = "{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true}}\n";


    @Test
    void aGreetingAtAnAgentAddressSwitchesToQmpAndSaysSo() {
        Qga.Result result = qga().run("-v", qemu.address(), "exec", "query-status");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(RUNNING);
        assertThat(result.err()).contains("qga: the peer greeted as a QEMU monitor: speaking QMP to it\n")
                .contains("qga: QMP capabilities negotiated with QEMU 7.2.22 (oob enabled)\n");
    }

    @Test
    void qmpAddressesAndTheOptionSkipTheAgentSync() {
        for (String[] args : new String[][] {{"-v", "qmp:" + qemu.socket(), "exec", "query-status"},
                {"-v", "qmp:" + qemu.address(), "exec", "query-status"}, {"-v", "--qmp", qemu.address(), "exec", "query-status"}}) {
            Qga.Result result = qga().run(args);
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo(RUNNING);
            assertThat(result.err()).doesNotContain("guest-sync").doesNotContain("greeted")
                    .contains("qga: QMP capabilities negotiated with QEMU 7.2.22 (oob enabled)\n");
        }
    }

    @Test
    void theVersionOfAMonitorIsQemus() {
        Qga.Result result = qga().run("-V", qemu.address());
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).endsWith("\nmonitor: QEMU 7.2.22 at " + qemu.address() + "\n");
    }

    @Test
    void theUsersIdComesBackAndOnlyOurReplyIsShown() {
        Qga.Result result = qga().run(qemu.address(), "exec", "{\"execute\":\"query-status\",\"id\":[\"mine\",1]}");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true},"
                + "\"id\":[\"mine\",1]}\n");
    }

    @Test
    void commandsAndArgumentsAreCheckedAgainstTheLiveSchema() {
        assertRefused(qga().run(qemu.address(), "exec", "qury-status"), "qga: unknown command qury-status on this QEMU monitor"
                + " (7.2.22): did you mean query-status? (qga commands lists them; --no-validate sends it anyway)\n");
        assertRefused(qga().run(qemu.address(), "exec", "query-status", "x=1"),
                "qga: query-status takes no arguments, but x was given\n");
        assertRefused(qga().run(qemu.address(), "exec", "human-monitor-command"), "qga: human-monitor-command: missing"
                + " required argument command-line (usage: human-monitor-command command-line=STR [cpu-index=INT])\n");
        assertRefused(qga().run(qemu.address(), "exec", "human-monitor-command", "command-lines=info status"),
                "qga: human-monitor-command: unknown argument command-lines: did you mean command-line? (arguments: command-line, cpu-index)\n");
        assertRefused(qga().run(qemu.address(), "exec", "set_link", "name=x", "up=maybe"),
                "qga: set_link: up: expected true or false, got \"maybe\"\n");
        assertRefused(qga().run(qemu.address(), "exec", "guest-ping"), "qga: unknown command guest-ping on this QEMU monitor"
                + " (7.2.22) (qga commands lists them; --no-validate sends it anyway)\n");
    }

    @Test
    void helpAndCommandsComeFromTheMonitorsSchema() {
        Qga.Result help = qga().run(qemu.address(), "help", "human-monitor-command");
        assertThat(help.exit()).as(help.toString()).isZero();
        assertThat(help.out()).isEqualTo("""
                human-monitor-command - a command of this QEMU monitor (QEMU 7.2.22)

                Usage: human-monitor-command command-line=STR [cpu-index=INT]

                Arguments:
                  command-line: str, required
                  cpu-index: int, optional

                May change the VM. Descriptions: QEMU's QMP reference (docs/interop/qemu-qmp-ref).
                """);
        Qga.Result unknown = qga().run("qmp:" + qemu.socket(), "help", "qury-status");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("qga: no help for qury-status on this QEMU monitor (7.2.22): did you mean"
                + " query-status? (qga ADDRESS commands lists them)\n");
        Qga.Result commands = qga().run(qemu.address(), "commands");
        assertThat(commands.exit()).as(commands.toString()).isZero();
        assertThat(commands.out().lines()).hasSize(217).contains("COMMAND                           USAGE",
                "set_link                          set_link name=STR up=true|false", "stop                              stop");
        assertThat(commands.out().lines().filter(line -> line.startsWith("blockdev-add ")).findFirst().orElseThrow())
                .as("a union of arguments: more than its schema lists").endsWith(" ...");
        Qga.Result json = qga().run(qemu.address(), "commands", "--json");
        assertThat(json.out()).startsWith("[{").contains("{\"name\":\"stop\",\"usage\":\"stop\"}").endsWith("}]\n");
    }

    @Test
    void theSchemaIsKeptPerQemuBuildInTheUsersCache() throws Exception {
        Path cache = dir.resolve("cache");
        Path kept = cache.resolve("qga/qmp-schema-7.2.22-Debian_1_7.2+dfsg-7+deb12u18+b3-x86_64.json");
        Qga.Result first = qga().env("XDG_CACHE_HOME", cache.toString()).run("-v", qemu.address(), "exec", "set_link",
                "name=x", "up=maybe");
        assertThat(first.exit()).as(first.toString()).isEqualTo(2);
        assertThat(first.err()).contains("qga: QMP schema of 7.2.22-Debian 1:7.2+dfsg-7+deb12u18+b3-x86_64 kept in " + kept + "\n");
        assertThat(Files.readString(kept)).startsWith("[{\"name\":");
        Qga.Result second = qga().env("XDG_CACHE_HOME", cache.toString()).run("-v", qemu.address(), "exec", "set_link",
                "name=x", "up=maybe");
        assertThat(second.exit()).as(second.toString()).isEqualTo(2);
        assertThat(second.err()).contains("qga: QMP schema of 7.2.22-Debian 1:7.2+dfsg-7+deb12u18+b3-x86_64 read from " + kept + "\n")
                .doesNotContain("kept in").endsWith("qga: set_link: up: expected true or false, got \"maybe\"\n");
        Files.writeString(kept, "[{\"name\":");
        Qga.Result damaged = qga().env("XDG_CACHE_HOME", cache.toString()).run("-v", qemu.address(), "exec", "query-status");
        assertThat(damaged.exit()).as(damaged.toString()).isZero();
        assertThat(damaged.err()).contains("qga: ignoring the cached QMP schema " + kept).contains("kept in " + kept);
        assertThat(Files.readString(kept)).startsWith("[{\"name\":").endsWith("]");
    }

    @Test
    void readOnlyLetsOnlyQueriesThrough() {
        assertThat(qga().run("--read-only", qemu.address(), "exec", "query-status").out()).isEqualTo(RUNNING);
        assertRefused(qga().run("--read-only", qemu.address(), "exec", "stop"), "qga: stop may change the VM: on a QEMU"
                + " monitor only query-* commands are read-only; refused because of --read-only (QGA_READ_ONLY)\n");
    }

    @Test
    void theMonitorsOwnRefusalIsAnErrorReplyWithExitOne() {
        Qga.Result unknown = qga().run("--no-validate", qemu.address(), "exec", "no-such-command");
        assertThat(unknown.exit()).as(unknown.toString()).isEqualTo(1);
        assertThat(unknown.out()).isEqualTo("{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"The command no-such-command"
                + " has not been found\"}}\n");
        assertThat(unknown.err()).isEqualTo("qga: no-such-command: CommandNotFound: The command no-such-command has not been found\n");
        Qga.Result malformed = qga().run("--no-validate", qemu.address(), "exec", "{\"execute\":1}");
        assertThat(malformed.exit()).as(malformed.toString()).isEqualTo(1);
        assertThat(malformed.out()).isEqualTo("{\"error\":{\"class\":\"GenericError\",\"desc\":\"QMP input member 'execute'"
                + " must be a string\"}}\n");
    }

    @Test
    void quitIsAnsweredAndQemuEnds() throws Exception {
        Qga.Result result = qga().run(qemu.address(), "exec", "quit");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
        Poll.until("QEMU to exit after quit", Duration.ofSeconds(30), () -> !qemu.isAlive());
    }

    @Test
    void pipeModeGivesOneLinePerRequestWhileEventsGoToTheirOwnFile() throws Exception {
        StringBuilder input = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            switch (i % 5) {
                case 0 -> input.append("stop\n");
                case 2 -> input.append("cont\n");
                case 4 -> input.append("human-monitor-command command-line=\"info name\"\n");
                default -> input.append("{\"execute\":\"query-status\",\"id\":").append(i).append("}\n");
            }
            expected.add(switch (i % 5) {
                case 0, 2 -> "{\"return\":{}}";
                case 1 -> "{\"return\":{\"status\":\"paused\",\"singlestep\":false,\"running\":false},\"id\":" + i + "}";
                case 3 -> "{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true},\"id\":" + i + "}";
                default -> "{\"return\":\"\"}";
            });
        }
        Path events = dir.resolve("events.jsonl");
        Qga.Result result = qga().stdin(input.toString()).run(qemu.address(), "--events-to", events.toString());
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out().lines().toList()).isEqualTo(expected);
        List<String> names = Files.readAllLines(events).stream()
                .map(line -> JsonParser.parseString(line).getAsJsonObject().get("event").getAsString()).toList();
        assertThat(names).hasSize(400).containsOnly("STOP", "RESUME");
        for (int i = 0; i < names.size(); i++) {
            assertThat(names.get(i)).as("event " + i).isEqualTo(i % 2 == 0 ? "STOP" : "RESUME");
        }
    }

    @Test
    void aRequestQemuDoesNotAnswerInTimeFailsAloneAndItsLateReplyIsNotTakenForTheNext() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        Qga.Running pipe = qga().stdin(new PipedInputStream(feed)).start("--timeout", "1", qemu.address());
        feed.write("query-status\n".getBytes(StandardCharsets.UTF_8));
        feed.flush();
        pipe.awaitOutLines(1);
        qemu.pause();
        try {
            feed.write("query-name\n".getBytes(StandardCharsets.UTF_8));
            feed.flush();
            pipe.awaitOutLines(2);
        } finally {
            qemu.resume();
        }
        feed.write("{\"execute\":\"query-status\",\"id\":3}\n".getBytes(StandardCharsets.UTF_8));
        feed.close();
        Qga.Result result = pipe.result();
        assertThat(result.exit()).as(result.toString()).isEqualTo(4);
        assertThat(result.out().lines().toList()).containsExactly(RUNNING.strip(),
                "{\"error\":{\"class\":\"QgaNoAnswer\",\"desc\":\"no reply to query-name within 1 s from the QEMU monitor"
                        + " (QEMU busy, or its process stopped); try a longer --timeout\"}}",
                RUNNING.strip().replace("}}", "},\"id\":3}"));
    }

    @Test
    void withoutAFileEventsAreDroppedAndVerboseSaysSo() {
        Qga.Result result = qga().stdin("stop\ncont\n").run("-v", qemu.address());
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{}}\n{\"return\":{}}\n");
        assertThat(result.err()).contains("qga: event STOP dropped (--events-to FILE keeps them)\n")
                .contains("qga: event RESUME dropped (--events-to FILE keeps them)\n");
    }

    private static void assertRefused(Qga.Result result, String message) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(message);
    }
}
