package qga.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** A bare client written the way the agent's protocol describes it, to compare qga against. */
public final class RawClient implements AutoCloseable {
    private final AFUNIXSocket socket;
    private final InputStream in;

    private RawClient(AFUNIXSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        socket.setSoTimeout(10_000);
    }

    public static RawClient connect(Path path) throws IOException {
        AFUNIXSocket socket = AFUNIXSocket.newInstance();
        socket.connect(AFUNIXSocketAddress.of(path));
        return new RawClient(socket);
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** 0xFF + guest-sync-delimited; discards everything up to the agent's 0xFF and reads the echo. */
    public void sync() throws IOException {
        long id = 4242424242L;
        send(new byte[] {(byte) 0xFF});
        send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}\n");
        while (true) {
            int b = in.read();
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
            int b = in.read();
            if (b < 0 || b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /** Reads at most n bytes that arrive within the socket timeout. */
    public byte[] readSome(int n) throws IOException {
        byte[] buffer = new byte[n];
        try {
            int got = in.read(buffer);
            return got < 0 ? new byte[0] : java.util.Arrays.copyOf(buffer, got);
        } catch (SocketTimeoutException e) {
            return new byte[0];
        }
    }

    public void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
