package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The artifact users run: bin/qga and bin/qga-shell over the shaded jar, as separate processes. */
@Timeout(120)
class LauncherIT {
    static final Path HOME = Path.of(System.getProperty("qga.home", "."));

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run launch(String launcher, Path stdin, String... args) throws IOException, InterruptedException {
        return launch(java.util.Map.of(), launcher, stdin, args);
    }

    private Run launch(java.util.Map<String, String> env, String launcher, Path stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin").resolve(launcher).toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("QGA_ADDRESS");
        builder.environment().putAll(env);
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void execAgainstALocalAgent() throws Exception {
        Run run = launch("qga", null, "local:", "exec", "guest-get-osinfo");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("return").has("kernel-release"))
                .isTrue();
    }

    @Test
    void pipedRequestsThroughQgaShellPrintRepliesAndNoTerminalBytes() throws Exception {
        Path requests = Files.writeString(dir.resolve("requests"), "guest-ping\n{\"execute\":\"guest-get-timezone\"}\n");
        Run run = launch("qga-shell", requests, "local:");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out().lines().toList().get(0)).isEqualTo("{\"return\":{}}");
        assertThat(run.out() + run.err()).doesNotContain("\u001b").doesNotContain("qga>");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theOneShotAndPipePathsNeverLoadJLine() throws Exception {
        Path log = dir.resolve("classes.log");
        java.util.Map<String, String> env = java.util.Map.of("QGA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Run exec = launch(env, "qga", null, "local:", "exec", "guest-ping");
        assertThat(exec.exit()).as(exec.toString()).isZero();
        assertThat(Files.readString(log)).contains("qga.cli.Main").doesNotContain("org.jline")
                .doesNotContain(" java.sql.").doesNotContain(" java.time.format.");
        Path requests = Files.writeString(dir.resolve("requests"), "guest-ping\n");
        Run pipe = launch(env, "qga-shell", requests, "local:");
        assertThat(pipe.exit()).as(pipe.toString()).isZero();
        assertThat(Files.readString(log)).contains("qga.cli.Pipe").doesNotContain("org.jline").doesNotContain("qga.repl");
    }

    /**
     * The build's class-data-sharing archive really holds the one-shot path, picocli included
     * (picocli's Java 5 classes only get in with the stack maps the build adds), and the launcher
     * really uses it.
     */
    @Test
    void theLauncherUsesTheBuildsArchiveAndItHoldsPicocli() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean("qga.skipCds"), "built with -Dqga.skipCds");
        Path jar = Path.of(System.getProperty("qga.jar"));
        Path archive = jar.resolveSibling("qga.jsa");
        assertThat(archive).as("the build writes the archive beside the jar").isNotEmptyFile();
        Path log = dir.resolve("classes.log");
        Run run = launch(java.util.Map.of("QGA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "qga", null, "local:",
                "exec", "guest-ping");
        assertThat(run.exit()).as(run.toString()).isZero();
        List<String> fromJar = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" picocli.") || line.contains(" qga."))
                .filter(line -> !line.contains("shared objects file")).toList();
        List<String> shared = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" picocli.CommandLine ") && line.contains("shared objects file")).toList();
        assertThat(shared).as("picocli.CommandLine from the archive").hasSize(1);
        // a handful of classes the shell-driven training run never loads may come from the jar
        assertThat(fromJar).as("qga and picocli classes loaded from the jar, not the archive").hasSizeLessThan(10);
    }

    /** An archive made for another jar (or another JVM) is ignored without a word on stdout or stderr. */
    @Test
    void aStaleArchiveIsIgnoredSilently() throws Exception {
        Path jar = Path.of(System.getProperty("qga.jar"));
        Path copy = Files.copy(jar, dir.resolve("qga.jar"));
        Path staleArchive = dir.resolve("qga.jsa");
        Files.write(staleArchive, "not an archive at all".getBytes(StandardCharsets.US_ASCII));
        Run garbage = launch(java.util.Map.of("QGA_JAR", copy.toString()), "qga", null, "local:", "exec", "guest-ping");
        assertThat(garbage.exit()).as(garbage.toString()).isZero();
        assertThat(garbage.out()).isEqualTo("{\"return\":{}}\n");
        assertThat(garbage.err()).isEmpty();
        Path real = jar.resolveSibling("qga.jsa");
        if (Files.exists(real)) {
            Files.copy(real, staleArchive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(0));
            Run mismatch = launch(java.util.Map.of("QGA_JAR", copy.toString()), "qga", null, "local:", "exec",
                    "guest-ping");
            assertThat(mismatch.exit()).as(mismatch.toString()).isZero();
            assertThat(mismatch.out()).isEqualTo("{\"return\":{}}\n");
            assertThat(mismatch.err()).isEmpty();
        }
    }

    /** The man page and completion generators run in the build only: src/build/java is not shipped. */
    @Test
    void theJarHoldsNoBuildTimeGenerators() throws Exception {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(System.getProperty("qga.jar"))) {
            assertThat(jar.getEntry("qga/cli/Main.class")).isNotNull();
            assertThat(jar.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("qga/cli/ManPage") || name.startsWith("qga/cli/Completions"))).isEmpty();
        }
    }

    @Test
    void helpShowsTheExitCodes() throws Exception {
        Run run = launch("qga", null, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Exit codes:").contains("  4   no answer in time");
    }

    @Test
    void aMissingAddressIsAUsageError() throws Exception {
        Run run = launch("qga", null, "exec", "guest-ping");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("qga: no address: give it first (qga unix:/run/qga.sock exec guest-ping),"
                + " with -a/--address, or in QGA_ADDRESS\n");
    }

    @Test
    void aMissingAddressForTheShellSuggestsTheShellsUsage() throws Exception {
        Run run = launch("qga-shell", null);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("qga-shell: no address: give it first (qga-shell unix:/run/qga.sock),"
                + " with -a/--address, or in QGA_ADDRESS\n");
    }
}
