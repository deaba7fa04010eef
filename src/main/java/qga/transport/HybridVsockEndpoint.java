package qga.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import qga.base.Log;
import qga.base.QgaException;

/**
 * hvsock:PATH:PORT: a guest's vsock port through the host Unix socket of Firecracker or Cloud
 * Hypervisor ("hybrid vsock"). The client writes CONNECT PORT\n and the VMM answers OK HOSTPORT\n;
 * from then on the stream is the connection to the guest's qemu-ga -m vsock-listen. When nothing
 * listens on that port in the guest, the VMM closes the connection without an answer (or, in some
 * versions, writes a line that is not OK).
 */
public final class HybridVsockEndpoint implements ChannelEndpoint {
    /** Longer than any answer a VMM gives; a longer line is not a VMM's. */
    private static final int MAX_ANSWER = 256;

    private final UnixEndpoint vmm;
    private final long port;
    private final String display;
    private final Log log;

    public HybridVsockEndpoint(Path path, long port, String display, Map<String, String> env, Log log) {
        this.vmm = new UnixEndpoint(path, display, env, log);
        this.port = port;
        this.display = display;
        this.log = log;
    }

    public Path path() {
        return vmm.path();
    }

    public long port() {
        return port;
    }

    @Override
    public String display() {
        return display;
    }

    /** A byte channel to the agent, once the VMM has said OK. */
    @Override
    public Channel connect(Duration timeout) throws QgaException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (Files.notExists(path())) {
            throw QgaException.cannotConnect("no such socket: " + path() + " (is the VM running, and is this its vsock"
                    + " socket, Firecracker's uds_path or Cloud Hypervisor's --vsock socket=?)");
        }
        SocketChannel socket = vmm.socket(timeout);
        try {
            socket.write(ByteBuffer.wrap(("CONNECT " + port + "\n").getBytes(StandardCharsets.US_ASCII)));
            String answer = answer(socket, deadline, timeout);
            if (answer == null) {
                throw QgaException.cannotConnect("the VMM at " + path() + " closed the connection without answering CONNECT "
                        + port + ": nothing listens on vsock port " + port + " in the guest (is qemu-ga running there"
                        + " with -m vsock-listen -p 3:" + port + "?)");
            }
            if (!answer.matches("OK [0-9]+")) {
                throw QgaException.cannotConnect("the VMM at " + path() + " refused CONNECT " + port + ": \"" + quoted(answer) + "\"");
            }
            log.verbose(display + ": the VMM connected vsock port " + port + " (" + answer + ")");
            return new StreamChannel(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw QgaException.cannotConnect("the VMM at " + path() + " dropped the connection during CONNECT " + port + ": "
                    + e.getMessage(), e);
        } catch (QgaException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /**
     * The VMM's answer line without its newline, or null when it closed without one. Read a byte at a
     * time, so that not one byte of the agent's stream is taken with it, within the deadline.
     */
    private String answer(SocketChannel socket, long deadline, Duration timeout) throws IOException, QgaException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        socket.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            socket.register(selector, SelectionKey.OP_READ);
            while (true) {
                one.clear();
                int n = socket.read(one);
                if (n < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                if (n == 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw QgaException.noAnswer("the VMM at " + path() + " did not answer CONNECT " + port + " within "
                                + timeout.toMillis() + " ms (is " + path() + " the VMM's vsock socket, its uds_path?)");
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                    selector.selectedKeys().clear();
                    continue;
                }
                if (one.get(0) == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                if (line.size() == MAX_ANSWER) {
                    throw QgaException.cannotConnect("the VMM at " + path() + " answered CONNECT " + port + " with more than "
                            + MAX_ANSWER + " bytes and no newline: \"" + quoted(line.toString(StandardCharsets.UTF_8)) + "\"");
                }
                line.write(one.get(0));
            }
        } finally {
            // the selector is closed, so the channel is registered nowhere and may block again
            socket.configureBlocking(true);
        }
    }

    /** The answer with control characters written as \xNN, so that quoting it cannot drive a terminal. */
    private static String quoted(String answer) {
        StringBuilder out = new StringBuilder();
        for (char c : answer.toCharArray()) {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '"' || c == '\\') {
                out.append(c == '"' || c == '\\' ? "\\" + c : String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to undo
        }
    }
}
