package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A socket behind a directory the user may not enter, as libvirt's channel directories are: bin/qga run as nobody. */
class PermissionIT {
    @TempDir
    Path dir;

    @Test
    void permissionDeniedSaysWhoHasAccess() throws Exception {
        assumeThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("running as root").isZero();
        assumeThat(Path.of("/usr/bin/setpriv")).isExecutable();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path channels = Files.createDirectory(dir.resolve("channel"));
        Path socket = channels.resolve("org.qemu.guest_agent.0");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(channels, PosixFilePermissions.fromString("rwxr-x---"));
            Process process = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    LauncherIT.HOME.resolve("bin/qga").toAbsolutePath().toString(), "unix:" + socket, "exec", "guest-ping")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isEqualTo(3);
            assertThat(output).isEqualTo("qga: permission denied on directory " + channels
                    + " (rwxr-x---, owner root, group root): run as that user, as root, or as a member of that group\n");
        }
    }
}
