package qga.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files for what users read. Run with -Dqga.regenerate=true to rewrite them from the
 * current output, then review the diff before committing it.
 */
public final class Golden {
    public static final Path ROOT = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static boolean regenerating() {
        return Boolean.getBoolean("qga.regenerate");
    }

    public static void assertMatches(Path golden, String actual) throws IOException {
        if (regenerating()) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file %s (create it with -Dqga.regenerate=true)", golden).exists();
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        assertThat(actual).as("output differs from %s; if the change is intended, regenerate with"
                + " ./mvnw test -Dtest=%s -Dqga.regenerate=true and review the diff", golden,
                StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(
                        s -> s.skip(1).findFirst().map(f -> f.getDeclaringClass().getSimpleName()).orElse("?")))
                .isEqualTo(expected);
    }
}
