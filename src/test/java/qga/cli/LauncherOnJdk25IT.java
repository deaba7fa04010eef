package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LauncherIT's tests again on JDK 25, named by QGA_JAVA, with AOT caches that
 * src/build/train-cache.sh trains here for a copy of the jar: the launcher uses them, and a stale
 * one is never used and never heard of. The JDK is the one at /usr/lib/jvm/temurin-25-jdk-amd64,
 * or the java that -Dqga.jdk25 names; without it these tests are skipped.
 */
class LauncherOnJdk25IT extends LauncherIT {
    static final Path JAVA = Path.of(System.getProperty("qga.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));

    @TempDir
    static Path trainedDir;

    static Path trainedJar;

    @BeforeAll
    static void trainTheCachesForACopyOfTheJar() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(JAVA), "no JDK 25 at " + JAVA + " (-Dqga.jdk25=/path/to/bin/java names another)");
        trainedJar = Files.copy(Path.of(System.getProperty("qga.jar")), trainedDir.resolve("qga.jar"));
        if (Boolean.getBoolean("qga.skipCds")) {
            return;
        }
        ProcessBuilder training = new ProcessBuilder("sh", HOME.resolve("src/build/train-cache.sh").toString(),
                trainedJar.toString(), HOME.resolve("bin/qga-shell").toString())
                .redirectErrorStream(true).redirectOutput(trainedDir.resolve("training.log").toFile());
        training.environment().put("QGA_JAVA", JAVA.toString());
        Process process = training.start();
        assertThat(process.waitFor(110, TimeUnit.SECONDS)).as("train-cache.sh finished").isTrue();
    }

    @Override
    Map<String, String> javaEnvironment() {
        return Map.of("QGA_JAVA", JAVA.toString(), "QGA_JAR", trainedJar.toString());
    }

    @Override
    Path jar() {
        return trainedJar;
    }

    /** What the training wrote, and said it wrote: the one-shot cache and the shell's. */
    @Test
    void trainCacheWritesBothAotCaches() throws IOException, InterruptedException {
        assumeTrue(trained(), "built with -Dqga.skipCds");
        String log = Files.readString(trainedDir.resolve("training.log"), StandardCharsets.UTF_8);
        int feature = javaFeature();
        for (boolean shell : new boolean[] {false, true}) {
            Path cache = cache(trainedJar, feature, shell);
            assertThat(cache).as(log).isNotEmptyFile();
            assertThat(log).contains("train-cache: wrote " + cache + " (");
        }
        try (var files = Files.list(trainedDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no partial cache left behind")
                    .noneMatch(name -> name.contains("partial"));
        }
    }
}
