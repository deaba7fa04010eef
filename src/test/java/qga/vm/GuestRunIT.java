package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga;
import qga.support.Qga.Result;
import qga.support.Poll;

/** qga run on a real guest, its agent behind virtio-serial: what the host-side agent cannot show is the guest's own. */
@Tag("vm")
@Timeout(300)
class GuestRunIT {
    static final SharedGuest SHARED = new SharedGuest(TestGuest.named("run"));
    static TestGuest guest;
    @TempDir
    static Path runDir;
    @TempDir
    Path dir;

    @BeforeEach
    void bootOnce() throws Exception {
        guest = SHARED.get(runDir);
    }

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    private static Result run(Qga qga, String... args) {
        List<String> full = new java.util.ArrayList<>(List.of(guest.address(0), "run"));
        full.addAll(List.of(args));
        return qga.run(full.toArray(String[]::new));
    }

    private static Result run(String... args) {
        return run(qga(), args);
    }

    @Test
    void statusSignalAndTheTwoStreams() {
        Result exited = run("--", "sh", "-c", "echo out; echo err >&2; exit 3");
        Result signalled = run("--", "sh", "-c", "kill -TERM $$");

        assertThat(exited.exit()).as(exited.toString()).isEqualTo(3);
        assertThat(exited.out()).isEqualTo("out\n");
        assertThat(exited.err()).isEqualTo("err\n");
        assertThat(signalled.exit()).as(signalled.toString()).isEqualTo(143);
    }

    @Test
    void stdinReachesTheProgramByteForByte() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        Path input = Files.write(dir.resolve("input"), data);

        Result result = run("-i", input.toString(), "--", "sha256sum");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)) + "  -\n");
    }

    @Test
    void outputPastTheCaptureCapStreamsWholeAndIsReportedCutAtExit() {
        int size = (16 << 20) + 4096;
        String script = "head -c " + size + " /dev/zero | tr '\\0' x";

        Result streamed = run("--", "sh", "-c", script);
        Result atExit = run("--no-stream", "--", "sh", "-c", script);

        assertThat(streamed.out().length()).as(streamed.err()).isEqualTo(size);
        assertThat(streamed.err()).isEmpty();
        assertThat(atExit.out().length()).isEqualTo(16 << 20);
        assertThat(atExit.err()).startsWith("qga: the agent kept only the first 16 MiB of the program's stdout");
    }

    @Test
    void aTenSecondCommandShowsItsOutputBeforeItEnds() throws Exception {
        Qga.Running running = qga().start(guest.address(0), "run", "--", "sh", "-c", "echo start; sleep 10; echo end");

        assertThat(running.awaitOutLines(1)).isEqualTo("start\n");

        Result result = running.result();
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("start\nend\n");
    }

    @Test
    void theTimeLimitKillsTheProcessInTheGuest() {
        Result result = run("--timeout", "2", "--", "sh", "-c", "echo $$ > /tmp/limited; exec tail -f /dev/null");

        assertThat(result.exit()).as(result.toString()).isEqualTo(124);
        assertThat(result.err()).isEqualTo("qga: sh ran past --timeout 2 s and was killed in the guest\n");
        assertGone("/tmp/limited");
    }

    @Test
    void ctrlCKillsTheProcessInTheGuest() throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process qga = new ProcessBuilder(Path.of(System.getProperty("qga.home", ".")).resolve("bin/qga").toString(), guest.address(0), "run", "--",
                "sh", "-c", "echo $$ > /tmp/interrupted; echo started; exec tail -f /dev/null")
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Poll.until("the program to start", Duration.ofSeconds(120), () -> {
            assertThat(qga.isAlive()).as("qga still runs: " + Files.readString(err)).isTrue();
            return Files.readString(out).equals("started\n");
        });

        new ProcessBuilder("kill", "-INT", Long.toString(qga.pid())).inheritIO().start().waitFor();

        assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(qga.exitValue()).as(Files.readString(err)).isEqualTo(130);
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEqualTo("qga: interrupted: sh was killed in the guest\n");
        assertGone("/tmp/interrupted");
    }

    @Test
    void theOutputDirectoryIsRemovedFromTheGuestsTmp() {
        Result first = run("--", "sh", "-c", "echo hello");
        Result left = run("--no-stream", "--", "sh", "-c", "ls -d /tmp/qga-run-* 2>/dev/null | wc -l");

        assertThat(first.out()).isEqualTo("hello\n");
        assertThat(left.out().strip()).as(left.toString()).isEqualTo("0");
    }

    /** The process whose pid the guest file holds no longer exists in the guest. */
    private static void assertGone(String pidFile) {
        Result check = run("--", "sh", "-c", "kill -0 \"$(cat " + pidFile + ")\" 2>/dev/null && echo alive || echo gone");
        assertThat(check.out()).as(check.toString()).isEqualTo("gone\n");
    }
}
