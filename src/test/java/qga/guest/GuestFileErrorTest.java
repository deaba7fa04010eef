package qga.guest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import qga.base.ExitCode;

/** The agent's reasons, Linux's and Windows', each become the message that names the file. */
class GuestFileErrorTest {
    @Test
    void eachReasonHasItsMessage() {
        assertThat(message("failed to open file '/x' (mode: 'r'): No such file or directory", false))
                .isEqualTo("no such file in the guest: guest:/x");
        assertThat(message("failed to open file '/d/x' (mode: 'w'): No such file or directory", true))
                .isEqualTo("no such directory in the guest for guest:/x");
        assertThat(message("failed to open file '/x' (mode: 'w'): Permission denied", true))
                .isEqualTo("permission denied in the guest: guest:/x");
        assertThat(message("failed to open file '/x' (mode: 'w'): Operation not permitted", true))
                .isEqualTo("permission denied in the guest: guest:/x");
        assertThat(message("failed to read file: Is a directory", false)).isEqualTo("guest:/x is a directory: give a file");
        assertThat(message("failed to write to file: No space left on device", true))
                .isEqualTo("the guest's disk is full (writing guest:/x)");
        assertThat(message("failed to close handle: Disk quota exceeded", true))
                .isEqualTo("the guest's disk is full (writing guest:/x)");
        assertThat(message("failed to open file '/x' (mode: 'w'): Read-only file system", true))
                .isEqualTo("guest:/x is on a read-only file system in the guest");
        assertThat(message("failed to open file '/f/x' (mode: 'r'): Not a directory", false))
                .isEqualTo("a part of guest:/x is not a directory in the guest");
        assertThat(message("failed to open file 'C:\\x' (error: The system cannot find the file specified.)", false))
                .isEqualTo("no such file in the guest: guest:/x");
        assertThat(message("failed to open file 'C:\\x' (error: Access is denied.)", true))
                .isEqualTo("permission denied in the guest: guest:/x");
        assertThat(message("failed to write to file (error: There is not enough space on the disk.)", true))
                .isEqualTo("the guest's disk is full (writing guest:/x)");
        assertThat(message("something new", false)).isEqualTo("guest-file-read guest:/x: something new");
        assertThat(GuestFileError.of("guest-file-read", "/x", false, "anything").exitCode()).isEqualTo(ExitCode.AGENT_ERROR);
    }

    private static String message(String desc, boolean writing) {
        return GuestFileError.of("guest-file-read", "/x", writing, desc).getMessage();
    }
}
