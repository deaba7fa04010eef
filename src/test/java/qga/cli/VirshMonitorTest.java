package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeVirsh;
import qga.support.Qga;

/** qmp:virsh:DOMAIN, a libvirt domain's QEMU monitor, against a stand-in virsh replaying the real one's output. */
@Timeout(60)
class VirshMonitorTest {
    private static final String RUNNING = "{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true}}\n";

    @TempDir
    Path dir;
    FakeVirsh virsh;

    @BeforeEach
    void standIn() throws Exception {
        virsh = new FakeVirsh(dir.resolve("bin")).replay("query-status", "monitor-status")
                .replay("query-version", "monitor-version").replay("query-commands", "monitor-commands")
                .replay("query-target", "monitor-target").replay("query-qmp-schema", "monitor-schema");
    }

    private Qga.Result run(String... args) {
        return qga().env("PATH", virsh.path()).run(args);
    }

    private List<String> executes() throws Exception {
        return virsh.calls().stream().map(call -> call.get(call.indexOf("qemu-monitor-command") + 2)).toList();
    }

    @Test
    void execAsksTheSchemaThenRunsTheCommandOneVirshRunEach() throws Exception {
        Qga.Result result = run("qmp:virsh:qga-test", "exec", "query-status");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).as("libvirt's own id is not shown").isEqualTo(RUNNING);
        assertThat(virsh.calls()).containsExactly(
                List.of("qemu-monitor-command", "qga-test", "{\"execute\":\"query-version\"}"),
                List.of("qemu-monitor-command", "qga-test", "{\"execute\":\"query-commands\"}"),
                List.of("qemu-monitor-command", "qga-test", "{\"execute\":\"query-target\"}"),
                List.of("qemu-monitor-command", "qga-test", "{\"execute\":\"query-qmp-schema\"}"),
                List.of("qemu-monitor-command", "qga-test", "{\"execute\":\"query-status\"}"));
    }

    @Test
    void withoutValidationOneExecIsOneVirshRunAndAUriIsPassedOn() throws Exception {
        Qga.Result result = run("--no-validate", "qmp:libvirt:qga-test?uri=qemu+ssh://hv1/system", "exec", "query-status");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(RUNNING);
        assertThat(virsh.calls()).containsExactly(List.of("-c", "qemu+ssh://hv1/system", "qemu-monitor-command", "qga-test",
                "{\"execute\":\"query-status\"}"));
    }

    @Test
    void theOptionQmpTakesAVirshAddressToTheMonitor() throws Exception {
        Qga.Result result = run("--qmp", "--no-validate", "virsh:qga-test", "exec", "query-status");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(RUNNING);
        assertThat(virsh.calls().get(0)).startsWith("qemu-monitor-command");
    }

    @Test
    void theUsersIdIsKeptFromLibvirtWhichRefusesItAndComesBack() throws Exception {
        Qga.Result result = run("--no-validate", "qmp:virsh:qga-test", "exec", "{\"execute\":\"query-status\",\"id\":[\"mine\",1]}");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true},"
                + "\"id\":[\"mine\",1]}\n");
        assertThat(executes()).containsExactly("{\"execute\":\"query-status\"}");
    }

    @Test
    void qemusErrorReplyIsExit1() throws Exception {
        virsh.replay("query-status", "monitor-badarg");
        Qga.Result result = run("--no-validate", "qmp:virsh:qga-test", "exec", "query-status", "bogus=1");
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("{\"error\":{\"class\":\"GenericError\",\"desc\":\"Parameter 'bogus' is unexpected\"}}\n");
        assertThat(result.err()).isEqualTo("qga: query-status: GenericError: Parameter 'bogus' is unexpected\n");
    }

    @Test
    void anUnknownCommandIsRefusedFromTheSchemaWithExit2() throws Exception {
        Qga.Result result = run("qmp:virsh:qga-test", "exec", "qury-status");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: unknown command qury-status on this QEMU monitor (7.2.22): did you mean"
                + " query-status? (qga commands lists them; --no-validate sends it anyway)\n");
        assertThat(executes()).doesNotContain("{\"execute\":\"qury-status\"}");
        Qga.Result argument = run("qmp:virsh:qga-test", "exec", "query-status", "x=1");
        assertThat(argument.exit()).as(argument.toString()).isEqualTo(2);
        assertThat(argument.err()).isEqualTo("qga: query-status takes no arguments, but x was given\n");
    }

    @Test
    void theVersionIsQemusFromQueryVersion() throws Exception {
        Qga.Result result = run("-V", "qmp:virsh:qga-test");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).endsWith("\nmonitor: QEMU 7.2.22 at qmp:virsh:qga-test\n");
    }

    @Test
    void pipeModeIsOneLinePerRequestOneVirshRunEach() throws Exception {
        virsh.replay("no-such-command", "monitor-unknown").replay("stop", "monitor-stop");
        Qga.Result result = qga().env("PATH", virsh.path()).stdin("query-status\n{\"execute\":\"no-such-command\"}\nstop\n")
                .run("--no-validate", "qmp:virsh:qga-test");
        assertThat(result.out().lines().toList()).containsExactly(RUNNING.strip(),
                "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":\"The command no-such-command has not been found\"}}",
                "{\"return\":{}}");
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(executes()).containsExactly("{\"execute\":\"query-status\"}", "{\"execute\":\"no-such-command\"}",
                "{\"execute\":\"stop\"}");
    }

    @Test
    void theHumanMonitorGoesThroughHumanMonitorCommand() throws Exception {
        virsh.replay("human-monitor-command", "monitor-hmp");
        Qga.Result result = run("qmp:virsh:qga-test", "hmp", "info status");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("VM status: running\n");
        assertThat(executes()).endsWith(
                "{\"execute\":\"human-monitor-command\",\"arguments\":{\"command-line\":\"info status\"}}");
    }

    @Test
    void eventsAreRefusedSinceLibvirtKeepsThem() throws Exception {
        Qga.Result result = run("qmp:virsh:qga-test", "events");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: qmp:virsh:qga-test is a monitor libvirt holds, and libvirt keeps its events:"
                + " watch them with virsh qemu-monitor-event, or give the monitor's own socket (qmp:PATH)\n");
        assertThat(virsh.calls()).isEmpty();
    }

    @Test
    void aDomainThatIsNotRunningIsExit3() throws Exception {
        virsh.replay("query-status", "monitor-not-running");
        Qga.Result result = run("--no-validate", "qmp:virsh:qga-test", "exec", "query-status");
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("qga: libvirt domain qga-test is not running (virsh start qga-test)\n");
    }

    @Test
    void aMonitorThatDoesNotAnswerInTimeIsExit4AndVirshIsStopped() throws Exception {
        virsh.delay("query-status", 8);
        Qga.Result result = run("--no-validate", "--timeout", "1", "qmp:virsh:qga-test", "exec", "query-status");
        assertThat(result.exit()).as(result.toString()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("qga: no reply to query-status from the QEMU monitor of qga-test through libvirt"
                + " within 1 s (stopped virsh): QEMU may be busy, or libvirt not answering\n");
    }
}
