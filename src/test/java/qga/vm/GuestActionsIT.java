package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import qga.support.Qga.Result;
import qga.support.Poll;

/**
 * The commands that change the guest, on a real guest: freezes (and their thaws, however the
 * freeze ends), fstrim on the data disk, passwords, ssh keys and the shutdown modes. The guest
 * has a second agent port: while qga holds port 0 for a freeze, port 1's agent (a second
 * qemu-ga, whose own freeze state stays thawed) looks at /data from inside.
 */
@Tag("vm")
@Timeout(300)
class GuestActionsIT {
    static final SharedGuest SHARED = new SharedGuest(TestGuest.named("actions").dataDisk(32).secondPort());
    static final Path QGA = Path.of(System.getProperty("qga.home", ".")).resolve("bin/qga").toAbsolutePath();
    /** Frozen: freezing /data again fails with EBUSY. Thawed: the freeze works, and is undone at once. */
    static final String PROBE = "out=$(fsfreeze --freeze /data 2>&1) && { fsfreeze --unfreeze /data; echo thawed; exit; };"
            + " case $out in *busy*) echo frozen ;; *) echo \"$out\" ;; esac";
    static TestGuest guest;
    @TempDir
    static Path runDir;
    @TempDir
    Path dir;

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    private static TestGuest guest() throws Exception {
        guest = SHARED.get(runDir);
        return guest;
    }

    private static Result qgaOn(int port, String... args) throws Exception {
        List<String> full = new java.util.ArrayList<>(List.of(guest().address(port), "--timeout", "30"));
        full.addAll(List.of(args));
        return qga().run(full.toArray(String[]::new));
    }

    /** /data as port 1's agent sees it from inside the guest while port 0 may be held. */
    private static String dataSeenFromInside() throws Exception {
        Result probe = qgaOn(1, "run", "--", "sh", "-c", PROBE);
        assertThat(probe.exit()).as(probe.toString()).isZero();
        return probe.out();
    }

    /** Port 0's agent says thawed, and a write to /data goes through (it would block on a frozen file system). */
    private static void assertThawed() throws Exception {
        Result status = qgaOn(0, "fsfreeze", "status");
        assertThat(status.out()).as(status.toString()).isEqualTo("thawed\n");
        Result write = qgaOn(0, "run", "--", "sh", "-c", "echo written > /data/probe && cat /data/probe");
        assertThat(write.out()).as(write.toString()).isEqualTo("written\n");
    }

    @Test
    void aHostCommandRunsWhileFrozenAndTheThawFollowsItsExit() throws Exception {
        Result result = qgaOn(0, "fsfreeze", "freeze", "/data", "--thaw-after", "120", "--",
                QGA.toString(), guest().address(1), "run", "--", "sh", "-c", PROBE);

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("frozen\n");
        assertThat(result.err()).isEqualTo("qga: froze 1 file system; running " + QGA + " (thawing when it exits, or after 120 s)\n"
                + "qga: thawed 1 file system\n");
        assertThawed();
    }

