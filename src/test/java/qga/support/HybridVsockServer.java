package qga.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A VMM's hybrid vsock socket as Firecracker documents it: a client connects to the Unix socket and
 * writes CONNECT PORT\n; for the port a guest listens on the VMM answers OK HOSTPORT\n and the
 * connection is then the guest's, here a real agent's socket; for any other port it closes the
 * connection without an answer, or writes the refusal line it was given. Collects what clients
 * asked and its own failures; stopped by close().
 */
public final class HybridVsockServer implements AutoCloseable {
    /** The host port Firecracker reports for the first host-initiated connection. */
    public static final String OK = "OK 1073741824\n";

    private final ServerSocketChannel server;
    private final Path socket;
    private final long guestPort;
    private final Path agent;
    private final String refusal;
    private final Thread acceptor;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();

    /**
     * Listens at socket; CONNECT guestPort reaches the agent's socket, any other port is refused by
     * closing (refusal null) or with the refusal line.
     */
    public HybridVsockServer(Path socket, long guestPort, Path agent, String refusal) throws IOException {
        this.socket = socket;
        this.guestPort = guestPort;
        this.agent = agent;
        this.refusal = refusal;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = new Thread(this::accept, "hvsock-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public Path socket() {
        return socket;
    }

    /** The lines clients sent before the VMM answered, newline included. */
    public List<String> requests() {
        return requests;
    }

    public List<Throwable> failures() {
        return failures;
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel client = server.accept();
                open.add(client);
                Thread handler = new Thread(() -> handle(client), "hvsock-client");
                handler.setDaemon(true);
                handler.start();
            }
        } catch (IOException e) {
            if (server.isOpen()) {
                failures.add(e);
            }
        }
    }

    private void handle(SocketChannel client) {
        try {
            String line = line(client);
            requests.add(line);
            if (!line.equals("CONNECT " + guestPort + "\n")) {
                if (refusal != null) {
                    write(client, refusal.getBytes(StandardCharsets.UTF_8));
                }
                client.close();
                return;
            }
            SocketChannel guest = SocketChannel.open(UnixDomainSocketAddress.of(agent));
            open.add(guest);
            write(client, OK.getBytes(StandardCharsets.US_ASCII));
            Thread back = new Thread(() -> pump(guest, client), "hvsock-to-client");
            back.setDaemon(true);
            back.start();
            pump(client, guest);
        } catch (IOException e) {
            if (server.isOpen()) {
                failures.add(e);
            }
        }
    }

    /** The handshake line, a byte at a time so nothing after it is taken. */
    private static String line(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (client.read(one.clear()) > 0) {
            line.write(one.get(0));
            if (one.get(0) == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /**
     * Copies until either side ends, then closes the other, as the VMM ends both halves together.
     * The channels themselves, not Channels' streams, which would let a blocked read hold up a write.
     */
    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try {
            while (from.read(buffer.clear()) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
            }
        } catch (IOException ended) {
            // one side left; the other is closed below
        }
        try {
            to.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel channel : open) {
            channel.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
