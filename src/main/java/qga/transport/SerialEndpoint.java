package qga.transport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import qga.base.Log;
import qga.base.QgaException;

/**
 * serial:PATH: an agent behind a character device, most often the /dev/pts/N that QEMU's -chardev
 * pty gives the host (libvirt's channel type='pty', or an emulated isa-serial port). A pty has no
 * connection boundary: what an earlier client left is still in the agent's parser, which the 0xFF
 * resync clears. The line is set raw without echo (stty, while we hold it open), since an echoing
 * line would send every reply back to the agent as input; baud rate and modem lines are left alone.
 */
public final class SerialEndpoint implements ChannelEndpoint {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final String display;
    private final Map<String, String> env;

    public SerialEndpoint(Path path, String display, Map<String, String> env) {
        this.path = path;
        this.display = display;
        this.env = env;
    }

    public Path path() {
        return path;
    }

    @Override
    public String display() {
        return display;
    }

    /** The device, open for reading and writing, in raw mode. */
    @Override
    public Channel connect(Duration timeout) throws QgaException {
        checkDevice();
        Path stty = Programs.find("stty", env);
        if (stty == null) {
            throw QgaException.cannotConnect("serial: needs stty to set the line raw, which is not on PATH: install coreutils");
        }
        FileChannel reading = open(StandardOpenOption.READ);
        FileChannel writing = null;
        try {
            writing = open(StandardOpenOption.WRITE);
            raw(stty, timeout);
            return new StreamChannel(reading, writing);
        } catch (QgaException e) {
            closeQuietly(reading);
            closeQuietly(writing);
            throw e;
        }
    }

    private FileChannel open(StandardOpenOption mode) throws QgaException {
        try {
            return FileChannel.open(path, mode);
        } catch (AccessDeniedException e) {
            throw QgaException.cannotConnect(UnixEndpoint.FileAccess.denied(path), e);
        } catch (IOException e) {
            throw QgaException.cannotConnect("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the error being reported is the one that matters
            }
        }
    }

    /** Names the problem before the open does: a missing pty is a VM that has exited or another pty number. */
    private void checkDevice() throws QgaException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (NoSuchFileException e) {
            throw QgaException.cannotConnect("no such device: " + path + " (is the VM running? QEMU says which pty it gave"
                    + " the chardev: char device redirected to /dev/pts/N)");
        } catch (AccessDeniedException e) {
            throw QgaException.cannotConnect(UnixEndpoint.FileAccess.deniedOnTheWayTo(path));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return;
        }
        if ((mode & S_IFMT) == S_IFSOCK) {
            throw QgaException.cannotConnect(path + " is a socket, not a character device: use unix:" + path);
        }
        if ((mode & S_IFMT) != S_IFCHR) {
            String kind = Files.isDirectory(path) ? "a directory" : Files.isRegularFile(path) ? "a regular file" : "not a device";
            throw QgaException.cannotConnect(path + " is not a character device (it is " + kind + ")");
        }
    }

    /** stty -F PATH raw -echo: no line editing, no echo, no translation of bytes, reads return what came. */
    private void raw(Path stty, Duration timeout) throws QgaException {
        List<String> argv = List.of(stty.toString(), "-F", path.toString(), "raw", "-echo");
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] output = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw QgaException.cannotConnect("stty did not set " + path + " raw within " + timeout.toMillis() + " ms");
            }
            if (process.exitValue() != 0) {
                String said = new String(output, StandardCharsets.UTF_8).strip();
                throw QgaException.cannotConnect("cannot set " + path + " to raw mode: " + (said.isEmpty()
                        ? "stty exited with status " + process.exitValue() : said));
            }
        } catch (IOException e) {
            throw QgaException.cannotConnect("cannot run stty for " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QgaException.cannotConnect("interrupted while setting " + path + " raw");
        }
    }

    /** Other processes that hold the device open read the agent's replies before we do. */
    @Override
    public String diagnoseSilence() {
        List<String> others = otherHolders();
        if (others.isEmpty()) {
            return null;
        }
        return "other processes have " + path + " open and may read the agent's replies before qga does: "
                + String.join(", ", others) + " (see fuser -v " + path + ")";
    }

    /** PID (COMMAND) of each other process with a descriptor on the device, as far as /proc shows them to us, by PID. */
    List<String> otherHolders() {
        List<String> holders = new ArrayList<>();
        for (long pid : otherHolderPids()) {
            String command = "";
            try {
                command = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
            } catch (IOException ignored) {
                // gone since, or not ours to read: the pid alone still helps
            }
            holders.add(pid + (command.isEmpty() ? "" : " (" + command + ")"));
        }
        return holders;
    }

    private List<Long> otherHolderPids() {
        List<Long> holders = new ArrayList<>();
        Path device;
        try {
            device = path.toRealPath();
        } catch (IOException e) {
            return holders;
        }
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && holds(process, device)) {
                    holders.add(pid);
                }
            }
        } catch (IOException | RuntimeException e) {
            return holders;
        }
        holders.sort(null);
        return holders;
    }

    private static boolean holds(Path process, Path device) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).equals(device)) {
                        return true;
                    }
                } catch (IOException ignored) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
