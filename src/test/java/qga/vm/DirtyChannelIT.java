package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga.Result;
import qga.support.RawClient;

/**
 * What earlier clients leave on a real channel (QEMU's chardev socket, virtio-serial, the real
 * qemu-ga), and what a following qga, and a following socat, make of it. One VM for the class;
 * before each test a bare sync drains whatever the previous one left.
 */
@Tag("vm")
@Timeout(300)
class DirtyChannelIT {
    static final String PING = "{\"execute\":\"guest-ping\"}";
    static final String OSINFO = "{\"execute\":\"guest-get-osinfo\"}";
    /** 3 s in the guest's chpasswd (the password is base64 of "3"), then {"return": {}}. */
    static final String SLOW = "{\"execute\":\"guest-set-user-password\",\"arguments\":"
            + "{\"username\":\"slow\",\"password\":\"Mw==\",\"crypted\":false}}";
    static final int BIG_FILE_BYTES = 6 << 20;

    static final String CLEAN = "clean: nothing left behind";
    static final String SLOW_LEFT = "a client sent a slow request (guest-set-user-password, 3 s) and died";
    static final String HALF_LEFT = "a client died halfway through writing `{\"execute\":\"guest-pi`";
    static final String TAIL_LEFT = "a client read 64 KiB of a 6 MiB guest-file-read reply and died";
    static final String HELD = "another client is connected and idle (as libvirtd always is)";

    static final SharedGuest SHARED = new SharedGuest(TestGuest.named("dirty-channel").secondPort());
    static TestGuest guest;
    @TempDir
    static Path runDir;
    static boolean bigFileMade;

