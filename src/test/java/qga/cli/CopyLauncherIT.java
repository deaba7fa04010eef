package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.guest.FileCopy;
import qga.support.RawClient;
import qga.support.WithRealAgent;
import qga.support.Poll;

/**
 * qga cp as a process through bin/qga: Ctrl-C (SIGINT) closes the guest's handle and removes the
 * temporary file before the JVM exits, and the progress bar's library loads only for a bar.
 */
@Timeout(120)
class CopyLauncherIT extends WithRealAgent {
    private static final Path QGA = LauncherIT.HOME.resolve("bin/qga");
    private static final Pattern HANDLE = Pattern.compile("for writing: handle (\\d+)");

    private Process start(Path err, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(QGA.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile())
                .redirectOutput(dir.resolve("out").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String awaitText(Path file, String text) throws Exception {
        Poll.until("'" + text + "' in " + file, Duration.ofSeconds(60), () -> Files.readString(file).contains(text));
        return Files.readString(file);
    }

    private static void interrupt(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".qga-")).toList();
        }
    }

    private void assertClosed(String handle) throws IOException {
        try (RawClient raw = RawClient.connect(agent.socket())) {
            raw.sync();
            JsonObject reply = raw.call("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + "}}");
            assertThat(reply.getAsJsonObject("error").get("desc").getAsString())
                    .isEqualTo("handle '" + handle + "' has not been found");
        }
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /**
     * Ctrl-C while qga waits for its input: the shell stops the writer too, so the input ends and
     * qga, told of the interrupt first, cleans up instead of finishing the copy.
     */
    @Test
    void ctrlCWhileReadingStdinClosesTheHandleAndRemovesTheTemporaryFile() throws Exception {
        Path err = dir.resolve("err");
        Path target = dir.resolve("target.bin");
        Process qga = start(err, Map.of(), "-v", agent.address(), "cp", "-", "guest:" + target);
        try (OutputStream stdin = qga.getOutputStream()) {
            stdin.write(random(FileCopy.DEFAULT_CHUNK + 100));
            stdin.flush();
            Matcher handle = HANDLE.matcher(awaitText(err, "for writing: handle"));
            assertThat(handle.find()).isTrue();
            awaitSize(FileCopy.DEFAULT_CHUNK);
            interrupt(qga);
            awaitText(err, "qga: interrupted: stopping the copy\n");
            stdin.close();
            assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(qga.exitValue()).as(Files.readString(err)).isEqualTo(130);
            assertThat(Files.readString(err)).endsWith("qga: cancelled; guest:" + target + " is unchanged\n");
            assertThat(temporaries()).isEmpty();
            assertThat(target).doesNotExist();
            assertClosed(handle.group(1));
        } finally {
            qga.destroyForcibly();
        }
    }

    /** Waits until the copy's temporary file in the guest holds at least size bytes. */
    private void awaitSize(long size) throws Exception {
        Poll.until(size + " bytes in the guest", Duration.ofSeconds(60),
                () -> !temporaries().isEmpty() && Files.size(temporaries().get(0)) >= size);
    }

    /** Ctrl-C while the agent does not answer (stopped): once it answers again, qga cleans up and exits 130. */
    @Test
    void ctrlCWhileTheAgentIsStoppedCleansUpOnceItAnswers() throws Exception {
        Path err = dir.resolve("err");
        Path target = dir.resolve("target.bin");
        Process qga = start(err, Map.of(), "-v", agent.address(), "cp", "-", "guest:" + target);
        try (OutputStream stdin = qga.getOutputStream()) {
            Matcher handle = HANDLE.matcher(awaitText(err, "for writing: handle"));
            assertThat(handle.find()).isTrue();
            agent.pause();
            try {
                stdin.write(random(FileCopy.DEFAULT_CHUNK + 100));
                stdin.flush();
                agent.awaitUnread();
                interrupt(qga);
                awaitText(err, "qga: interrupted: stopping the copy\n");
            } finally {
                agent.resume();
            }
            stdin.close();
            assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(qga.exitValue()).as(Files.readString(err)).isEqualTo(130);
            assertThat(Files.readString(err)).endsWith("qga: cancelled; guest:" + target + " is unchanged\n");
            assertThat(temporaries()).isEmpty();
            assertThat(target).doesNotExist();
            assertClosed(handle.group(1));
        } finally {
            qga.destroyForcibly();
        }
    }

    @Test
    void aCopyOnAPipeLoadsNeitherTheBarNorJLine() throws Exception {
        Path local = Files.write(dir.resolve("local.bin"), random(100_000));
        Path log = dir.resolve("classes.log");
        Process qga = start(dir.resolve("err"), Map.of("QGA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
                agent.address(), "cp", local.toString(), "guest:" + dir.resolve("copy.bin"));
        qga.getOutputStream().close();
        assertThat(qga.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(qga.exitValue()).as(Files.readString(dir.resolve("err"))).isZero();
        assertThat(Files.readString(log)).contains("qga.guest.FileCopy").doesNotContain("me.tongfei")
                .doesNotContain("org.jline");
    }

    /**
     * In a real terminal (script's pseudo-terminal) the bar is drawn, and its library never opens a
     * JLine terminal (it only measures text with JLine's character widths).
     */
    @Test
    void onATerminalTheBarIsDrawnWithoutJLine() throws Exception {
        assumeThat(Path.of("/usr/bin/script")).as("script (util-linux) is installed").isExecutable();
        Path local = Files.write(dir.resolve("local.bin"), random(100_000));
        Path log = dir.resolve("classes.log");
        String command = "COLUMNS=100 QGA_JAVA_OPTS=-Xlog:class+load=info:file=" + log + " " + QGA + " " + agent.address()
                + " cp " + local + " guest:" + dir.resolve("copy.bin");
        Process script = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true)
                .redirectOutput(dir.resolve("screen").toFile()).start();
        script.getOutputStream().close();
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String screen = Files.readString(dir.resolve("screen"), StandardCharsets.UTF_8);
        assertThat(script.exitValue()).as(screen).isZero();
        assertThat(screen).contains("local.bin 100% [").contains("] 97/97 KiB (");
        assertThat(Files.readString(log)).contains("me.tongfei.progressbar.ProgressBar ").doesNotContain("org.jline.terminal");
    }
}
