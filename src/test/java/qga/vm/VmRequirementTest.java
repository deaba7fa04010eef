package qga.vm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A machine without QEMU or apt skips the VM suite, with the reason; CI (QGA_REQUIRE_VM=1) fails instead. */
class VmRequirementTest {

    @Test
    void withoutTheVariableTheSuiteIsSkippedWithTheReason() {
        assertThatThrownBy(() -> VmRequirement.unavailable("qemu-system-x86_64 is not installed", null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("the VM suite cannot run here: qemu-system-x86_64 is not installed")
                .hasMessageContaining("set QGA_REQUIRE_VM=1 to make this a failure");
        assertThatThrownBy(() -> VmRequirement.unavailable("no apt-get", "0"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void withTheVariableTheSuiteFailsWithTheReason() {
        assertThatThrownBy(() -> VmRequirement.unavailable("no apt-get on PATH", "1"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("the VM suite cannot run here: no apt-get on PATH")
                .hasMessageContaining("QGA_REQUIRE_VM=1 makes this a failure");
    }
}
