package qga.support;

import java.io.PrintStream;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line for every test or class that did not run and why (a missing tmux, fish, socat,
 * qemu-ga...), so the build's own output says it; surefire's summary only counts the skips and
 * keeps the reason in its XML report. Registered for every JUnit run through META-INF/services.
 */
public final class SkipReasons implements TestExecutionListener {
    private final PrintStream out;

    /** The one ServiceLoader makes: surefire and failsafe copy the test JVM's stdout to the console. */
    public SkipReasons() {
        this(System.out);
    }

    public SkipReasons(PrintStream out) {
        this.out = out;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
    }

    private void report(TestIdentifier test, String reason) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip().replaceAll("\\s+", " ");
        out.println("SKIPPED " + name(test) + ": " + why);
    }

    private static String name(TestIdentifier test) {
        Optional<TestSource> source = test.getSource();
        if (source.isPresent() && source.get() instanceof MethodSource method) {
            return simple(method.getClassName()) + "." + method.getMethodName() + "()";
        }
        if (source.isPresent() && source.get() instanceof ClassSource type) {
            return simple(type.getClassName());
        }
        return test.getDisplayName();
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }
}
