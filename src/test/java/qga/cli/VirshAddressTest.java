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

/** virsh:DOMAIN against a stand-in virsh replaying what the real one printed. */
@Timeout(60)
class VirshAddressTest {
    @TempDir
    Path dir;
    FakeVirsh virsh;

    @BeforeEach
    void standIn() throws Exception {
        virsh = new FakeVirsh(dir.resolve("bin")).replay("guest-info", "guest-info");
    }

    private Qga.Result run(String... args) {
        return qga().env("PATH", virsh.path()).run(args);
    }

    @Test
    void aReplyComesBackAsOurs() throws Exception {
        virsh.replay("guest-get-osinfo", "osinfo");
        Qga.Result result = run("virsh:qgatest", "exec", "guest-get-osinfo");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("{\"return\":{\"name\":\"Debian GNU/Linux\"").endsWith("}}\n");
        List<String> last = virsh.calls().get(virsh.calls().size() - 1);
        assertThat(last).containsExactly("qemu-agent-command", "qgatest", "{\"execute\":\"guest-get-osinfo\"}", "--timeout", "5");
    }

    @Test
    void oneExecIsOneVirshProcess() throws Exception {
        virsh.replay("guest-get-osinfo", "osinfo");
        Qga.Result result = run("virsh:qgatest", "exec", "guest-get-osinfo");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(virsh.calls()).hasSize(1);
    }

