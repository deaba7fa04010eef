package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Poll;
import qga.support.Qga;

/**
 * The guest's second agent (org.qemu.guest_agent.1) behind the host-side chardevs that are not a
 * socket file: a socket in the abstract namespace (abstract=on) and a pty (-chardev pty), found
 * from QEMU's own output.
 */
@Tag("vm")
@Timeout(400)
class OtherChardevsIT {
    @TempDir
    Path dir;

    /** Waits until the second agent answers through qga, which the boot does not wait for. */
    private static void awaitAnswer(String address) throws Exception {
        Poll.until("the agent at " + address + " to answer", TestGuest.BOOT_LIMIT,
                () -> qga().run("--timeout", "5", address, "exec", "guest-ping").exit() == 0);
    }

    @Test
    void anAgentInTheAbstractNamespace() throws Exception {
        try (TestGuest guest = TestGuest.named("abstract").secondPortOn(TestGuest.Chardev.ABSTRACT).boot(dir)) {
            String address = guest.address(1);
            assertThat(address).startsWith("unix:@qga-vm-");
            awaitAnswer(address);
            Qga.Result osinfo = qga().run(address, "exec", "guest-get-osinfo");
            assertThat(osinfo.exit()).as(osinfo.toString()).isZero();
            assertThat(osinfo.out()).contains("\"kernel-release\":");
            Qga.Result piped = qga().stdin("guest-ping\nguest-get-host-name\n").run(address);
            assertThat(piped.exit()).as(piped.toString()).isZero();
            assertThat(piped.out().lines().toList()).hasSize(2).first().isEqualTo("{\"return\":{}}");
        }
    }

    @Test
    void anAgentBehindAPtyWithStaleBytesInIt() throws Exception {
        try (TestGuest guest = TestGuest.named("pty").secondPortOn(TestGuest.Chardev.PTY).boot(dir)) {
            Path pty = guest.pty(1);
            String address = guest.address(1);
            assertThat(address).isEqualTo("serial:" + pty);
            awaitAnswer(address);
            // what a client that went away mid-request leaves in a pty: the agent's parser holds half a request
            try (OutputStream stale = new FileOutputStream(pty.toFile())) {
                stale.write("{\"execute\":\"guest-get-time\",\"argum".getBytes(StandardCharsets.US_ASCII));
            }
            Qga.Result osinfo = qga().run("-v", address, "exec", "guest-get-osinfo");
            assertThat(osinfo.exit()).as(osinfo.toString()).isZero();
            assertThat(osinfo.out()).contains("\"kernel-release\":");
            // the agent's complaint names the half request our 0xFF cut: the stale bytes were there, and skipped
            assertThat(osinfo.err()).contains("qga: skipped while syncing: {\"error\":{\"class\":\"GenericError\","
                    + "\"desc\":\"JSON parse error, stray '\\\"argum");
            Qga.Result piped = qga().stdin("guest-ping\nguest-get-host-name\n").run(address);
            assertThat(piped.exit()).as(piped.toString()).isZero();
            assertThat(piped.out().lines().toList()).hasSize(2).first().isEqualTo("{\"return\":{}}");
            Qga.Result run = qga().run(address, "run", "--", "echo", "hello from the guest");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).isEqualTo("hello from the guest\n");
        }
    }
}
