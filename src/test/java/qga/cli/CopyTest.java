package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.guest.FileCopy;
import qga.support.Qga.Result;
import qga.support.RawClient;
import qga.support.RealAgent;
import qga.support.WithRealAgent;

/** qga cp against the real qemu-ga, every path in the test's temp directory. */
@Timeout(120)
class CopyTest extends WithRealAgent {
    private static final Pattern HANDLE = Pattern.compile("for (?:reading|writing): handle (\\d+)");

    private byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private Result cp(String... args) {
        List<String> full = new ArrayList<>(List.of(agent.address(), "cp"));
        full.addAll(List.of(args));
        return qga().run(full.toArray(String[]::new));
    }

    /** The files in dir whose name says they are a copy's temporary file. */
    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".qga-")).toList();
        }
    }

    /** guest-file-read on a handle qga used: the agent no longer knows it. */
    private void assertClosed(String verboseErr) throws IOException {
        Matcher handle = HANDLE.matcher(verboseErr);
        assertThat(handle.find()).as("qga -v names the handle:%n%s", verboseErr).isTrue();
        try (RawClient raw = RawClient.connect(agent.socket())) {
            raw.sync();
            JsonObject reply = raw.call("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle.group(1) + "}}");
            assertThat(reply.getAsJsonObject("error").get("desc").getAsString())
                    .isEqualTo("handle '" + handle.group(1) + "' has not been found");
        }
    }

    @Test
    void aRandomFileGoesInAndComesBackByteForByteWithItsHandlesClosed() throws Exception {
        // three chunks and one byte: the last chunk is short
        byte[] data = random(3 * FileCopy.DEFAULT_CHUNK + 1);
        Path local = Files.write(dir.resolve("local.bin"), data);
        Path guest = dir.resolve("guest.bin");

        Result up = cp("-v", local.toString(), "guest:" + guest);
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(up.out()).isEmpty();
        assertThat(Files.readAllBytes(guest)).isEqualTo(data);
        assertClosed(up.err());

        Path back = dir.resolve("back.bin");
        Result down = cp("-v", "guest:" + guest, back.toString());
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(down.out()).isEmpty();
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
        assertClosed(down.err());
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void onAPipeNothingButErrorsIsWritten() throws Exception {
        Path local = Files.write(dir.resolve("local.bin"), random(1000));
        Result up = cp(local.toString(), ":" + dir.resolve("guest.bin"));
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(up.out()).isEmpty();
        assertThat(up.err()).isEmpty();
    }

    @Test
    void aSizeThatIsAWholeNumberOfChunksEndsOnAnEmptyRead() throws Exception {
        byte[] data = random(2 * FileCopy.DEFAULT_CHUNK);
        Path guest = Files.write(dir.resolve("guest.bin"), data);
        Path back = dir.resolve("back.bin");
        Result down = cp("guest:" + guest, back.toString());
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(Files.readAllBytes(back)).isEqualTo(data);
    }

    @Test
    void anEmptyFileCopiesBothWays() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        Result up = cp(empty.toString(), "guest:" + dir.resolve("guest-empty"));
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(dir.resolve("guest-empty")).isEmptyFile();
        Result down = cp("guest:" + dir.resolve("guest-empty"), dir.resolve("back-empty").toString());
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(dir.resolve("back-empty")).isEmptyFile();
    }

    @Test
    void dashIsStdinAndStdout() throws Exception {
        byte[] data = random(FileCopy.DEFAULT_CHUNK + 17);
        Path guest = dir.resolve("from-stdin.bin");
        Result up = qga().stdin(new ByteArrayInputStream(data)).run(agent.address(), "cp", "-", "guest:" + guest);
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(Files.readAllBytes(guest)).isEqualTo(data);

        Result down = cp("guest:" + guest, "-");
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.err()).isEmpty();
        assertThat(down.outBytes()).isEqualTo(data);
    }

    @Test
    void anUploadWritesATemporaryNameBesideTheTargetAndRenamesIt() throws Exception {
        Path local = Files.write(dir.resolve("local.bin"), random(5000));
        Path guest = dir.resolve("target.bin");
        Result up = cp("-v", local.toString(), "guest:" + guest);
        assertThat(up.exit()).as(up.toString()).isZero();
        Matcher opened = Pattern.compile("opened guest:(\\S+) for writing").matcher(up.err());
        assertThat(opened.find()).as(up.err()).isTrue();
        Path temporary = Path.of(opened.group(1));
        assertThat(temporary.getParent()).isEqualTo(dir);
        assertThat(temporary.getFileName().toString()).matches("\\.target\\.bin\\.qga-[0-9a-f]{8}");
        assertThat(temporary).doesNotExist();
        assertThat(Files.readAllBytes(guest)).isEqualTo(Files.readAllBytes(local));
    }

    @Test
    void aNewFileGetsTheUmasksModeAndAReplacedOneKeepsItsOwn() throws Exception {
        Path local = Files.write(dir.resolve("local.bin"), random(100));
        Set<PosixFilePermission> umasked = Files.getPosixFilePermissions(Files.createFile(dir.resolve("made-here")));
        Result fresh = cp(local.toString(), "guest:" + dir.resolve("fresh"));
        assertThat(fresh.exit()).as(fresh.toString()).isZero();
        // the agent itself creates files 0666, whatever the umask
        assertThat(Files.getPosixFilePermissions(dir.resolve("fresh"))).isEqualTo(umasked);

        Path kept = Files.write(dir.resolve("kept"), new byte[] {1});
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-------"));
        Result replaced = cp(local.toString(), "guest:" + kept);
        assertThat(replaced.exit()).as(replaced.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(kept)).isEqualTo(Files.readAllBytes(local));

        Path download = Files.write(dir.resolve("download"), new byte[] {2});
        Files.setPosixFilePermissions(download, PosixFilePermissions.fromString("rw-r-----"));
        Result down = cp("guest:" + local, download.toString());
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(download))).isEqualTo("rw-r-----");
    }

    @Test
    void aDirectoryAsTargetGetsTheSourcesName() throws Exception {
        Path local = Files.write(dir.resolve("named.bin"), random(300));
        Path guestDir = Files.createDirectory(dir.resolve("guest-dir"));
        Result up = cp(local.toString(), "guest:" + guestDir);
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(Files.readAllBytes(guestDir.resolve("named.bin"))).isEqualTo(Files.readAllBytes(local));

        Path localDir = Files.createDirectory(dir.resolve("local-dir"));
        Result down = cp("guest:" + guestDir.resolve("named.bin"), localDir.toString());
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(Files.readAllBytes(localDir.resolve("named.bin"))).isEqualTo(Files.readAllBytes(local));

        Result stdin = qga().stdin("data").run(agent.address(), "cp", "-", "guest:" + guestDir);
        assertThat(stdin.exit()).isEqualTo(2);
        assertThat(stdin.err()).isEqualTo("qga: guest:" + guestDir + " is a directory: name the file, guest:" + guestDir
                + "/NAME\n");
    }

    @Test
    void verifyPassesBothWays() throws Exception {
        byte[] data = random(100_000);
        Path local = Files.write(dir.resolve("local.bin"), data);
        Result up = cp("--verify", local.toString(), "guest:" + dir.resolve("guest.bin"));
        assertThat(up.exit()).as(up.toString()).isZero();
        assertThat(up.err()).isEmpty();
        Result down = cp("--verify", "guest:" + dir.resolve("guest.bin"), dir.resolve("back.bin").toString());
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("back.bin"))).isEqualTo(data);
    }

    /**
     * A guest whose sha256sum disagrees: the real agent, given a sha256sum of its own on PATH. The
     * copy must not land, either way, and the exit status says why.
     */
    @Test
    void aMismatchLeavesTheTargetsAsTheyWereAndExitsSix() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path liar = Files.writeString(bin.resolve("sha256sum"), "#!/bin/sh\ncat >/dev/null; echo " + "0".repeat(64) + "  -\n");
        Files.setPosixFilePermissions(liar, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RealAgent lying = RealAgent.start(dir.resolve("lying"), List.of(),
                Map.of("PATH", bin + ":" + System.getenv("PATH")))) {
            byte[] data = random(70_000);
            Path local = Files.write(dir.resolve("local.bin"), data);
            String sum = sha256(data);
            Path guest = Files.writeString(dir.resolve("guest.bin"), "old");
            Result up = qga().run(lying.address(), "cp", "--verify", local.toString(), "guest:" + guest);
            assertThat(up.exit()).as(up.toString()).isEqualTo(6);
            assertThat(up.err()).isEqualTo("qga: verification failed: the copy's SHA-256 is " + "0".repeat(64)
                    + " in the guest and " + sum + " here; guest:" + guest + " is unchanged\n");
            assertThat(Files.readString(guest)).isEqualTo("old");

            Path back = dir.resolve("back.bin");
            Result down = qga().run(lying.address(), "cp", "--verify", "guest:" + local, back.toString());
            assertThat(down.exit()).as(down.toString()).isEqualTo(6);
            assertThat(down.err()).isEqualTo("qga: verification failed: the copy's SHA-256 is " + "0".repeat(64)
                    + " in the guest and " + sum + " here\n");
            assertThat(back).doesNotExist();
            assertThat(temporaries()).isEmpty();
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void aMissingGuestFileOrDirectoryIsOneLine() throws Exception {
        Path missing = dir.resolve("missing");
        Result down = cp("guest:" + missing, dir.resolve("x").toString());
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).isEqualTo("qga: no such file in the guest: guest:" + missing + "\n");
        assertThat(dir.resolve("x")).doesNotExist();

        Path local = Files.write(dir.resolve("local.bin"), random(10));
        Result up = cp(local.toString(), "guest:" + dir.resolve("no-dir/file"));
        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err()).isEqualTo("qga: no such directory in the guest for guest:" + dir.resolve("no-dir/file") + "\n");
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void aGuestDirectoryAsSourceIsOneLineAndItsHandleIsClosed() throws Exception {
        Path guestDir = Files.createDirectory(dir.resolve("guest-dir"));
        Result down = cp("-v", "guest:" + guestDir, dir.resolve("x").toString());
        assertThat(down.exit()).isEqualTo(1);
        assertThat(down.err()).endsWith("qga: guest:" + guestDir + " is a directory: give a file\n");
        assertClosed(down.err());
        assertThat(temporaries()).isEmpty();
    }

    /**
     * An agent with guest-exec disabled: written in place, and said so. /dev/full behind a link in
     * the temporary directory is a disk that is always full, and writing to it changes nothing.
     */
    @Test
    void withoutGuestExecTheFileIsWrittenInPlaceAndAFullDiskIsOneLine() throws Exception {
        try (RealAgent noExec = RealAgent.start(dir.resolve("no-exec"), List.of("guest-exec"), Map.of())) {
            Path local = Files.write(dir.resolve("local.bin"), random(FileCopy.DEFAULT_CHUNK));
            Path guest = dir.resolve("in-place.bin");
            Result up = qga().run(noExec.address(), "cp", local.toString(), "guest:" + guest);
            assertThat(up.exit()).as(up.toString()).isZero();
            assertThat(up.err()).isEqualTo("qga: guest-exec is disabled in this agent: writing guest:" + guest
                    + " in place; a failed copy leaves it partial\n");
            assertThat(Files.readAllBytes(guest)).isEqualTo(Files.readAllBytes(local));

            Path full = Files.createSymbolicLink(dir.resolve("full"), Path.of("/dev/full"));
            Result onFull = qga().run(noExec.address(), "cp", local.toString(), "guest:" + full);
            assertThat(onFull.exit()).as(onFull.toString()).isEqualTo(1);
            assertThat(onFull.err()).isEqualTo("qga: guest-exec is disabled in this agent: writing guest:" + full
                    + " in place; a failed copy leaves it partial\n"
                    + "qga: the guest's disk is full (writing guest:" + full + "); guest:" + full + " is left partial\n");

            Result verify = qga().run(noExec.address(), "cp", "--verify", local.toString(), "guest:" + guest);
            assertThat(verify.exit()).isEqualTo(2);
            assertThat(verify.err()).isEqualTo("qga: --verify needs guest-exec, which this agent has disabled: copy without it\n");
            Files.delete(full);
        }
    }

    @Test
    void badArgumentsAreUsageErrorsBeforeAnythingIsSent() throws Exception {
        Path local = Files.write(dir.resolve("local.bin"), random(10));
        Result neither = cp(local.toString(), dir.resolve("other").toString());
        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).isEqualTo("qga: neither SRC nor DST is in the guest: cp copies between this host and the"
                + " guest; write the guest's side as guest:PATH (qga ADDRESS cp FILE guest:/tmp/FILE)\n");
        Result both = cp("guest:/a", ":/b");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).startsWith("qga: both SRC and DST are in the guest: cp copies between");
        Result missing = cp(dir.resolve("nope").toString(), "guest:/tmp/x");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("qga: no such file: " + dir.resolve("nope") + "\n");
        Result directory = cp(dir.toString(), "guest:/tmp/x");
        assertThat(directory.exit()).isEqualTo(2);
        assertThat(directory.err()).isEqualTo("qga: " + dir + " is a directory: cp copies one file\n");
        Result noPath = cp(local.toString(), "guest:");
        assertThat(noPath.exit()).isEqualTo(2);
        assertThat(noPath.err()).isEqualTo("qga: guest: needs a path after it, e.g. guest:/tmp/FILE\n");
        Result noParent = cp("guest:/etc/hostname", dir.resolve("no/such/dir/file").toString());
        assertThat(noParent.exit()).isEqualTo(2);
        assertThat(noParent.err()).isEqualTo("qga: no such directory: " + dir.resolve("no/such/dir") + "\n");
    }

    @Test
    void onATerminalAProgressBarShowsBytesRateAndTimeLeft() throws Exception {
        Path local = Files.write(dir.resolve("local.bin"), random(3 << 20));
        Result up = qga().errToTerminal().env("COLUMNS", "100").run(agent.address(), "cp", local.toString(),
                "guest:" + dir.resolve("g.bin"));
        assertThat(up.exit()).as(up.toString()).isZero();
        String last = up.err().substring(up.err().lastIndexOf('\r') + 1);
        assertThat(last).hasSize(100).startsWith("local.bin 100% [").contains("] 3/3 MiB (").contains(" / 0:00:00) ").endsWith("MiB/s\n");
    }

    @Test
    void noBarWhenTheDataGoesToTheSameTerminal() throws Exception {
        Path guest = Files.write(dir.resolve("g.bin"), random(1000));
        Result down = qga().errToTerminal().toTerminal().run(agent.address(), "cp", "guest:" + guest, "-");
        assertThat(down.exit()).as(down.toString()).isZero();
        assertThat(down.err()).isEmpty();
    }
}