    @Test
    void aCommandTheAgentDisabledIsExplainedFromGuestInfoAfterItsRefusal() throws Exception {
        virsh.answer("guest-get-devices", "", "error: internal error: unable to execute QEMU agent command"
                + " 'guest-get-devices': Command guest-get-devices has been disabled\n", 1).replay("guest-info", "guest-info");
        Qga.Result result = run("virsh:qgatest", "exec", "guest-get-devices");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: guest-get-devices is not available on this guest's OS: it is for Windows"
                + " only, and this guest runs Linux\n");
        assertThat(virsh.calls()).extracting(call -> call.get(2)).containsExactly(
                "{\"execute\":\"guest-get-devices\"}", "{\"execute\":\"guest-info\"}");
    }

    @Test
    void formatsApplyAndLargeIntegersSurvive() throws Exception {
        virsh.replay("guest-get-time", "time");
        Qga.Result result = run("virsh:qgatest", "exec", "--pretty", "guest-get-time");
        assertThat(result.out()).isEqualTo("{\n  \"return\": 1795647342712638000\n}\n");
    }

    @Test
    void theUsersIdComesBack() throws Exception {
        virsh.replay("guest-ping", "ping-with-id");
        Qga.Result result = run("virsh:qgatest", "exec", "{\"execute\":\"guest-ping\",\"id\":\"qga-1234-1\"}");
        assertThat(result.out()).isEqualTo("{\"return\":{},\"id\":\"qga-1234-1\"}\n");
    }

    @Test
    void anAgentErrorIsAnErrorReplyAndExit1() throws Exception {
        virsh.replay("guest-file-close", "file-close-error");
        Qga.Result result = run("virsh:qgatest", "exec", "guest-file-close", "handle=999999");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("{\"error\":{\"class\":\"GenericError\",\"desc\":\"handle '999999' has not been found\"}}\n");
        assertThat(result.err()).isEqualTo("qga: guest-file-close: GenericError: handle '999999' has not been found\n");
    }

    @Test
    void anAgentThatIsNotConnectedIsExit4WithTheReason() throws Exception {
        virsh.replay("guest-ping", "agent-not-connected");
        Qga.Result result = run("virsh:qgatest", "exec", "--no-validate", "guest-ping");
        assertThat(result.exit()).isEqualTo(4);
        assertThat(result.err()).isEqualTo("qga: no answer from the agent of qgatest through libvirt: QEMU guest agent is"
                + " not connected (no agent running in the guest, or it is still starting; a longer --timeout may help)\n");
    }

    @Test
    void aSlowCommandPastItsTimeoutIsExit4() throws Exception {
        virsh.replay("guest-set-user-password", "slow-timeout").replay("guest-info", "guest-info");
        Qga.Result result = run("virsh:qgatest", "exec", "--no-validate", "--timeout", "1", "guest-set-user-password",
                "username=slow", "password=NA==", "crypted=false");
        assertThat(result.exit()).isEqualTo(4);
        assertThat(result.err()).contains("Guest agent not available for now");
        assertThat(virsh.calls().get(0)).endsWith("--timeout", "1");
    }

    @Test
    void libvirtsTenMebibyteLimitSuggestsADirectChannel() throws Exception {
        virsh.replay("guest-file-read", "too-large");
        Qga.Result result = run("virsh:qgatest", "exec", "guest-file-read", "handle=1000", "count=9437184");
        assertThat(result.exit()).isEqualTo(5);
        assertThat(result.err()).contains("larger than libvirt's 10 MiB limit").contains("org.qemu.guest_agent.1");
    }

    @Test
    void aLongNonReplyIsQuotedByItsStartInWholeCharacters() throws Exception {
        String emoji = "\uD83D\uDE00";
        virsh.answer("guest-ping", "[\"" + emoji.repeat(200) + "\"]\n", "", 0);
        Qga.Result result = run("virsh:qgatest", "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(5);
        assertThat(result.err()).isEqualTo("qga: virsh printed something that is not a reply: [\"" + emoji.repeat(115) + "...\n");
    }

    @Test
    void shutdownThroughLibvirtIsAccepted() throws Exception {
        virsh.replay("guest-shutdown", "shutdown");
        Qga.Result result = run("virsh:qgatest", "exec", "guest-shutdown");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).contains("accepted: the agent sends no reply to guest-shutdown on success; channel closed");
        assertThat(virsh.calls()).singleElement().asList().endsWith("--timeout", "3");
    }

    @Test
    void aMissingDomainOrHypervisorIsExit3() throws Exception {
        virsh.replay("guest-ping", "no-domain");
        Qga.Result missing = run("virsh:nosuchdomain", "exec", "guest-ping");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).isEqualTo("qga: no libvirt domain named nosuchdomain (virsh list --all shows them)\n");
        virsh.replay("guest-ping", "bad-uri");
        Qga.Result remote = run("virsh:qgatest?uri=qemu+ssh://nohost.invalid/system", "exec", "guest-ping");
        assertThat(remote.exit()).isEqualTo(3);
        assertThat(remote.err()).contains("virsh cannot connect to libvirt").contains("Could not resolve hostname");
        assertThat(virsh.calls().get(virsh.calls().size() - 1)).startsWith("-c", "qemu+ssh://nohost.invalid/system", "qemu-agent-command", "qgatest");
        virsh.replay("guest-ping", "not-running");
        assertThat(run("virsh:qgatest", "exec", "guest-ping").err()).isEqualTo(
                "qga: libvirt domain qgatest is not running (virsh start qgatest)\n");
    }

    @Test
    void virshMissingIsNamed() {
        Qga.Result result = qga().env("PATH", "/nonexistent").run("virsh:qgatest", "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("qga: virsh is not installed (or not on PATH): apt-get install libvirt-clients\n");
    }

    @Test
    void aHungVirshIsStoppedAtTheDeadline() throws Exception {
        virsh.replay("guest-ping", "ping-with-id").delay("guest-ping", 60);
        Qga.Result result = run("virsh:qgatest", "exec", "--no-validate", "--timeout", "0.2", "guest-ping");
        assertThat(result.exit()).isEqualTo(4);
        assertThat(result.err()).contains("virsh qemu-agent-command did not finish within 5 s (stopped it)");
    }

    @Test
    void pipeModeGoesThroughVirshOneRequestAtATime() throws Exception {
        virsh.replay("guest-ping", "ping-with-id").replay("guest-file-close", "file-close-error");
        Qga.Result result = qga().env("PATH", virsh.path()).stdin("guest-ping\nguest-file-close handle=999999\nguest-ping\n")
                .run("virsh:qgatest");
        assertThat(result.out().lines().toList()).containsExactly("{\"return\":{},\"id\":\"qga-1234-1\"}",
                "{\"error\":{\"class\":\"GenericError\",\"desc\":\"handle '999999' has not been found\"}}",
                "{\"return\":{},\"id\":\"qga-1234-1\"}");
        assertThat(result.exit()).isEqualTo(1);
    }
}
