package qga.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** A test skipped for a missing tool says which tool, in the output of the build. */
class SkipReasonsTest {
    /** Run only by the launcher below: surefire leaves nested classes alone. */
    static class Sample {
        @Test
        void needsATool() {
            assumeThat(Path.of("/nonexistent/fish")).as("fish is installed").isExecutable();
        }

        @Test
        @Disabled("waits for a fix")
        void disabled() {
        }

        @Test
        void runs() {
        }
    }

    @Test
    void everySkipIsPrintedWithItsReason() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        LauncherConfig config = LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build();
        LauncherFactory.create(config).execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class))
                .build(), new SkipReasons(out));
        assertThat(captured.toString(StandardCharsets.UTF_8).lines().sorted()).containsExactly(
                "SKIPPED SkipReasonsTest.Sample.disabled(): waits for a fix",
                "SKIPPED SkipReasonsTest.Sample.needsATool(): assumption was not met due to: [fish is installed]"
                        + " Expecting path: /nonexistent/fish to exist (symbolic links were followed).");
    }

    @Test
    void everyJUnitRunHasIt() {
        assertThat(ServiceLoader.load(TestExecutionListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(SkipReasons.class);
    }
}
