package qga.vm;

import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What happens when this machine cannot run the VM suite (no QEMU, no apt to build the guest):
 * the tests are skipped with the reason, unless QGA_REQUIRE_VM=1 (as in CI), where they fail.
 */
final class VmRequirement {
    static final String VARIABLE = "QGA_REQUIRE_VM";

    private VmRequirement() {
    }

    /** qemu-system-x86_64 on PATH; skips or fails the test when it is not installed. */
    static Path qemu() {
        Path qemu = Host.which("qemu-system-x86_64").orElse(null);
        if (qemu == null) {
            unavailable("qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)");
        }
        return qemu;
    }

    /** The guest image, built on first use; skips or fails the test when it cannot be built here. */
    static GuestImage image() {
        try {
            return GuestImage.obtain();
        } catch (GuestImage.Unavailable e) {
            unavailable(e.getMessage());
            throw new AssertionError(e);
        }
    }

    static void unavailable(String reason) {
        unavailable(reason, System.getenv(VARIABLE));
    }

    static void unavailable(String reason, String required) {
        String message = "the VM suite cannot run here: " + reason;
        GuestImage.log(message);
        if ("1".equals(required)) {
            Assertions.fail(message + " (" + VARIABLE + "=1 makes this a failure)");
        }
        Assumptions.abort(message + " (set " + VARIABLE + "=1 to make this a failure)");
    }
}
