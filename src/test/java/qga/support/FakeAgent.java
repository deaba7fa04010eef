package qga.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A scripted agent on a real Unix socket, for faults the real qemu-ga cannot be made to show:
 * garbage, stalls, cut or oversize replies, floods, wrong ids. It records every byte it receives
 * and collects its own failures, which close() rethrows.
 */
public final class FakeAgent implements AutoCloseable {
    /** What the agent does with one connection. */
    @FunctionalInterface
    public interface Script {
        void serve(Connection connection) throws Exception;
    }

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<SocketChannel> open = Collections.synchronizedList(new ArrayList<>());
    private volatile int connections;
    private volatile boolean closed;

    private FakeAgent(Path path, Script script) throws IOException {
        this.path = path;
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        acceptor = new Thread(() -> accept(script), "fake-agent");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static FakeAgent start(Path path, Script script) throws IOException {
        return new FakeAgent(path, script);
    }

    /** Answers the sync handshake and replies to each request with replyFor(request) (null: no reply). */
    public static Script replying(java.util.function.Function<JsonObject, String> replyFor) {
        return connection -> {
            JsonObject request;
            while ((request = connection.nextRequest()) != null) {
                String reply = replyFor.apply(request);
                if (reply != null) {
                    connection.write(reply + "\n");
                }
            }
        };
    }

    private void accept(Script script) {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    failures.add(e);
                }
                return;
            }
            connections++;
            open.add(channel);
            Thread worker = new Thread(() -> {
                try (Connection connection = new Connection(channel)) {
                    script.serve(connection);
                } catch (IOException e) {
                    // the client went away: normal for a fake under test
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "fake-agent-connection");
            worker.setDaemon(true);
            worker.start();
        }
    }

    public String address() {
        return "unix:" + path;
    }

    public Path path() {
        return path;
    }

    public int connections() {
        return connections;
    }

    /** Every byte received so far, over all connections. */
    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    public String receivedText() {
        return new String(received(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        closed = true;
        server.close();
        synchronized (open) {
            for (SocketChannel channel : open) {
                channel.close();
            }
        }
        acceptor.join(5000);
        Files.deleteIfExists(path);
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("the fake agent failed: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    /** One client connection, seen from the agent's side. */
    public final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private final InputStream in;
        private final OutputStream out;

        Connection(SocketChannel channel) {
            this.channel = channel;
            this.in = Channels.newInputStream(channel);
            this.out = Channels.newOutputStream(channel);
        }

        /** The next request, with 0xFF resetting the parse like the real agent; null at end of stream. */
        public JsonObject readRequest() throws IOException {
            ByteArrayOutputStream object = new ByteArrayOutputStream();
            int depth = 0;
            boolean inString = false;
            boolean escaped = false;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                synchronized (received) {
                    received.write(b);
                }
                if (b == 0xFF) {
                    object.reset();
                    depth = 0;
                    inString = false;
                    continue;
                }
                if (depth == 0 && b != '{') {
                    continue;
                }
                object.write(b);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    return JsonParser.parseString(object.toString(StandardCharsets.UTF_8)).getAsJsonObject();
                }
            }
        }

        /** The next request that is not a sync, answering syncs on the way as the real agent does. */
        public JsonObject nextRequest() throws IOException {
            while (true) {
                JsonObject request = readRequest();
                if (request == null || !answerSync(request)) {
                    return request;
                }
            }
        }

        /** Answers guest-sync-delimited (0xFF first) and guest-sync; false for other requests. */
        public boolean answerSync(JsonObject request) throws IOException {
            String command = request.get("execute").getAsString();
            if (!command.equals("guest-sync-delimited") && !command.equals("guest-sync")) {
                return false;
            }
            if (command.equals("guest-sync-delimited")) {
                write(new byte[] {(byte) 0xFF});
            }
            write(returning(request, request.getAsJsonObject("arguments").get("id").toString()) + "\n");
            return true;
        }

        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** {"return": VALUE, "id": the request's id} as the agent would write it. */
    public static String returning(JsonObject request, String valueJson) {
        JsonElement id = request.get("id");
        return "{\"return\": " + valueJson + (id == null ? "" : ", \"id\": " + id) + "}";
    }

    /** {"id": ..., "error": {...}} as the agent would write it. */
    public static String failing(JsonObject request, String errorClass, String desc) {
        JsonElement id = request.get("id");
        return "{" + (id == null ? "" : "\"id\": " + id + ", ") + "\"error\": {\"class\": \"" + errorClass
                + "\", \"desc\": \"" + desc + "\"}}";
    }
}
