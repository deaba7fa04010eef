package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.WithRealAgent;

/**
 * fsfreeze, fstrim, passwd, ssh-keys and shutdown/reboot/halt against the real qemu-ga on this
 * host, which has every one of them blocked: argument handling, and the refusals (the gate's, the
 * agent's own with --no-validate, --read-only's, local:'s) with their exact messages (a frozen
 * agent's are FrozenAgentTest's). What they do to a guest is GuestActionsIT's, on a VM.
 */
@Timeout(120)
class GuestActionsTest extends WithRealAgent {
    private static final String PASSWORD = "s3cret horse";

    private Qga.Result run(String... args) {
        return run(qga(), args);
    }

    private Qga.Result run(Qga qga, String... args) {
        List<String> full = new java.util.ArrayList<>(List.of(agent.address()));
        full.addAll(List.of(args));
        return qga.run(full.toArray(String[]::new));
    }

    private static void assertRefused(Qga.Result result, int exit, String message) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(exit);
        assertThat(result.out()).as(result.toString()).isEmpty();
        assertThat(result.err()).as(result.toString()).isEqualTo(message);
    }

    /** An ed25519 public key line as ssh-keygen writes it, with made-up key bytes. */
    static String key(int seed, String comment) {
        byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer blob = ByteBuffer.allocate(4 + type.length + 4 + 32);
        blob.putInt(type.length).put(type).putInt(32);
        for (int i = 0; i < 32; i++) {
            blob.put((byte) (seed + i));
        }
        return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.array()) + " " + comment;
    }

    @Test
    void statusPrintsTheAgentsFreezeState() {
        Qga.Result plain = run("fsfreeze", "status");
        Qga.Result json = run("fsfreeze", "status", "--json");

        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(plain.out()).isEqualTo("thawed\n");
        assertThat(json.out()).isEqualTo("{\"status\":\"thawed\"}\n");
    }

    @Test
    void everyActionIsRefusedWhenTheAgentHasItDisabled() throws Exception {
        Path keys = Files.writeString(dir.resolve("key.pub"), key(1, "a@b") + "\n");
        String[][] cases = {
            {"fsfreeze freeze", "guest-fsfreeze-freeze"},
            {"fsfreeze freeze /data", "guest-fsfreeze-freeze-list"},
            {"fsfreeze thaw", "guest-fsfreeze-thaw"},
            {"fstrim --minimum 64K", "guest-fstrim"},
            {"passwd --stdin root", "guest-set-user-password", ", or not available on this guest's OS: it is for Linux,"
                    + " Windows and FreeBSD only"},
            {"ssh-keys add root " + keys, "guest-ssh-add-authorized-keys"},
            {"ssh-keys remove root " + keys, "guest-ssh-remove-authorized-keys"},
            {"shutdown", "guest-shutdown"},
            {"reboot", "guest-shutdown"},
            {"halt", "guest-shutdown"},
        };
        for (String[] c : cases) {
            Qga.Result result = run(qga().stdin(PASSWORD + "\n"), c[0].split(" "));
            assertRefused(result, 2, "qga: " + c[1] + " is disabled on this agent (blocked with qemu-ga -b or its config"
                    + (c.length > 2 ? c[2] : "") + ")\n");
        }
    }

    @Test
    void withoutValidationTheAgentsOwnRefusalComesBackAsExit1() throws Exception {
        Path keys = Files.writeString(dir.resolve("key.pub"), key(1, "a@b") + "\n");
        String[][] cases = {
            {"fsfreeze freeze", "guest-fsfreeze-freeze"},
            {"fsfreeze thaw", "guest-fsfreeze-thaw"},
            {"fstrim", "guest-fstrim"},
            {"passwd --stdin root", "guest-set-user-password"},
            {"ssh-keys add root " + keys, "guest-ssh-add-authorized-keys"},
            {"shutdown", "guest-shutdown"},
        };
        for (String[] c : cases) {
            Qga.Result result = run(qga().stdin(PASSWORD + "\n"), ("--no-validate " + c[0]).split(" "));
            assertRefused(result, 1, "qga: " + c[1] + ": CommandNotFound: Command " + c[1] + " has been disabled\n");
        }
    }

    @Test
    void readOnlyRefusesEachBeforeAnythingIsAsked() throws Exception {
        Path keys = Files.writeString(dir.resolve("key.pub"), key(1, "a@b") + "\n");
        String[][] cases = {
            {"fsfreeze freeze", "guest-fsfreeze-freeze"},
            {"fsfreeze thaw", "guest-fsfreeze-thaw"},
            {"fstrim", "guest-fstrim"},
            {"passwd --stdin root", "guest-set-user-password"},
            {"ssh-keys add root " + keys, "guest-ssh-add-authorized-keys"},
            {"ssh-keys remove root " + keys, "guest-ssh-remove-authorized-keys"},
            {"halt", "guest-shutdown"},
        };
        for (String[] c : cases) {
            Qga.Result result = run(qga().stdin(PASSWORD + "\n"), ("--read-only " + c[0]).split(" "));
            assertRefused(result, 2, "qga: " + c[1] + " changes the guest; refused because of --read-only (QGA_READ_ONLY)\n");
        }
        Qga.Result status = run("--read-only", "fsfreeze", "status");
        assertThat(status.out()).as(status.toString()).isEqualTo("thawed\n");
    }

    @Test
    void localIsNeverAskedToChangeThisHost() {
        String[][] cases = {
            {"fsfreeze freeze", "guest-fsfreeze-freeze"},
            {"fstrim", "guest-fstrim"},
            {"passwd --stdin root", "guest-set-user-password"},
            {"reboot", "guest-shutdown"},
        };
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("local:"));
            args.addAll(List.of(c[0].split(" ")));
            Qga.Result result = qga().stdin(PASSWORD + "\n").run(args.toArray(String[]::new));
            assertRefused(result, 2, "qga: " + c[1] + " would act on this host, which local: never does (it answers"
                    + " about this machine): send it to a guest's agent\n");
        }
    }

    @Test
    void thePasswordIsNeverShownNorLoggedEvenWithVerbose() {
        Qga.Result result = run(qga().stdin(PASSWORD + "\n"), "-v", "--no-validate", "passwd", "--stdin", "root");

        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("qga: in sync (id ")
                .endsWith("qga: guest-set-user-password: CommandNotFound: Command guest-set-user-password has been disabled\n");
        String base64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
        assertThat(result.out() + result.err()).doesNotContain("s3cret").doesNotContain(base64);
    }

    @Test
    void passwdTakesNoPasswordFromAPipeUnlessToldAndNoEmptyOne() {
        Qga.Result noTerminal = run(qga().stdin(PASSWORD + "\n"), "passwd", "root");
        Qga.Result empty = run(qga().stdin("\n"), "--no-validate", "passwd", "--stdin", "root");
        Qga.Result nothing = run(qga().stdin(""), "--no-validate", "passwd", "--stdin", "root");
        Qga.Result badUser = run(qga().stdin(PASSWORD + "\n"), "passwd", "--stdin", "ro:ot");

        assertRefused(noTerminal, 2, "qga: passwd reads the password from a terminal, and stdin is not one: give --stdin"
                + " to read it as one line of stdin\n");
        assertRefused(empty, 2, "qga: the password is empty; nothing was changed\n");
        assertRefused(nothing, 2, "qga: the password is empty; nothing was changed\n");
        assertRefused(badUser, 2, "qga: passwd: 'ro:ot' is not a user name\n");
    }

    @Test
    void keyFilesAreCheckedLineByLineBeforeAnythingIsSent() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pub"), "# fine\n" + key(1, "a@b") + "\nnot a key at all\n");
        Path secret = Files.writeString(dir.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n");
        Path comments = Files.writeString(dir.resolve("empty.pub"), "# nothing here\n\n");
        Path wrongType = Files.writeString(dir.resolve("wrong.pub"), key(1, "a@b").replace("ssh-ed25519 ", "ssh-rsa ") + "\n");
        String nowhere = "unix:" + dir.resolve("no-agent-here");

        assertRefused(qga().run(nowhere, "ssh-keys", "add", "root", garbage.toString()), 2, "qga: " + garbage
                + " line 3: not an ssh public key (expected TYPE BASE64 [COMMENT], such as ssh-ed25519 AAAAC3Nza... user@host)\n");
        assertRefused(qga().run(nowhere, "ssh-keys", "add", "root", secret.toString()), 2, "qga: " + secret
                + " line 1: this is a private key, which must never leave its machine: give the public one (the .pub file)\n");
        assertRefused(qga().run(nowhere, "ssh-keys", "remove", "root", comments.toString()), 2, "qga: " + comments
                + " holds no ssh public key (a line such as ssh-ed25519 AAAA... user@host)\n");
        assertRefused(qga().run(nowhere, "ssh-keys", "add", "root", wrongType.toString()), 2, "qga: " + wrongType
                + " line 1: not an ssh public key (expected TYPE BASE64 [COMMENT], such as ssh-ed25519 AAAAC3Nza... user@host)\n");
        assertRefused(qga().stdin("junk\n").run(nowhere, "ssh-keys", "add", "root", "-"), 2, "qga: stdin line 1: not an ssh"
                + " public key (expected TYPE BASE64 [COMMENT], such as ssh-ed25519 AAAAC3Nza... user@host)\n");
        assertRefused(qga().run(nowhere, "ssh-keys", "add", "root", dir.resolve("absent.pub").toString()), 2,
                "qga: " + dir.resolve("absent.pub") + ": no such file\n");
    }

    @Test
    void keysWithOptionsBeforeThemPassTheCheck() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.pub"), "from=\"10.0.0.1\",no-pty " + key(1, "a@b") + "\n" + key(2, "") + "\n");

        Qga.Result result = run("ssh-keys", "add", "root", keys.toString());

        assertRefused(result, 2, "qga: guest-ssh-add-authorized-keys is disabled on this agent (blocked with qemu-ga -b or its"
                + " config)\n");
    }

    @Test
    void listingKeysOfAnAccountTheAgentCannotFindIsItsError() {
        Qga.Result result = run("ssh-keys", "list", "qga-test-no-such-user");

        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).startsWith("qga: guest-ssh-get-authorized-keys: GenericError: failed to lookup user"
                + " 'qga-test-no-such-user'");
    }

    @Test
    void badArgumentsAreRefusedBeforeConnecting() {
        String nowhere = "unix:" + dir.resolve("no-agent-here");
        String[][] cases = {
            {"fsfreeze bogus", "fsfreeze bogus: give freeze, thaw or status (qga help fsfreeze)"},
            {"fsfreeze thaw /data", "fsfreeze thaw takes no mount points: the agent thaws every file system it froze"},
            {"fsfreeze status --thaw-after 5", "--thaw-after is for fsfreeze freeze"},
            {"fsfreeze freeze --json", "--json is for fsfreeze status and thaw"},
            {"fsfreeze freeze --thaw-after 0", "--thaw-after 0 is not a number of seconds from 0.001 to 600 (e.g. --thaw-after 30)"},
            {"fsfreeze freeze --thaw-after soon", "--thaw-after soon is not a number of seconds from 0.001 to 600 (e.g. --thaw-after 30)"},
            {"fsfreeze freeze --thaw-after 601", "--thaw-after 601 is longer than the 600 s qga holds a freeze: the guest's"
                    + " writers wait all that time (thaw, and freeze again if need be)"},
            {"fsfreeze freeze /data --", "nothing after --: give the command to run on this host while frozen, or leave out the --"},
            {"fsfreeze freeze -- qga-no-such-command", "fsfreeze freeze -- qga-no-such-command: not found on this host's PATH"
                    + " (nothing was frozen)"},
            {"fstrim --minimum 1T", "--minimum 1T is not a number of bytes (e.g. 65536, 64K or 1M)"},
            {"ssh-keys show root", "ssh-keys show: give list, add or remove (qga help ssh-keys)"},
            {"ssh-keys add root", "ssh-keys add needs the keys: give KEYFILE... (- for stdin), e.g. qga ADDRESS ssh-keys add"
                    + " root ~/.ssh/id_ed25519.pub"},
            {"ssh-keys list root extra.pub", "ssh-keys list takes no KEYFILE: it prints the user's keys"},
            {"ssh-keys remove --reset root k.pub", "--reset is for ssh-keys add"},
            {"ssh-keys add root - -", "- (stdin) given twice: stdin can be read once"},
        };
        for (String[] c : cases) {
            List<String> args = new java.util.ArrayList<>(List.of(nowhere));
            args.addAll(List.of(c[0].split(" ")));
            assertRefused(qga().run(args.toArray(String[]::new)), 2, "qga: " + c[1] + "\n");
        }
    }
}
