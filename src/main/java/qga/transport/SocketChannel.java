package qga.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A connected stream socket of any family (AF_UNIX, TCP, AF_VSOCK) as a channel. */
final class SocketChannel implements Channel {
    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;

    SocketChannel(Socket socket) throws IOException {
        this.socket = socket;
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
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
