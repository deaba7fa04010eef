import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The floor of any Java agent client, for bench/run: connect to a Unix socket, sync, send one
 * command, print its reply line. The JDK only, no library, no checks: what qga's one-shot would
 * cost if qga itself cost nothing. Usage: FloorClient SOCKET COMMAND.
 */
public class FloorClient {
    public static void main(String[] args) throws Exception {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(args[0]));
            String requests = "\u00ff{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + ProcessHandle.current().pid()
                    + "}}\n{\"execute\":\"" + args[1] + "\",\"id\":\"floor\"}\n";
            channel.write(ByteBuffer.wrap(requests.getBytes(StandardCharsets.ISO_8859_1)));
            StringBuilder line = new StringBuilder();
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (channel.read(buffer) > 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    char c = (char) (buffer.get() & 0xFF);
                    if (c != '\n') {
                        if (c != 0xFF) {
                            line.append(c);
                        }
                        continue;
                    }
                    if (line.toString().endsWith("\"id\": \"floor\"}")) {
                        System.out.println(line);
                        return;
                    }
                    line.setLength(0);
                }
                buffer.clear();
            }
            System.exit(1);
        }
    }
}
