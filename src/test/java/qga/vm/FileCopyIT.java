package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga.Result;

/** qga cp on a real guest's agent (virtio-serial): 20 MiB both ways with --verify, and a real full disk. */
@Tag("vm")
@Timeout(600)
class FileCopyIT {
    static final SharedGuest SHARED = new SharedGuest(TestGuest.named("cp").dataDisk(32));
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

    private static Result cp(String... args) {
        String[] full = new String[args.length + 4];
        full[0] = guest.address(0);
        full[1] = "--timeout";
        full[2] = "60";
        full[3] = "cp";
        System.arraycopy(args, 0, full, 4, args.length);
        return qga().run(full);
    }

    /** What a shell command prints in the guest, through qga run (tested on its own in GuestRunIT). */
    private static String inGuest(String script) {
        return qga().run(guest.address(0), "--timeout", "60", "run", "--no-stream", "--", "/bin/sh", "-c", script).out();
    }

    private static void assertClosed(String verboseErr) {
        Matcher handle = Pattern.compile("for (?:reading|writing): handle (\\d+)").matcher(verboseErr);
        assertThat(handle.find()).as(verboseErr).isTrue();
        Result read = qga().run(guest.address(0), "exec", "guest-file-read", "handle=" + handle.group(1));
        assertThat(read.exit()).isEqualTo(1);
        assertThat(read.out()).contains("handle '" + handle.group(1) + "' has not been found");
    }

    @Test
    void twentyMebibytesGoInAndComeBackVerifiedByteForByte() throws Exception {
        byte[] data = new byte[20 << 20];
        new Random(20).nextBytes(data);
        Path local = Files.write(dir.resolve("random.bin"), data);

        long start = System.nanoTime();
        Result up = cp("-v", "--verify", local.toString(), "guest:/tmp/");
        long upMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(up.exit()).as(up.toString()).isZero();
        assertClosed(up.err());
        assertThat(inGuest("ls -a /tmp")).contains("random.bin\n").doesNotContain(".qga-");

        Path back = dir.resolve("back.bin");
        start = System.nanoTime();
        Result down = cp("-v", "--verify", "guest:/tmp/random.bin", back.toString());
        long downMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertClosed(down.err());
        guest.note("cp of 20 MiB with --verify: " + upMillis + " ms in, " + downMillis + " ms out");
    }

    /** The 32 MiB data disk cannot take 40 MiB: a real ENOSPC, and nothing left behind. */
    @Test
    void aFullDiskIsOneLineAndLeavesNothing() throws Exception {
        byte[] data = new byte[40 << 20];
        new Random(40).nextBytes(data);
        Path local = Files.write(dir.resolve("too-big.bin"), data);
        Result up = cp("-v", local.toString(), "guest:/data/too-big.bin");
        assertThat(up.exit()).as(up.toString()).isEqualTo(1);
        assertThat(up.err()).endsWith("qga: the guest's disk is full (writing guest:/data/too-big.bin);"
                + " guest:/data/too-big.bin is unchanged\n");
        assertClosed(up.err());
        assertThat(inGuest("ls -a /data")).doesNotContain("too-big.bin");
    }
}
