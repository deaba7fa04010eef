package qga.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import qga.base.QgaException;

/**
 * exec:PROGRAM ARG...: a program whose stdin and stdout are the channel, started without a shell,
 * e.g. exec:ssh root@host socat STDIO UNIX-CONNECT:/run/vm1/qga.sock for a remote hypervisor.
 */
public final class ExecEndpoint implements ChannelEndpoint {
    private final List<String> argv;
    private final String display;

    public ExecEndpoint(List<String> argv, String display) {
        this.argv = List.copyOf(argv);
        this.display = display;
    }

    public List<String> argv() {
        return argv;
    }

    @Override
    public String display() {
        return display;
    }

    /** A byte channel to the agent. */
    @Override
    public Channel connect(Duration timeout) throws QgaException {
        try {
            Process process = new ProcessBuilder(argv).start();
            return new ProcessChannel(process, argv.get(0));
        } catch (IOException e) {
            throw QgaException.cannotConnect("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }
}
