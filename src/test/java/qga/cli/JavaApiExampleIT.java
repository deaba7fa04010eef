package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.RealAgent;

/** The README's Java example, compiled against the built jar alone and run against the real qemu-ga. */
@Timeout(120)
class JavaApiExampleIT {
    @TempDir
    Path dir;

    private static String example() throws Exception {
        String readme = Files.readString(LauncherIT.HOME.resolve("README.md"));
        Matcher block = Pattern.compile("<!-- java-example -->\\n```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find()).as("README has the Java example").isTrue();
        return block.group(1);
    }

    @Test
    void theReadmeExampleCompilesAndRunsThroughThePublicApi() throws Exception {
        Path jar = Path.of(System.getProperty("qga.jar"));
        Path source = Files.writeString(dir.resolve("Example.java"), example());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-Xlint:all", "-Werror", "-cp", jar.toString(),
                "-d", dir.toString(), source.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        try (RealAgent agent = RealAgent.start(dir.resolve("agent"))) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process run = new ProcessBuilder(List.of(java, "-cp", jar + ":" + dir, "Example", agent.address()))
                    .redirectErrorStream(true).start();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.exitValue()).as(out).isZero();
            assertThat(out).isEqualTo("machine: " + System.getProperty("os.arch").replace("amd64", "x86_64") + "\n"
                    + "1: {\"return\":{}}\n2: {\"return\":{}}\n3: {\"return\":{}}\n"
                    + "exit 1: guest-file-close: GenericError: handle '999999' has not been found\n");
        }
    }
}
