package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.RealAgent;
import qga.support.Signals;
import qga.support.Tmux;

/**
 * The artifact users run: bin/qga and bin/qga-shell over the shaded jar, as separate processes, on
 * the Java the launcher picks in the build's environment, with the class cache the build wrote for
 * it. LauncherOnJdk25IT runs the same tests on JDK 25 and its AOT caches.
 */
@Timeout(120)
class LauncherIT {
    static final Path HOME = Path.of(System.getProperty("qga.home", "."));
    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^Java (\\d+)");

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    /** What the tests add to the launcher's environment to choose the Java and the jar: nothing here. */
    Map<String, String> javaEnvironment() {
        return Map.of();
    }

    /** The jar the launcher runs, with its class caches beside it. */
    Path jar() {
        return Path.of(System.getProperty("qga.jar"));
    }

    /** Whether the jar has the caches train-cache.sh writes (not when built with -Dqga.skipCds). */
    boolean trained() {
        return !Boolean.getBoolean("qga.skipCds");
    }

    private Run launch(String launcher, Path stdin, String... args) throws IOException, InterruptedException {
        return launch(Map.of(), launcher, stdin, args);
    }

    private Run launch(Map<String, String> env, String launcher, Path stdin, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin").resolve(launcher).toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("QGA_ADDRESS");
        builder.environment().remove("QGA_JAVA_OPTS");
        builder.environment().putAll(javaEnvironment());
        builder.environment().putAll(env);
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The feature version of the Java the launcher runs, from its own --version. */
    int javaFeature() throws IOException, InterruptedException {
        Run run = launch("qga", null, "--version");
        Matcher version = JAVA_VERSION.matcher(run.out());
        assertThat(version.find()).as(run.toString()).isTrue();
        return Integer.parseInt(version.group(1));
    }

    /**
     * The cache the launcher looks for beside a jar for a Java: a class-data-sharing archive for 17
     * to 24; for 25 and later an AOT cache, the shell's own for qga-shell on a terminal.
     */
    static Path cache(Path jar, int feature, boolean shell) {
        String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        if (feature < 25) {
            return jar.resolveSibling(base + ".java" + feature + ".jsa");
        }
        return jar.resolveSibling(base + (shell ? "-shell" : "") + ".java" + feature + ".aot");
    }

    @Test
    void execAgainstALocalAgent() throws Exception {
        Run run = launch("qga", null, "local:", "exec", "guest-get-osinfo");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("return").has("kernel-release"))
                .isTrue();
        assertThat(run.err()).isEmpty();
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

    /** Nor does an AOT cache, which loads all its classes at start, bring JLine in: the shell has its own. */
    @Test
    void theOneShotAndPipePathsNeverLoadJLine() throws Exception {
        Path log = dir.resolve("classes.log");
        Map<String, String> env = Map.of("QGA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
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
     * junixsocket and its native library are for unix:@NAME alone: exec on a plain Unix socket loads
     * none of it, and the abstract address works from the shaded jar with nothing on stderr (on
     * Java 24 and later, no warning about the native library either).
     */
    @Test
    void onlyAnAbstractAddressLoadsJunixsocket() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            Path log = dir.resolve("classes.log");
            Map<String, String> env = Map.of("QGA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
            Run plain = launch(env, "qga", null, agent.address(), "exec", "guest-ping");
            assertThat(plain.exit()).as(plain.toString()).isZero();
            assertThat(Files.readString(log)).contains("qga.transport.UnixEndpoint").doesNotContain("org.newsclub")
                    .doesNotContain("qga.transport.AbstractUnixEndpoint");
            assumeTrue(Files.isExecutable(AbstractSocketTest.SOCAT), "socat is installed");
            String name = AbstractSocketTest.uniqueName();
            Process socat = AbstractSocketTest.bridge(name, agent.socket(), dir.resolve("socat.log"));
            try {
                Run abstractName = launch(env, "qga", null, "unix:@" + name, "exec", "guest-ping");
                assertThat(abstractName.exit()).as(abstractName.toString()).isZero();
                assertThat(abstractName.out()).isEqualTo("{\"return\":{}}\n");
                assertThat(abstractName.err()).isEmpty();
                assertThat(Files.readString(log)).contains("org.newsclub.net.unix.AFUNIXSocketChannel");
                // the native library refused to load (here on purpose): one line of qga's after junixsocket's own trace
                Run noLibrary = launch(Map.of("QGA_JAVA_OPTS", "-Dorg.newsclub.net.unix.library.disable=true"), "qga", null,
                        "unix:@" + name, "exec", "guest-ping");
                assertThat(noLibrary.exit()).as(noLibrary.toString()).isEqualTo(3);
                assertThat(noLibrary.out()).isEmpty();
                assertThat(noLibrary.err()).endsWith("\nqga: unix:@NAME needs junixsocket's native library, which did not"
                        + " load (its own error is above): if java.io.tmpdir is mounted noexec, point"
                        + " QGA_JAVA_OPTS=-Dorg.newsclub.net.unix.library.tmpdir=DIR at a directory that allows it\n");
            } finally {
                Signals.stop(socat);
            }
        }
    }

    /**
     * The cache trained for this Java really holds the one-shot path, picocli included (picocli's
     * Java 5 classes only get in with the stack maps the build adds), and the launcher really uses
     * it: on 25 and later the JVM's AOT log names it.
     */
    @Test
    void theLauncherUsesTheCacheTrainedForItsJava() throws Exception {
        assumeTrue(trained(), "built with -Dqga.skipCds");
        int feature = javaFeature();
        Path cache = cache(jar(), feature, false);
        assertThat(cache).as("the cache trained for Java %d beside the jar", feature).isNotEmptyFile();
        Path log = dir.resolve("classes.log");
        Path aot = dir.resolve("aot.log");
        String options = "-Xlog:class+load=info:file=" + log + (feature >= 25 ? " -Xlog:aot=info:file=" + aot : "");
        Run run = launch(Map.of("QGA_JAVA_OPTS", options), "qga", null, "local:", "exec", "guest-ping");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.err()).isEmpty();
        if (feature >= 25) {
            assertThat(Files.readString(aot)).contains("Opened AOT cache " + cache + ".")
                    .contains("Using AOT-linked classes: true");
        }
        List<String> fromJar = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" picocli.") || line.contains(" qga."))
                .filter(line -> !line.contains("shared objects file")).toList();
        List<String> shared = Files.readAllLines(log).stream()
                .filter(line -> line.contains(" picocli.CommandLine ") && line.contains("shared objects file")).toList();
        assertThat(shared).as("picocli.CommandLine from the cache").hasSize(1);
        if (feature >= 25) {
            // a lambda or method-handle form spun at run time costs milliseconds of class generation:
            // the training run covers every one of this path, and reflection goes through JNI
            // (-Djdk.reflect.useNativeAccessorOnly=true) instead of generated method handles
            List<String> spun = Files.readAllLines(log).stream()
                    .filter(line -> line.contains("__JVM_LookupDefineClass__") || line.contains("$$Lambda"))
                    .filter(line -> !line.contains("shared objects file")).toList();
            assertThat(spun).as("classes generated at run time").isEmpty();
        }
        // a handful of classes the training runs never load may come from the jar
        assertThat(fromJar).as("qga and picocli classes loaded from the jar, not the cache").hasSizeLessThan(10);
    }

    /** The shell in a real terminal: JLine and the shell come from the cache (on 25 and later, the shell's own). */
    @Test
    void theShellUsesTheCacheTrainedForItsJava() throws Exception {
        assumeTrue(trained(), "built with -Dqga.skipCds");
        assumeTrue(Tmux.available(), "tmux is installed");
        int feature = javaFeature();
        Path cache = cache(jar(), feature, true);
        assertThat(cache).as("the shell's cache for Java %d beside the jar", feature).isNotEmptyFile();
        Path log = dir.resolve("classes.log");
        Path aot = dir.resolve("aot.log");
        StringBuilder env = new StringBuilder("env NO_COLOR=1 XDG_STATE_HOME=" + dir.resolve("state"));
        javaEnvironment().forEach((key, value) -> env.append(' ').append(key).append('=').append(value));
        env.append(" QGA_JAVA_OPTS='-Xlog:class+load=info:file=").append(log)
                .append(feature >= 25 ? " -Xlog:aot=info:file=" + aot : "").append("'");
        try (RealAgent agent = RealAgent.start(dir); Tmux tmux = new Tmux()) {
            tmux.start(env + " " + HOME.resolve("bin/qga-shell") + " " + agent.address() + "; echo EXITED $?");
            tmux.awaitPrompt("qga.sock>");
            tmux.keys("C-d");
            tmux.awaitScreen("EXITED 0");
        }
        if (feature >= 25) {
            assertThat(Files.readString(aot)).contains("Opened AOT cache " + cache + ".")
                    .contains("Using AOT-linked classes: true");
        }
        assertThat(Files.readAllLines(log)).anyMatch(line -> line.contains(" qga.repl.Shell source: shared objects file"))
                .anyMatch(line -> line.contains(" org.jline.reader.impl.LineReaderImpl source: shared objects file"));
    }

    /**
     * A cache that is not for this jar and this Java is not used, without a word on stdout or
     * stderr: one older than the jar (made for an earlier build: Java 25 before 25.0.4 would not
     * notice, JDK-8377932), one that is not a cache at all, one for another jar, and on 25 and later
     * one made by another build of the JVM (as after an upgrade in place).
     */
    @Test
    void aStaleOrForeignCacheIsIgnoredSilently() throws Exception {
        int feature = javaFeature();
        Path copy = Files.copy(jar(), dir.resolve("qga.jar"));
        FileTime jarTime = Files.getLastModifiedTime(copy);
        FileTime later = FileTime.fromMillis(jarTime.toMillis() + 60_000);
        Path cache = cache(copy, feature, false);
        Path log = dir.resolve("classes.log");
        Map<String, String> env = Map.of("QGA_JAR", copy.toString(), "QGA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);

        Files.write(cache, "not a cache at all".getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(cache, later);
        assertIgnoredSilently(launch(env, "qga", null, "local:", "exec", "guest-ping"), log);

        Path real = cache(jar(), feature, false);
        if (!trained() || !Files.exists(real)) {
            return;
        }
        Files.copy(real, cache, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(cache, FileTime.fromMillis(jarTime.toMillis() - 60_000));
        assertIgnoredSilently(launch(env, "qga", null, "local:", "exec", "guest-ping"), log);

        if (feature >= 25) {
            byte[] bytes = Files.readAllBytes(real);
            int at = indexOf(bytes, " VM (".getBytes(StandardCharsets.US_ASCII));
            assertThat(at).as("the JVM's name in the cache's header").isPositive();
            bytes[at + 5] = (byte) (bytes[at + 5] == '9' ? '8' : '9');
            Files.write(cache, bytes);
            Files.setLastModifiedTime(cache, later);
            assertIgnoredSilently(launch(env, "qga", null, "local:", "exec", "guest-ping"), log);
        } else {
            Files.copy(real, cache, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(cache, later);
            Files.setLastModifiedTime(copy, FileTime.fromMillis(0));
            Run mismatch = launch(env, "qga", null, "local:", "exec", "guest-ping");
            assertThat(mismatch.exit()).as(mismatch.toString()).isZero();
            assertThat(mismatch.out()).isEqualTo("{\"return\":{}}\n");
            assertThat(mismatch.err()).isEmpty();
        }
    }

    private static void assertIgnoredSilently(Run run, Path log) throws IOException {
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("{\"return\":{}}\n");
        assertThat(run.err()).isEmpty();
        assertThat(Files.readAllLines(log)).as("qga's classes come from the jar")
                .anyMatch(line -> line.contains(" qga.cli.Main source: file:"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** QGA_JAVA names the Java to run, before JAVA_HOME; one that is not a program is a usage error. */
    @Test
    void qgaJavaNamesTheJavaBeforeJavaHome() throws Exception {
        Path fakeHome = Files.createDirectories(dir.resolve("fake-jdk/bin"));
        Path fake = Files.writeString(fakeHome.resolve("java"), "#!/bin/sh\necho not this java\nexit 3\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Run named = launch(Map.of("QGA_JAVA", real, "JAVA_HOME", fakeHome.getParent().toString()), "qga", null, "--version");
        assertThat(named.exit()).as(named.toString()).isZero();
        assertThat(named.out()).startsWith("qga ").contains("Java " + Runtime.version().feature() + ".");

        Run home = launch(Map.of("QGA_JAVA", "", "JAVA_HOME", fakeHome.getParent().toString()), "qga", null, "--version");
        assertThat(home.exit()).isEqualTo(3);
        assertThat(home.out()).isEqualTo("not this java\n");

        Path missing = dir.resolve("no-such-java");
        Run wrong = launch(Map.of("QGA_JAVA", missing.toString()), "qga-shell", null, "--version");
        assertThat(wrong.exit()).isEqualTo(2);
        assertThat(wrong.out()).isEmpty();
        assertThat(wrong.err()).isEqualTo("qga-shell: QGA_JAVA=" + missing + " is not a program: name the java to run"
                + " (QGA_JAVA=/usr/lib/jvm/NAME/bin/java), or unset it to use JAVA_HOME or java on PATH\n");
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
