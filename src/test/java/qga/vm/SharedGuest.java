package qga.vm;

import java.nio.file.Path;

/**
 * One guest for a whole test class, booted by the first test that needs it. Booting from a test
 * rather than from @BeforeAll makes a skip show up in the reports as skipped tests with their
 * reason (a class-level skip is dropped silently by failsafe); a skip or failure is remembered
 * and repeated for every later test instead of booting again.
 */
final class SharedGuest implements AutoCloseable {
    private final TestGuest.Options options;
    private TestGuest guest;
    private Throwable failure;

    SharedGuest(TestGuest.Options options) {
        this.options = options;
    }

    /** The guest, booted with its sockets in runDir (the class's static @TempDir) if it is not yet. */
    synchronized TestGuest get(Path runDir) throws Exception {
        if (failure != null) {
            throw rethrowable(failure);
        }
        if (guest == null) {
            try {
                guest = options.boot(runDir);
            } catch (Exception | Error e) {
                failure = e;
                throw e;
            }
        }
        return guest;
    }

    private static Exception rethrowable(Throwable t) {
        if (t instanceof Error error) {
            throw error;
        }
        return (Exception) t;
    }

    @Override
    public synchronized void close() throws Exception {
        if (guest != null) {
            guest.close();
            guest = null;
        }
    }
}
