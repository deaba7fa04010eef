package qga.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A connected socket (AF_UNIX or TCP from the JDK's own SocketChannel, an abstract AF_UNIX one from
 * junixsocket's) or an open character device as a channel. The streams call the channel directly,
 * so one thread may block reading while another writes, and closing from any thread ends both.
 */
final class StreamChannel implements Channel {
    private final ReadableByteChannel reading;
    private final WritableByteChannel writing;
    private final InputStream input;
    private final OutputStream output;

    StreamChannel(ByteChannel socket) {
        this(socket, socket);
    }

    /**
     * A device opened twice, once to read and once to write: a FileChannel holds one lock across
     * read and write, so a read blocked on one would hold up every write on it. Closing the read
     * side signals the thread blocked in it.
     */
    StreamChannel(ReadableByteChannel reading, WritableByteChannel writing) {
        this.reading = reading;
        this.writing = writing;
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
                try {
                    return reading.read(ByteBuffer.wrap(buffer, offset, length));
                } catch (IOException e) {
                    throw reason(e);
                }
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
                try {
                    while (bytes.hasRemaining()) {
                        writing.write(bytes);
                    }
                } catch (IOException e) {
                    throw reason(e);
                }
            }
        };
    }

    /**
     * junixsocket's channel reports what went wrong (a broken pipe) as an AsynchronousCloseException
     * caused by it; the cause is what the user needs to read, as the JDK's channels report it.
     */
    private static IOException reason(IOException e) {
        return e instanceof AsynchronousCloseException && e.getCause() instanceof IOException cause ? cause : e;
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
        closeQuietly(reading);
        closeQuietly(writing);
    }

    /** Closing is best effort: the peer may already be gone. A socket is both sides, and closing it twice is no harm. */
    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to undo
        }
    }
}
