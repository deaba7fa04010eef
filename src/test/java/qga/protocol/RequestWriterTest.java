package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.base.ExitCode;
import qga.base.Phase;
import qga.base.QgaException;
import qga.transport.Channel;

/** Batching and the write watchdog, on a real Unix socket whose other end the test holds. */
@Timeout(60)
class RequestWriterTest {
    @TempDir
    Path dir;
    private SocketChannel ours;
    private SocketChannel peer;
    private RequestWriter writer;

    @BeforeEach
    void connect() throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            ours = SocketChannel.open(address);
            peer = server.accept();
        }
        OutputStream output = Channels.newOutputStream(ours);
        writer = new RequestWriter(new Channel() {
            @Override
            public InputStream input() {
                throw new UnsupportedOperationException("the writer never reads");
            }

            @Override
            public OutputStream output() {
                return output;
            }

            @Override
            public void close() {
                try {
                    ours.close();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        writer.stop();
        ours.close();
        peer.close();
    }

    /** Exactly what the peer has received so far, without waiting for more. */
    private String received() throws IOException {
        peer.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        while (peer.read(buffer) > 0) {
            continue;
        }
        buffer.flip();
        return StandardCharsets.ISO_8859_1.decode(buffer).toString();
    }

    private static long later() {
        return System.nanoTime() + 30_000_000_000L;
    }

    @Test
    void queuedRequestsGoOutTogetherOnlyWhenFlushed() throws Exception {
        writer.queue(new byte[] {(byte) 0xFF}, "{\"execute\":\"guest-sync-delimited\"}", later(), "guest-sync-delimited");
        writer.queue(new byte[0], "{\"execute\":\"guest-ping\"}", later(), "guest-ping");

        assertThat(writer.pending()).isTrue();
        assertThat(received()).isEmpty();

        writer.flush();

        assertThat(writer.pending()).isFalse();
        assertThat(received()).isEqualTo("\u00ff{\"execute\":\"guest-sync-delimited\"}\n{\"execute\":\"guest-ping\"}\n");
    }

    @Test
    void aBatchPastItsCapGoesOutWithoutAFlush() throws Exception {
        String big = "{\"execute\":\"guest-file-write\",\"arguments\":{\"buf-b64\":\"" + "A".repeat(RequestWriter.BATCH) + "\"}}";

        writer.queue(new byte[0], big, later(), "guest-file-write");

        assertThat(writer.pending()).isFalse();
        assertThat(received()).isEqualTo(big + "\n");
    }

    @Test
    void aPeerThatStopsReadingIsNoAnswerOnceTheDeadlinePasses() {
        String huge = "{\"execute\":\"guest-file-write\",\"arguments\":{\"buf-b64\":\"" + "A".repeat(16 << 20) + "\"}}";

        assertThatThrownBy(() -> writer.queue(new byte[0], huge, System.nanoTime(), "guest-file-write"))
                .isInstanceOfSatisfying(QgaException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.NO_ANSWER);
                    assertThat(e.phase()).isEqualTo(Phase.SEND);
                }).hasMessage("the agent did not take guest-file-write in time (it is not reading)");
    }

    @Test
    void aPeerThatLeftIsTheChannelLost() throws Exception {
        peer.close();
        writer.queue(new byte[0], "{\"execute\":\"guest-ping\"}", later(), "guest-ping");

        assertThatThrownBy(writer::flush).isInstanceOfSatisfying(QgaException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT);
            assertThat(e.phase()).isEqualTo(Phase.SEND);
        }).hasMessage("cannot send guest-ping: Broken pipe");
    }
}
