package qga.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A bare client written the way the agent's protocol describes it, to compare qga against. */
public final class RawClient implements AutoCloseable {
    private final SocketChannel socket;
    private final Selector selector;
    private int timeoutMillis = 10_000;

    private RawClient(SocketChannel socket) throws IOException {
        this.socket = socket;
        socket.configureBlocking(false);
        this.selector = Selector.open();
    }

    public static RawClient connect(Path path) throws IOException {
        SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
        socket.connect(UnixDomainSocketAddress.of(path));
        return new RawClient(socket);
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        SelectionKey key = socket.register(selector, SelectionKey.OP_WRITE);
        try {
            while (buffer.hasRemaining()) {
                if (socket.write(buffer) == 0 && selector.select(timeoutMillis) == 0) {
                    throw new IOException("write timed out");
                }
                selector.selectedKeys().clear();
            }
        } finally {
            key.interestOps(0);
        }
    }

    /** One byte, or -1 at end of stream; an IOException after the timeout. */
    private int read() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int n = readSome(one);
        if (n == 0) {
            throw new IOException("read timed out after " + timeoutMillis + " ms");
        }
        return n < 0 ? -1 : one.get(0) & 0xFF;
    }

    /** Reads what arrives within the timeout: the count, 0 on timeout, -1 at end of stream. */
    private int readSome(ByteBuffer buffer) throws IOException {
        int n = socket.read(buffer);
        if (n != 0) {
            return n;
        }
        SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
        try {
            if (selector.select(timeoutMillis) == 0) {
                return 0;
            }
            selector.selectedKeys().clear();
            return socket.read(buffer);
        } finally {
            key.interestOps(0);
        }
    }

    /** 0xFF + guest-sync-delimited; discards everything up to the agent's 0xFF and reads the echo. */
    public void sync() throws IOException {
        long id = 4242424242L;
        send(new byte[] {(byte) 0xFF});
        send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}\n");
        while (true) {
            int b = read();
            if (b < 0) {
                throw new IOException("closed while syncing");
            }
            if (b == 0xFF) {
                break;
            }
        }
        JsonObject reply = JsonParser.parseString(readLine()).getAsJsonObject();
        if (reply.get("return").getAsLong() != id) {
            throw new IOException("unexpected sync reply " + reply);
        }
    }

    public JsonObject call(String request) throws IOException {
        send(request + "\n");
        return JsonParser.parseString(readLine()).getAsJsonObject();
    }

    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = read();
            if (b < 0 || b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** Reads at most n bytes that arrive within the timeout (none on timeout or end of stream). */
    public byte[] readSome(int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        int got = readSome(buffer);
        byte[] bytes = new byte[Math.max(0, got)];
        buffer.flip();
        buffer.get(bytes);
        return bytes;
    }

    public void setTimeout(int millis) {
        timeoutMillis = millis;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        socket.close();
    }
}
