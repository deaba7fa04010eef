package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.RawClient;
import qga.support.WithRealAgent;

/**
 * qga run against the real qemu-ga on this host: guest-exec runs here, as the test's user, and
 * every program run, file and directory is confined to the test's temp directory.
 */
@Timeout(120)
class RunCommandTest extends WithRealAgent {
    private Path tmp;

    @BeforeEach
    void tmpdir() throws Exception {
        tmp = Files.createDirectory(dir.resolve("guest-tmp"));
    }

    private Qga.Result run(String... args) {
        return run(qga(), args);
    }

    private Qga.Result run(Qga qga, String... args) {
        List<String> full = new java.util.ArrayList<>(List.of(agent.address(), "run", "--tmpdir", tmp.toString()));
        full.addAll(List.of(args));
        return qga.run(full.toArray(String[]::new));
    }

    @Test
    void stdoutAndStderrStaySeparateAndTheExitStatusIsQgas() {
        Qga.Result result = run("--", "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("out\n");
        assertThat(result.err()).isEqualTo("err\n");
    }

    @Test
    void theSameWhenOutputComesAtTheExit() {
        Qga.Result result = run("--no-stream", "--", "sh", "-c", "echo out; echo err >&2; exit 3");

        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("out\n");
        assertThat(result.err()).isEqualTo("err\n");
    }

    @Test
    void aSignalIs128PlusItsNumber() {
        Qga.Result result = run("--", "sh", "-c", "kill -TERM $$");

        assertThat(result.exit()).as(result.toString()).isEqualTo(143);
    }

    @Test
    void optionsAfterTheProgramAreItsOwn() {
        Qga.Result result = run("echo", "--json", "-v");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("--json -v\n");
    }

    @Test
    void jsonGivesOneObjectAndExitsZeroWhateverTheProgramDid() {
        Qga.Result result = run("--json", "--", "sh", "-c", "echo out; echo err >&2; exit 7");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"exitcode\":7,\"signal\":null,\"stdout\":\"out\\n\",\"stderr\":\"err\\n\","
                + "\"stdout-truncated\":false,\"stderr-truncated\":false,\"timed-out\":false,\"interrupted\":false,\"streamed\":true}\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void stdinFromAFileAndFromQgasStdin() throws Exception {
        Path input = Files.write(dir.resolve("input"), "from a file\n".getBytes(StandardCharsets.UTF_8));

        Qga.Result fromFile = run("-i", input.toString(), "--", "tr", "a-z", "A-Z");
        Qga.Result fromStdin = run(qga().stdin("from stdin\n"), "--stdin", "--", "tr", "a-z", "A-Z");

        assertThat(fromFile.out()).as(fromFile.toString()).isEqualTo("FROM A FILE\n");
        assertThat(fromStdin.out()).as(fromStdin.toString()).isEqualTo("FROM STDIN\n");
    }

    @Test
    void stdinPastTheLimitIsRefusedBeforeConnecting() throws Exception {
        Path big = dir.resolve("big");
        try (var out = Files.newOutputStream(big)) {
            out.write(new byte[qga.guest.GuestRun.MAX_INPUT + 1]);
        }

        Qga.Result result = qga().run("unix:" + dir.resolve("no-agent-here"), "run", "-i", big.toString(), "--", "wc", "-c");

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("qga: " + big + " is larger than the 32 MiB guest-exec takes as input:"
                + " copy it into the guest with qga cp and redirect from the file there\n");
    }

    @Test
    void environmentAndDirectoryAreSetThroughTheShell() {
        Qga.Result result = run("-e", "GREETING=hello there", "-e", "EMPTY=", "--cwd", dir.toString(), "--",
                "sh", "-c", "pwd; echo \"$GREETING\"; echo \"[${EMPTY-unset}]\"; test -n \"$PATH\" && echo path kept");

        assertThat(result.out()).as(result.toString()).isEqualTo(dir + "\nhello there\n[]\npath kept\n");
    }

    @Test
    void aDirectoryTheShellCannotEnterIs125WithItsMessage() {
        Qga.Result result = run("--cwd", dir.resolve("missing").toString(), "--", "pwd");

        assertThat(result.exit()).as(result.toString()).isEqualTo(125);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("can't cd to " + dir.resolve("missing")).endsWith("\n").hasLineCount(1);
    }

    @Test
    void aProgramNotFoundIs127AsInAShell() {
        Qga.Result result = run("--", "qga-no-such-program");

        assertThat(result.exit()).as(result.toString()).isEqualTo(127);
        assertThat(result.err()).contains("qga-no-such-program: not found");
    }

    @Test
    void mergeInterleavesStderrIntoStdout() {
        Qga.Result streamed = run("--merge", "--", "sh", "-c", "echo a; echo b >&2; echo c");
        Qga.Result atExit = run("--merge", "--no-stream", "--", "sh", "-c", "echo a; echo b >&2; echo c");

        assertThat(streamed.out()).as(streamed.toString()).isEqualTo("a\nb\nc\n");
        assertThat(atExit.out()).as(atExit.toString()).isEqualTo("a\nb\nc\n");
        assertThat(streamed.err() + atExit.err()).isEmpty();
    }

    @Test
    void outputShowsWhileTheProgramRuns() throws Exception {
        Path go = dir.resolve("go");
        Qga.Running running = qga().start(agent.address(), "run", "--tmpdir", tmp.toString(), "--", "sh", "-c",
                "echo first; while [ ! -e " + go + " ]; do sleep 0.05; done; echo second");

        assertThat(running.awaitOutLines(1)).isEqualTo("first\n");
        Files.createFile(go);

        Qga.Result result = running.result();
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("first\nsecond\n");
    }

    @Test
    void theTimeLimitKillsTheProgramInTheGuest() throws Exception {
        Path pidFile = dir.resolve("pid");
        Qga.Result result = run("--timeout", "0.5", "--", "sh", "-c", "echo $$ > " + pidFile + "; exec tail -f /dev/null");

        assertThat(result.exit()).as(result.toString()).isEqualTo(124);
        assertThat(result.err()).isEqualTo("qga: sh ran past --timeout 0.5 s and was killed in the guest\n");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid)).as("the guest process is gone").isEmpty();
    }

    @Test
    void nothingIsLeftInTheGuestAfterwards() throws Exception {
        Qga.Result result = run("-v", "--", "sh", "-c", "echo out; echo err >&2");

        assertThat(result.exit()).as(result.toString()).isZero();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("the output directory was removed").isEmpty();
        }
        java.util.regex.Matcher opened = java.util.regex.Pattern.compile("\\(handle (\\d+)\\)").matcher(result.err());
        List<String> handles = new java.util.ArrayList<>();
        while (opened.find()) {
            handles.add(opened.group(1));
        }
        assertThat(handles).as(result.err()).hasSize(2);
        try (RawClient client = RawClient.connect(agent.socket())) {
            client.sync();
            for (String handle : handles) {
                JsonObject reply = client.call("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + "}}");
                assertThat(reply.getAsJsonObject("error").get("desc").getAsString()).as("handle " + handle + " closed")
                        .isEqualTo("handle '" + handle + "' has not been found");
            }
        }
    }

    @Test
    void streamedOutputHasNoCaptureCapButOutputAtExitSaysWhereItWasCut() {
        int size = (16 << 20) + 1000;
        Qga.Result streamed = run("--", "sh", "-c", "head -c " + size + " /dev/zero | tr '\\0' x");
        Qga.Result atExit = run("--no-stream", "--", "sh", "-c", "head -c " + size + " /dev/zero | tr '\\0' x");

        assertThat(streamed.out().length()).as(streamed.err()).isEqualTo(size);
        assertThat(streamed.err()).isEmpty();
        assertThat(atExit.out().length()).isEqualTo(16 << 20);
        assertThat(atExit.err()).isEqualTo("qga: the agent kept only the first 16 MiB of the program's stdout; the rest is lost"
                + " (a guest with a POSIX shell streams it all unless --no-stream)\n");
    }

    @Test
    void guestOutputCannotDriveATerminalUnlessRaw() {
        String script = "printf 'red \\033[31m bell \\007 cr\\r tab\\t\\n'";
        Qga.Result safe = run(qga().toTerminal(), "--", "sh", "-c", script);
        Qga.Result raw = run(qga().toTerminal(), "--raw", "--", "sh", "-c", script);
        Qga.Result piped = run("--", "sh", "-c", script);

        assertThat(safe.out()).isEqualTo("red \\x1b[31m bell \\x07 cr\r tab\t\n");
        assertThat(raw.out()).isEqualTo("red \u001b[31m bell \u0007 cr\r tab\t\n");
        assertThat(piped.out()).isEqualTo(raw.out());
    }

    @Test
    void badOptionsAreRefusedBeforeConnecting() {
        String nowhere = "unix:" + dir.resolve("no-agent-here");

        Qga.Result both = qga().stdin("x").run(nowhere, "run", "-i", "/etc/hostname", "--stdin", "--", "cat");
        Qga.Result env = qga().run(nowhere, "run", "-e", "NOEQUALS", "--", "env");
        Qga.Result missing = qga().run(nowhere, "run", "-i", dir.resolve("absent").toString(), "--", "cat");
        Qga.Result relative = qga().run(nowhere, "run", "--tmpdir", "tmp", "--", "true");
        Qga.Result noProgram = qga().run(nowhere, "run");

        assertThat(both.err()).isEqualTo("qga: run takes stdin from -i FILE or from --stdin, not both\n");
        assertThat(env.err()).isEqualTo("qga: --env NOEQUALS: give it as KEY=VALUE\n");
        assertThat(missing.err()).isEqualTo("qga: -i " + dir.resolve("absent") + ": no such file\n");
        assertThat(relative.err()).isEqualTo("qga: --tmpdir tmp: give an absolute guest path, e.g. /tmp\n");
        assertThat(noProgram.err()).isEqualTo("qga: run needs a program: qga ADDRESS run -- PROGRAM [ARGS...]\n");
        for (Qga.Result result : List.of(both, env, missing, relative, noProgram)) {
            assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        }
    }

    @Test
    void verboseSaysWhichWayOutputComes() {
        Qga.Result streamed = run("-v", "--", "true");
        Qga.Result atExit = run("-v", "--no-stream", "--", "true");

        assertThat(streamed.err()).contains("qga: output as it comes: the program writes to " + tmp + "/qga-run-");
        assertThat(atExit.err()).contains("qga: output at exit (as the agent captured it)\n");
    }

    @Test
    void jsonObjectShapeParses() {
        Qga.Result result = run("--json", "--", "sh", "-c", "kill -KILL $$");

        JsonObject object = JsonParser.parseString(result.out()).getAsJsonObject();
        assertThat(object.get("exitcode").isJsonNull()).isTrue();
        assertThat(object.get("signal").getAsInt()).isEqualTo(9);
    }

    @Test
    void jsonKeepsSixteenMebibytesOfEachStreamAndSaysItCut() {
        int size = (16 << 20) + 1000;
        Qga.Result result = run("--json", "--", "sh", "-c", "head -c " + size + " /dev/zero | tr '\\0' x");

        JsonObject object = JsonParser.parseString(result.out()).getAsJsonObject();
        assertThat(object.get("stdout").getAsString()).hasSize(RunCommand.JSON_CAP);
        assertThat(object.get("stdout-truncated").getAsBoolean()).isTrue();
        assertThat(object.get("stderr-truncated").getAsBoolean()).isFalse();
    }
}