    @BeforeEach
    void bootOnceThenDrainWhatTheLastTestLeft() throws Exception {
        guest = SHARED.get(runDir);
        guest.awaitAgent(0, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    // --- the dirt: each leaves something on the channel, then its client dies

    /** Sends the slow request and disconnects once the guest is running it. */
    private static void slowRequestFromADeadClient() throws Exception {
        long mark = guest.consoleMark();
        try (RawClient dying = RawClient.connect(guest.socket(0))) {
            dying.send(SLOW + "\n");
            guest.awaitConsole(mark, "qga-guest: chpasswd user=slow", Duration.ofSeconds(30));
        }
    }

    /** A request cut off mid-string; QEMU passes on what it read before the disconnect, in order. */
    private static void halfWrittenRequestFromADeadClient() throws IOException {
        try (RawClient dying = RawClient.connect(guest.socket(0))) {
            dying.send("{\"execute\":\"guest-pi");
        }
    }

    /** Asks for 6 MiB, reads the first 64 KiB of the reply, disconnects; returns the open handle. */
    private static int partlyReadLargeReplyFromADeadClient() throws IOException, InterruptedException {
        makeBigFile();
        try (RawClient dying = RawClient.connect(guest.socket(0))) {
            dying.setTimeout(60_000);
            dying.sync();
            int handle = dying.call("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/tmp/big\"}}")
                    .get("return").getAsInt();
            dying.send("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":"
                    + BIG_FILE_BYTES + "}}\n");
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (head.size() < 65536) {
                byte[] some = dying.readSome(65536 - head.size());
                assertThat(some).as("the reply keeps coming").isNotEmpty();
                head.writeBytes(some);
            }
            assertThat(head.toString(StandardCharsets.UTF_8)).startsWith("{\"return\": {");
            return handle;
        }
    }

    private static void makeBigFile() throws IOException, InterruptedException {
        if (bigFileMade) {
            return;
        }
        int pid = guest.call(0, "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/dd\",\"arg\":"
                + "[\"if=/dev/urandom\",\"of=/tmp/big\",\"bs=1M\",\"count=6\"]}}").getAsJsonObject("return")
                .get("pid").getAsInt();
        for (int i = 0; ; i++) {
            JsonObject status = guest.call(0, "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}")
                    .getAsJsonObject("return");
            if (status.get("exited").getAsBoolean()) {
                assertThat(status.get("exitcode").getAsInt()).as("dd in the guest").isZero();
                break;
            }
            assertThat(i).as("dd in the guest still running").isLessThan(600);
            Thread.sleep(100);
        }
        bigFileMade = true;
    }

    private static void closeFile(int handle) throws IOException {
        guest.call(0, "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}");
    }

    /** qga in-process, as a user would type it, and that command line with the socket shown as $SOCK. */
    private record Ran(Result result, String typed) {
    }

    private static Ran qgaOn(int port, String... args) {
        String[] full = new String[args.length + 1];
        full[0] = guest.address(port);
        System.arraycopy(args, 0, full, 1, args.length);
        return new Ran(qga().run(full), "qga unix:$SOCK " + String.join(" ", args));
    }

    private static String outcome(Result result) {
        String shown = result.out().isEmpty() ? "prints nothing" : "`" + result.out().strip() + "`";
        return shown + ", exit " + result.exit();
    }

    // --- a clean channel: the baseline

    @Test
    void onACleanChannelSocatNeedsShutNoneToSeeAReply() throws Exception {
        Socat.require();
        Socat.Run plain = Socat.run(Socat.PLAIN, PING, guest.socket(0));
        SocatComparison.socat(0, CLEAN, plain);
        assertThat(plain.out()).as("QEMU drops the client at socat's half-close: " + plain.describe()).isEmpty();

        guest.awaitAgent(0, Duration.ofSeconds(60));
        Socat.Run kept = Socat.run(Socat.SHUT_NONE, PING, guest.socket(0));
        SocatComparison.socat(1, CLEAN, kept);
        assertThat(kept.lines()).as(kept.describe()).containsExactly("{\"return\": {}}");

        Ran ran = qgaOn(0, "exec", "guest-ping");
        Result result = ran.result();
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
        SocatComparison.qga(0, CLEAN, ran.typed(), outcome(result));
        SocatComparison.qga(1, CLEAN, ran.typed(), outcome(result));
    }

    // --- scenario 2: a slow request whose client died

    @Test
    void qgaTakesThePingsOwnReplyNotTheDeadClientsSlowOne() throws Exception {
        slowRequestFromADeadClient();
        Ran ran = qgaOn(0, "-v", "--timeout", "30", "exec", "guest-ping");
        Result result = ran.result();

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
        assertThat(result.err()).as("the slow request's reply was seen and dropped")
                .contains("skipped while syncing: {\"return\":{}}");
        SocatComparison.qga(2, SLOW_LEFT, ran.typed(), outcome(result)
                + " (`-v` shows it skipped the dead client's `{\"return\":{}}` while syncing)");
    }

    @Test
    void socatPrintsTheDeadClientsReplyFirst() throws Exception {
        Socat.require();
        slowRequestFromADeadClient();
        Socat.Run run = Socat.run(Socat.SHUT_NONE, PING, guest.socket(0));
        SocatComparison.socat(2, SLOW_LEFT, run);
        // two replies to one request: the agent answers in order, so the first is the dead client's
        assertThat(run.lines()).as(run.describe()).containsExactly("{\"return\": {}}", "{\"return\": {}}");
    }

    // --- scenario 3: a half-written request

    @Test
    void qgaGetsItsReplyAfterAHalfWrittenRequest() throws Exception {
        halfWrittenRequestFromADeadClient();
        Ran ran = qgaOn(0, "-v", "--timeout", "30", "exec", "guest-get-osinfo");
        Result result = ran.result();

        assertThat(result.exit()).as(result.toString()).isZero();
        JsonObject osinfo = JsonParser.parseString(result.out()).getAsJsonObject().getAsJsonObject("return");
        assertThat(osinfo.get("kernel-release").getAsString()).isEqualTo(guest.image().kernelRelease());
        assertThat(result.err()).as("qga's 0xFF ended the half-written request inside the agent")
                .contains("guest-pi");
        SocatComparison.qga(3, HALF_LEFT, ran.typed(), "`{\"return\":{\"name\":\"Debian GNU/Linux\","
                + "\"kernel-release\":\"" + osinfo.get("kernel-release").getAsString() + "\",…}}`, exit "
                + result.exit());
    }

    @Test
    void socatGetsParseErrorsInsteadOfItsReply() throws Exception {
        Socat.require();
        halfWrittenRequestFromADeadClient();
        Socat.Run run = Socat.run(Socat.SHUT_NONE, OSINFO, guest.socket(0));
        SocatComparison.socat(3, HALF_LEFT, run);
        // the agent's parser glues socat's request onto the dead client's string
        assertThat(run.lines()).as(run.describe()).isNotEmpty()
                .allMatch(line -> line.startsWith("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error"));
        assertThat(run.stdout()).doesNotContain("kernel-release");
    }

    // --- scenario 4: the unread tail of a large reply

    @Test
    void qgaSkipsTheTailOfSomeoneElsesLargeReply() throws Exception {
        int handle = partlyReadLargeReplyFromADeadClient();
        try {
            Ran ran = qgaOn(0, "-v", "--timeout", "30", "exec", "guest-ping");
        Result result = ran.result();

            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
            assertThat(result.err()).as("the tail, mid-base64, was seen and dropped")
                    .contains("where a reply should start");
            SocatComparison.qga(4, TAIL_LEFT, ran.typed(), outcome(result)
                    + " (`-v` shows it skipped the tail, which starts mid-base64)");
        } finally {
            closeFile(handle);
        }
    }

    @Test
    void socatPrintsMegabytesOfSomeoneElsesReply() throws Exception {
        Socat.require();
        int handle = partlyReadLargeReplyFromADeadClient();
        try {
            Socat.Run run = Socat.run(Socat.SHUT_NONE, PING, guest.socket(0));
            SocatComparison.socat(4, TAIL_LEFT, run);
            assertThat(run.out().length).as(run.describe()).isGreaterThan(1 << 20);
            assertThat(run.out()[0]).as("starts mid-reply, not at a '{'").isNotEqualTo((byte) '{');
            assertThat(run.lines().get(run.lines().size() - 1)).as(run.describe()).isEqualTo("{\"return\": {}}");
        } finally {
            guest.awaitAgent(0, Duration.ofSeconds(60));
            closeFile(handle);
        }
    }

    // --- scenario 5: another client holds the channel

    @Test
    void qgaSaysAnotherClientMayHoldTheChannelAndWorksOnceItLeaves() throws Exception {
        Ran heldRun;
        Result held;
        try (RawClient holder = RawClient.connect(guest.socket(0))) {
            heldRun = qgaOn(0, "--timeout", "2", "exec", "guest-ping");
            held = heldRun.result();
            assertThat(held.exit()).as(held.toString()).isEqualTo(4);
            assertThat(held.out()).isEmpty();
            assertThat(held.err()).as(held.toString()).startsWith("qga: no answer from the agent within 2 s: ")
                    .contains("another client");

            // the way out libvirt users have: a second channel with its own agent
            Result second = qgaOn(1, "--timeout", "30", "exec", "guest-ping").result();
            assertThat(second.exit()).as(second.toString()).isZero();
            assertThat(second.out()).isEqualTo("{\"return\":{}}\n");
        }
        Result after = qgaOn(0, "--timeout", "30", "exec", "guest-ping").result();
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.out()).isEqualTo("{\"return\":{}}\n");
        SocatComparison.qga(5, HELD, heldRun.typed(), "exit " + held.exit() + ", `"
                + held.err().strip().replace(guest.socket(0).toString(), "$SOCK") + "`; once the other client leaves, "
                + outcome(after));
    }

    @Test
    void socatSaysNothingWhileAnotherClientHoldsTheChannel() throws Exception {
        Socat.require();
        Socat.Run run;
        try (RawClient holder = RawClient.connect(guest.socket(0))) {
            run = Socat.run(Socat.SHUT_NONE, PING, guest.socket(0));
        }
        SocatComparison.socat(5, HELD, run);
        assertThat(run.out()).as(run.describe()).isEmpty();
        assertThat(run.exit()).as("no error either: " + run.describe()).isZero();
    }
}
