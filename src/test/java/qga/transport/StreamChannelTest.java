package qga.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;
import qga.support.Poll;

/** junixsocket's channel (unix:@NAME) behaves as a channel must, and says what went wrong as the JDK's does. */
@Timeout(30)
class StreamChannelTest {
    @Test
    void aPeerThatLeftIsABrokenPipeNotAnAsynchronousClose() throws Exception {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        pair.getSocket2().close();
        Channel channel = new StreamChannel(pair.getSocket1());
        try {
            assertThatThrownBy(() -> channel.output().write(new byte[] {'{'})).isInstanceOf(IOException.class)
                    .hasMessage("Broken pipe");
        } finally {
            channel.close();
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedRead() throws Exception {
        AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
        SocketChannel peer = pair.getSocket2();
        Channel channel = new StreamChannel(pair.getSocket1());
        Thread reader = new Thread(() -> {
            try {
                channel.input().read();
            } catch (IOException expected) {
                // ended by the close, which is the point
            }
        });
        try {
            reader.start();
            Poll.until("the reader to block in the native read", Duration.ofSeconds(10), () -> Arrays.stream(reader.getStackTrace())
                    .anyMatch(frame -> frame.getClassName().equals("org.newsclub.net.unix.NativeUnixSocket")));
            channel.close();
            reader.join(10_000);
            assertThat(reader.isAlive()).isFalse();
        } finally {
            peer.close();
        }
    }
}