    @Test
    void theThawComesAfterThawAfter() throws Exception {
        Result result = qgaOn(0, "fsfreeze", "freeze", "--thaw-after", "2");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).isEqualTo("qga: froze 1 file system; thawing after 2 s, or at once on Ctrl-C\n"
                + "qga: thawed 1 file system after --thaw-after 2 s\n");
        assertThawed();
    }

    @Test
    void aHostCommandStillRunningAtThawAfterIsStoppedAfterTheThaw() throws Exception {
        Result result = qgaOn(0, "fsfreeze", "freeze", "--thaw-after", "1", "--", "sleep", "600");

        assertThat(result.exit()).as(result.toString()).isEqualTo(124);
        assertThat(result.err()).isEqualTo("qga: froze 1 file system; running sleep (thawing when it exits, or after 1 s)\n"
                + "qga: sleep ran past --thaw-after 1 s: thawed 1 file system, then stopped it\n");
        assertThawed();
    }

    @ParameterizedTest(name = "SIG{0}")
    @CsvSource({"INT, 130", "TERM, 143", "HUP, 129"})
    void aSignalToQgaThawsAtOnce(String signal, int status) throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process qga = new ProcessBuilder(QGA.toString(), guest().address(0), "fsfreeze", "freeze", "--thaw-after", "600")
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            Poll.until("the freeze", Duration.ofSeconds(120), () -> {
                assertThat(qga.isAlive()).as("qga still runs: " + Files.readString(err)).isTrue();
                return Files.readString(err).contains("froze 1 file system");
            });
            assertThat(dataSeenFromInside()).isEqualTo("frozen\n");

            new ProcessBuilder("kill", "-" + signal, Long.toString(qga.pid())).inheritIO().start().waitFor();

            assertThat(qga.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(qga.exitValue()).as(Files.readString(err)).isEqualTo(status);
            assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEqualTo(
                    "qga: froze 1 file system; thawing after 600 s, or at once on Ctrl-C\nqga: interrupted: thawed 1 file system\n");
            assertThat(Files.readString(out)).isEmpty();
        } finally {
            qga.destroyForcibly();
            qga.waitFor(30, TimeUnit.SECONDS);
        }
        assertThawed();
    }

    @Test
    void fstrimTrimsTheDataDisk() throws Exception {
        Result table = qgaOn(0, "fstrim");
        Result json = qgaOn(0, "fstrim", "--minimum", "64K", "--json");

        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out()).matches("PATH +TRIMMED +MINIMUM +RESULT\n/data +[0-9.]+ (B|KiB|MiB) +0 B +trimmed\n");
        assertThat(json.exit()).as(json.toString()).isZero();
        JsonArray paths = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonArray("paths");
        assertThat(paths).hasSize(1);
        JsonObject data = paths.get(0).getAsJsonObject();
        assertThat(data.get("path").getAsString()).isEqualTo("/data");
        assertThat(data.get("minimum").getAsLong()).isEqualTo(65536);
        assertThat(data.has("trimmed")).as(data.toString()).isTrue();
        assertThat(data.has("error")).as(data.toString()).isFalse();
    }

    /** root's password field in the guest's /etc/shadow. */
    private static String shadowOfRoot() throws Exception {
        Result shadow = qgaOn(0, "run", "--", "sed", "-n", "s/^root:\\([^:]*\\):.*/\\1/p", "/etc/shadow");
        assertThat(shadow.exit()).as(shadow.toString()).isZero();
        return shadow.out().strip();
    }

    @Test
    void passwdSetsThePasswordInTheGuestAndShowsItNowhere() throws Exception {
        String password = "correct horse battery";
        Result set = qga().stdin(password + "\n").run(guest().address(0), "-v", "passwd", "--stdin", "root");

        assertThat(set.exit()).as(set.toString()).isZero();
        assertThat(set.out()).isEmpty();
        assertThat(set.err()).endsWith("qga: password of root set\n");
        String base64 = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        assertThat(set.out() + set.err()).doesNotContain("horse").doesNotContain(base64);
        String hash = shadowOfRoot();
        assertThat(hash).startsWith("$6$");
        String salt = hash.split("\\$")[2];
        Result check = qgaOn(0, "run", "--", "mkpasswd", "-m", "sha512", "-S", salt, password);
        assertThat(check.out().strip()).as("the hash is of the password given").isEqualTo(hash);
    }

    @Test
    void passwdCryptedSetsTheHashAsGiven() throws Exception {
        // mkpasswd -m sha512 -S abcdefgh 'pass word'
        String hash = "$6$abcdefgh$YN8B0zmx4g7gHNsAPRHBHL7/9D2xv7Ojh6WbPzJjQGPPjUs3FiTtHkWxn/GwRo78ZpAtbvjbXJsaUxh7djdaf0";
        Result set = qga().stdin(hash + "\n").run(guest().address(0), "passwd", "--stdin", "--crypted", "root");

        assertThat(set.exit()).as(set.toString()).isZero();
        assertThat(shadowOfRoot()).isEqualTo(hash);
    }

    /** An ed25519 public key line as ssh-keygen writes it, with made-up key bytes. */
    private static String key(int seed, String comment) {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32);
        blob.putInt(type.length).put(type).putInt(32);
        for (int i = 0; i < 32; i++) {
            blob.put((byte) (seed + i));
        }
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " " + comment;
    }

    @Test
    void sshKeysAddedListedAndRemovedInRootsAuthorizedKeys() throws Exception {
        assertThat(qgaOn(0, "run", "--", "rm", "-rf", "/root/.ssh").exit()).isZero();
        String first = key(1, "first@host");
        String second = key(2, "second@host");
        Path keys = Files.writeString(dir.resolve("keys.pub"), "# two keys\n" + first + "\n\n" + second + "\n");

        Result none = qgaOn(0, "ssh-keys", "list", "root");
        Result added = qgaOn(0, "ssh-keys", "add", "root", keys.toString());
        Result again = qgaOn(0, "ssh-keys", "add", "root", keys.toString());
        Result listed = qgaOn(0, "ssh-keys", "list", "root");
        Result modes = qgaOn(0, "run", "--", "sh", "-c", "ls -ld /root/.ssh /root/.ssh/authorized_keys | cut -c1-10");

        assertThat(none.exit()).as(none.toString()).isEqualTo(1);
        assertThat(none.err()).startsWith("qga: guest-ssh-get-authorized-keys: GenericError: failed to read"
                + " '/root/.ssh/authorized_keys'");
        assertThat(added.err()).as(added.toString()).isEqualTo("qga: added 2 keys to root's authorized_keys\n");
        assertThat(again.err()).as(again.toString()).isEqualTo("qga: added 0 keys to root's authorized_keys (2 already there)\n");
        // qemu-ga 7.2 lists the file's keys last line first
        assertThat(listed.out()).as(listed.toString()).isEqualTo(second + "\n" + first + "\n");
        assertThat(modes.out()).as(modes.toString()).isEqualTo("drwx------\n-rw-------\n");

        Result removed = qga().stdin(first + "\n" + key(3, "never@added") + "\n").run(guest().address(0), "ssh-keys", "remove",
                "root", "-");
        Result left = qgaOn(0, "ssh-keys", "list", "--json", "root");

        assertThat(removed.err()).as(removed.toString()).isEqualTo("qga: removed 1 key from root's authorized_keys (1 not there)\n");
        assertThat(left.out()).isEqualTo("{\"keys\":[\"" + second + "\"]}\n");

        Path third = Files.writeString(dir.resolve("third.pub"), key(3, "third@host") + "\n");
        Result reset = qgaOn(0, "ssh-keys", "add", "--reset", "root", third.toString());
        Result after = qgaOn(0, "ssh-keys", "list", "root");

        assertThat(reset.err()).as(reset.toString()).isEqualTo("qga: replaced root's keys with 1 key (1 dropped)\n");
        assertThat(after.out()).isEqualTo(key(3, "third@host") + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"shutdown, -P, true", "reboot, -r, true", "halt, -H, false"})
    void shutdownRebootAndHaltAreAcceptedAndReachTheGuest(String command, String flag, boolean qemuExits) throws Exception {
        try (TestGuest own = TestGuest.named(command).boot(dir)) {
            long mark = own.consoleMark();
            Result result = qga().run("--timeout", "30", own.address(0), command);

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).as(result.toString())
                    .startsWith("qga: accepted: the agent sends no reply to guest-shutdown on success; ");
            own.awaitConsole(mark, "qga-guest: shutdown -h " + flag + " +0", Duration.ofSeconds(60));
            if (qemuExits) {
                // QEMU runs with -no-reboot: a reboot ends it as a power-off does
                assertThat(own.awaitExit(Duration.ofSeconds(120))).as("QEMU exits\n" + own.diagnostics()).isTrue();
                assertThat(own.exitValue()).isZero();
            }
        }
    }
}
