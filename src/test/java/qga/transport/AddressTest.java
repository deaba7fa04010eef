package qga.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qga.base.BadInputException;
import qga.base.ConnectFailedException;
import qga.base.ExitCode;
import qga.base.Log;

class AddressTest {
    @TempDir
    Path dir;

    private static Endpoint parse(String text) throws BadInputException {
        return Address.parse(text, Map.of(), Log.SILENT);
    }

    @Test
    void unixForms() throws Exception {
        for (String text : List.of("unix:/run/qga.sock", "unix-connect:/run/qga.sock", "/run/qga.sock")) {
            Endpoint endpoint = parse(text);
            assertThat(endpoint).isInstanceOf(UnixEndpoint.class);
            assertThat(((UnixEndpoint) endpoint).path()).isEqualTo(Path.of("/run/qga.sock"));
            assertThat(endpoint.display()).isEqualTo(text);
        }
        assertThat(((UnixEndpoint) parse("relative/qga.sock")).path()).isEqualTo(Path.of("relative/qga.sock"));
        assertThat(((UnixEndpoint) parse("./a:b")).path()).isEqualTo(Path.of("./a:b"));
    }

    @Test
    void local() throws Exception {
        assertThat(parse("local:")).isInstanceOf(LocalEndpoint.class);
    }

    @Test
    void badAddresses() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty address");
        assertThatThrownBy(() -> parse("unix:")).hasMessage("address unix: has no path: write unix:/path/to/socket");
        assertThatThrownBy(() -> parse("sctp:1.2.3.4")).hasMessage(
                "unknown address type 'sctp:' in sctp:1.2.3.4: use " + Address.FORMS);
    }

    private ConnectFailedException connectFailure(String address) {
        try {
            parse(address).connect(Duration.ofSeconds(1)).close();
        } catch (ConnectFailedException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT);
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("connected to " + address);
    }

    @Test
    void aMissingSocketIsNamed() {
        assertThat(connectFailure(dir.resolve("nope.sock").toString())).hasMessageStartingWith("no such socket: ");
    }

    @Test
    void aRegularFileIsNotASocket() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(connectFailure("unix:" + file)).hasMessage(file + " is not a socket (it is a regular file)");
        assertThat(connectFailure("unix:" + dir)).hasMessage(dir + " is not a socket (it is a directory)");
    }

    @Test
    void aSocketNobodyListensOnIsRefused() throws IOException {
        Path socket = dir.resolve("dead.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        server.close();
        assertThat(connectFailure("unix:" + socket)).hasMessageContaining("nothing is listening on " + socket)
                .hasMessageContaining("connection refused");
    }

    @Test
    void aPathTooLongForSunPathIsExplained() {
        String longPath = "/tmp/" + "d".repeat(120) + "/qga.sock";
        assertThat(connectFailure(longPath)).hasMessageContaining("Unix sockets allow 107");
    }
}
