package qga.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A connected socket (AF_UNIX or TCP, from the JDK's own SocketChannel) as a channel. The
 * streams call the channel directly, so one thread may block reading while another writes, and
 * closing from any thread ends both.
 */
final class StreamChannel implements Channel {
    private final SocketChannel socket;
    private final InputStream input;
    private final OutputStream output;

    StreamChannel(SocketChannel socket) {
        this.socket = socket;
        this.input = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                return socket.read(ByteBuffer.wrap(buffer, offset, length));
            }
        };
        this.output = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, offset, length);
                while (bytes.hasRemaining()) {
                    socket.write(bytes);
                }
            }
        };
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort: the peer may already be gone
        }
    }
}
