package qga.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import qga.base.QgaException;

/**
 * unix:@NAME: an agent chardev in Linux's abstract namespace (QEMU's socket,abstract=on), which has
 * no file on disk. The JDK's AF_UNIX refuses such names (they start with a NUL byte), so this is the
 * one place qga uses junixsocket: only this class names it, and only this address loads it, with its
 * native library; every other start stays on the JDK's sockets.
 */
public final class AbstractUnixEndpoint implements ChannelEndpoint {
    /** sun_path holds 108 bytes; an abstract name takes all but the leading NUL. */
    static final int MAX_NAME_BYTES = 107;

    static final String NATIVE_LIBRARY_MISSING = "unix:@NAME needs junixsocket's native library, which did not load"
            + " (its own error is above): if java.io.tmpdir is mounted noexec, point"
            + " QGA_JAVA_OPTS=-Dorg.newsclub.net.unix.library.tmpdir=DIR at a directory that allows it";

    private final String name;
    private final String display;

    public AbstractUnixEndpoint(String name, String display) {
        this.name = name;
        this.display = display;
    }

    /** The name without its @. */
    public String name() {
        return name;
    }

    @Override
    public String display() {
        return display;
    }

    /** A byte channel to the agent; a refused connect is retried as UnixEndpoint does, for the same queue of one. */
    @Override
    public Channel connect(Duration timeout) throws QgaException {
        int length = name.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_NAME_BYTES) {
            throw QgaException.cannotConnect("abstract socket name is " + length + " bytes long; Unix sockets allow "
                    + MAX_NAME_BYTES + ": use a shorter name");
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long briefly = start + Math.min(timeout.toNanos(), UnixEndpoint.REFUSED_RETRY.toNanos());
        while (true) {
            SocketChannel socket = null;
            try {
                socket = AFUNIXSocketChannel.open();
                socket.connect(AFUNIXSocketAddress.inAbstractNamespace(name));
                return new StreamChannel(socket);
            } catch (IOException e) {
                closeQuietly(socket);
                long now = System.nanoTime();
                boolean listening = SilenceDiagnosis.isListening("@" + name);
                if (!UnixEndpoint.isRefused(e) || !(now < briefly || (now < deadline && listening))) {
                    throw explain(e, listening);
                }
            } catch (LinkageError e) {
                // junixsocket has printed why itself, a stack trace that cannot be turned off
                closeQuietly(socket);
                throw QgaException.cannotConnect(NATIVE_LIBRARY_MISSING, e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw QgaException.cannotConnect("interrupted while connecting to @" + name);
            }
        }
    }

    private QgaException explain(IOException e, boolean listening) {
        if (UnixEndpoint.isRefused(e)) {
            if (listening) {
                return QgaException.cannotConnect("@" + name + " refuses connections although something listens on it: its"
                        + " queue is full of other waiting clients (QEMU and qemu-ga serve one at a time)", e);
            }
            return QgaException.cannotConnect("nothing is listening on the abstract socket @" + name
                    + " (connection refused): is the VM running, and is this its agent chardev's name (abstract=on)?", e);
        }
        return QgaException.cannotConnect("cannot connect to the abstract socket @" + name + ": " + e.getMessage(), e);
    }

    @Override
    public String diagnoseSilence() {
        if (SilenceDiagnosis.heldByAnotherClient("@" + name)) {
            return "another client is connected to @" + name + " (QEMU and qemu-ga serve one client at a time; find it"
                    + " with: ss -xp | grep @" + name + ")";
        }
        return null;
    }

    private static void closeQuietly(SocketChannel socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to undo
            }
        }
    }
}
