package qga.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import qga.base.QgaException;

/** An agent chardev on TCP: -chardev socket,host=...,port=...,server=on. */
public final class TcpEndpoint implements ChannelEndpoint {
    private final String host;
    private final int port;
    private final String display;

    public TcpEndpoint(String host, int port, String display) {
        this.host = host;
        this.port = port;
        this.display = display;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    @Override
    public String display() {
        return display;
    }

    /** A byte channel to the agent. */
    @Override
    public Channel connect(Duration timeout) throws QgaException {
        Socket socket = null;
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            socket = channel.socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return new StreamChannel(channel);
        } catch (UnknownHostException e) {
            close(socket);
            throw QgaException.cannotConnect("unknown host " + host + " in " + display, e);
        } catch (ConnectException e) {
            close(socket);
            throw QgaException.cannotConnect("nothing is listening on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        } catch (SocketTimeoutException e) {
            close(socket);
            throw QgaException.cannotConnect("connecting to " + host + ":" + port + " timed out after "
                    + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            close(socket);
            throw QgaException.cannotConnect("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void close(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing was connected
        }
    }
}
