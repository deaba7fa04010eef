package qga.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import qga.base.Log;
import qga.base.QgaException;

/** An agent behind a Unix socket: qemu-ga -m unix-listen, or a QEMU chardev socket. */
public final class UnixEndpoint implements ChannelEndpoint {
    /** sun_path holds 108 bytes including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;
    static final Duration REFUSED_RETRY = Duration.ofMillis(500);

    private final Path path;
    private final String display;
    private final Map<String, String> env;
    private final Log log;

    public UnixEndpoint(Path path, String display) {
        this(path, display, Map.of(), Log.SILENT);
    }

    /** env and log serve the diagnosis of a silent socket (which may ask virsh). */
    public UnixEndpoint(Path path, String display, Map<String, String> env, Log log) {
        this.path = path;
        this.display = display;
        this.env = env;
        this.log = log;
    }

    @Override
    public String diagnoseSilence() {
        return SilenceDiagnosis.diagnose(path, env, log);
    }

    public Path path() {
        return path;
    }

    @Override
    public String display() {
        return display;
    }

    /**
     * A byte channel to the agent, connected with the JDK's own AF_UNIX support: a Unix connect
     * never waits (it succeeds into the backlog or fails at once), so the timeout matters only for
     * what follows.
     */
    @Override
    public Channel connect(Duration timeout) throws QgaException {
        return new StreamChannel(socket(timeout));
    }

    /** The connected socket, for a caller that speaks to it before the agent does (hvsock:). */
    SocketChannel socket(Duration timeout) throws QgaException {
        checkPath();
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long briefly = start + Math.min(timeout.toNanos(), REFUSED_RETRY.toNanos());
        while (true) {
            SocketChannel socket = null;
            try {
                socket = SocketChannel.open(StandardProtocolFamily.UNIX);
                socket.connect(UnixDomainSocketAddress.of(path));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                // qemu-ga and QEMU listen with a queue of one, and qemu-ga refuses for a moment as one client
                // leaves and the next is taken: a refused connect is tried again for a while, for the whole
                // timeout while something visibly listens at the path
                long now = System.nanoTime();
                boolean retry = isRefused(e) && (now < briefly || (now < deadline && SilenceDiagnosis.isListening(path)));
                if (!retry) {
                    throw explain(e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw QgaException.cannotConnect("interrupted while connecting to " + path);
            }
        }
    }

    static boolean isRefused(IOException e) {
        return String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("refused");
    }

    /** Names the problem before the connect does, since errno texts alone do not say what to fix. */
    private void checkPath() throws QgaException {
        int length = path.toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_PATH_BYTES) {
            throw QgaException.cannotConnect("socket path is " + length + " bytes long; Unix sockets allow "
                    + MAX_PATH_BYTES + ": use a shorter path or a symlink to its directory");
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw QgaException.cannotConnect("no such socket: " + path
                    + " (is the VM running, and is this its agent chardev path?)");
        } catch (AccessDeniedException e) {
            throw QgaException.cannotConnect(FileAccess.deniedOnTheWayTo(path));
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        if (!attributes.isOther()) {
            String kind = attributes.isDirectory() ? "a directory" : attributes.isRegularFile() ? "a regular file" : "not a socket";
            throw QgaException.cannotConnect(path + " is not a socket (it is " + kind + ")");
        }
    }

    private QgaException explain(IOException e) {
        String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (text.contains("refused")) {
            if (SilenceDiagnosis.isListening(path)) {
                return QgaException.cannotConnect(path + " refuses connections although something listens on it: its"
                        + " queue is full of other waiting clients (QEMU and qemu-ga serve one at a time)", e);
            }
            return QgaException.cannotConnect("nothing is listening on " + path
                    + " (connection refused): the VM or agent that created it has exited", e);
        }
        if (text.contains("permission") || text.contains("access")) {
            return QgaException.cannotConnect(FileAccess.denied(path), e);
        }
        if (text.contains("no such file")) {
            return QgaException.cannotConnect("no such socket: " + path, e);
        }
        return QgaException.cannotConnect("cannot connect to " + path + ": " + e.getMessage(), e);
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

    /** Permission messages that say who does have access, so the fix is obvious. */
    static final class FileAccess {
        private FileAccess() {
        }

        static String denied(Path path) {
            return "permission denied on " + path + describeOwner(path)
                    + ": run as that user, as root, or as a member of that group";
        }

        /** Finds the first directory on the way that cannot be searched. */
        static String deniedOnTheWayTo(Path path) {
            Path absolute = path.toAbsolutePath();
            Path dir = absolute.getRoot();
            for (Path part : absolute.getParent() == null ? Path.of("") : absolute.getParent()) {
                dir = dir.resolve(part);
                if (!Files.isExecutable(dir)) {
                    return "permission denied on directory " + dir + describeOwner(dir)
                            + ": run as that user, as root, or as a member of that group";
                }
            }
            return denied(path);
        }

        private static String describeOwner(Path path) {
            try {
                PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return " (" + PosixFilePermissions.toString(a.permissions()) + ", owner " + a.owner().getName()
                        + ", group " + a.group().getName() + ")";
            } catch (IOException | UnsupportedOperationException e) {
                return "";
            }
        }
    }
}
