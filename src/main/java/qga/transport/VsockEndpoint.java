package qga.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import qga.base.QgaException;

/**
 * vsock:CID:PORT, for agents started with qemu-ga -m vsock-listen. The JDK has no AF_VSOCK, and
 * junixsocket's AF_VSOCK classes ship in its junixsocket-vsock module, which the package registry
 * does not serve, so the connection is made by socat (VSOCK-CONNECT).
 */
public final class VsockEndpoint implements ChannelEndpoint {
    private final long cid;
    private final long port;
    private final String display;
    private final Map<String, String> env;

    public VsockEndpoint(long cid, long port, String display, Map<String, String> env) {
        this.cid = cid;
        this.port = port;
        this.display = display;
        this.env = env;
    }

    public long cid() {
        return cid;
    }

    public long port() {
        return port;
    }

    @Override
    public String display() {
        return display;
    }

    /** A byte channel to the agent. */
    @Override
    public Channel connect(Duration timeout) throws QgaException {
        if (!Files.exists(Path.of("/dev/vsock"))) {
            throw QgaException.cannotConnect("vsock is not available on this machine (no /dev/vsock: load the vsock"
                    + " and vhost_vsock or virtio-vsock transport modules)");
        }
        Path socat = Programs.find("socat", env);
        if (socat == null) {
            throw QgaException.cannotConnect("vsock: needs socat, which is not installed: apt-get install socat");
        }
        // socat gives up connecting before our sync does, so a missing peer reads as "cannot connect"
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", timeout.toMillis() * 0.6 / 1000);
        List<String> argv = List.of(socat.toString(), "-", "VSOCK-CONNECT:" + cid + ":" + port + ",connect-timeout=" + seconds);
        try {
            return new ProcessChannel(new ProcessBuilder(argv).start(), "socat (vsock " + cid + ":" + port + ")");
        } catch (IOException e) {
            throw QgaException.cannotConnect("cannot run socat for " + display + ": " + e.getMessage(), e);
        }
    }
}
