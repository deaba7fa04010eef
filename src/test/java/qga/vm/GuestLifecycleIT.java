package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga.Result;
import qga.support.Poll;

/** The scenarios that need a VM of their own: a guest still booting, and a guest shutting down. */
@Tag("vm")
@Timeout(300)
class GuestLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void qgaWaitsForABootingGuestGivenTimeAndSaysSoWhenNot() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (TestGuest guest = TestGuest.named("booting").paused().boot(dir)) {
            // The CPU has not run yet: QEMU takes the connection, nothing answers.
            Result impatient = qga().run("--timeout", "0.5", guest.address(0), "exec", "guest-ping");
            assertThat(impatient.exit()).as(impatient.toString()).isEqualTo(4);
            assertThat(impatient.out()).isEmpty();
            assertThat(impatient.err()).as(impatient.toString())
                    .startsWith("qga: no answer from the agent within 0.5 s: no agent may be running in the guest");

            awaitClients(guest.socket(0), 0);
            CompletableFuture<Result> patient = CompletableFuture.supplyAsync(
                    () -> qga().run("--timeout", "120", guest.address(0), "exec", "guest-get-osinfo"), background);
            awaitClients(guest.socket(0), 1);
            assertThat(patient).as("qga, connected, waits while the guest cannot answer").isNotDone();
            guest.resume();

            Result result = patient.get(150, TimeUnit.SECONDS);
            guest.note("qga started before the boot got its answer " + guest.secondsSinceStart() + " s after QEMU started");
            assertThat(result.exit()).as(result + guest.diagnostics()).isZero();
            JsonObject osinfo = JsonParser.parseString(result.out()).getAsJsonObject().getAsJsonObject("return");
            assertThat(osinfo.get("kernel-release").getAsString()).isEqualTo(guest.image().kernelRelease());
            assertThat(result.err()).isEmpty();
            assertThat(guest.console()).contains("qga-guest: starting qemu-ga on org.qemu.guest_agent.0");
        } finally {
            background.shutdownNow();
            assertThat(background.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Waits until QEMU's end of the socket has this many connected clients (accepted sockets share its path). */
    private static void awaitClients(Path socket, int count) throws Exception {
        String path = socket.toAbsolutePath().toString();
        Poll.until(count + " connected clients of " + path, Duration.ofSeconds(60),
                () -> Files.readAllLines(Path.of("/proc/net/unix")).stream()
                        .map(line -> line.trim().split("\\s+"))
                        .filter(fields -> fields.length == 8 && fields[7].equals(path) && fields[5].equals("03"))
                        .count() == count);
    }

    @Test
    void guestShutdownIsAcceptedAndQemuExits() throws Exception {
        try (TestGuest guest = TestGuest.named("shutdown").boot(dir)) {
            Result result = qga().run("--timeout", "30", guest.address(0), "exec", "guest-shutdown");

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEmpty();
            // whether QEMU closes the channel within the grace period is the guest's timing, not ours to assert
            assertThat(result.err()).as(result.toString())
                    .startsWith("qga: accepted: the agent sends no reply to guest-shutdown on success; ");
            assertThat(guest.awaitExit(Duration.ofSeconds(120))).as("QEMU exits\n" + guest.diagnostics()).isTrue();
            assertThat(guest.exitValue()).isZero();
            guest.note("guest-shutdown: " + result.err().strip() + "; QEMU exited " + guest.secondsSinceStart()
                    + " s after it started");
            assertThat(guest.console()).contains("qga-guest: shutdown -h -P +0");
        }
    }
}
