package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ChannelReaderTest {
    private final EventQueue events = new EventQueue(1 << 20);
    private final List<String> tapped = new ArrayList<>();
    private final WireTap tap = new WireTap() {
        @Override
        public void sent(String request) {
        }

        @Override
        public void received(String reply) {
            tapped.add(reply);
        }
    };

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.replace("<FF>", "\u00ff").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Every event up to and including the end of the stream. */
    private List<Event> untilClosed() throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        ArrayDeque<Event> batch = new ArrayDeque<>();
        while (seen.isEmpty() || !(seen.get(seen.size() - 1) instanceof Event.Closed)) {
            events.drainTo(batch, TimeUnit.SECONDS.toNanos(30), () -> false);
            seen.addAll(batch);
            batch.clear();
        }
        return seen;
    }

    @Test
    void queuesEachReplyParsedThenTheEnd() throws Exception {
        ChannelReader reader = new ChannelReader(bytes("<FF>{\"return\": 1}\n{\"a\" 1}garbage\n"), events, 1 << 20, () -> tap);
        reader.start();

        List<Event> seen = untilClosed();

        assertThat(seen).hasSize(5);
        assertThat(seen.get(0)).isEqualTo(new Event.Delimiter(false));
        assertThat(((Event.Received) seen.get(1)).json().toString()).isEqualTo("{\"return\":1}");
        assertThat(seen.get(2)).isInstanceOf(Event.Malformed.class);
        assertThat(seen.get(3)).isInstanceOf(Event.Violation.class);
        assertThat(seen.get(4)).isEqualTo(new Event.Closed(0, null));
        assertThat(tapped).containsExactly("{\"return\": 1}", "{\"a\" 1}");
        assertThat(reader.ended()).isTrue();
    }

    @Test
    void anEndInsideAReplyCountsItsBytes() throws Exception {
        new ChannelReader(bytes("{\"return\": \"abc"), events, 1 << 20, () -> null).start();

        assertThat(untilClosed()).containsExactly(new Event.Closed(15, null));
    }

    @Test
    void aResetIsAnEndCarryingTheError() throws Exception {
        IOException reset = new IOException("Connection reset by peer");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw reset;
            }
        };
        new ChannelReader(new SequenceInputStream(bytes("{\"return\": 2}"), failing), events, 1 << 20, () -> null).start();

        List<Event> seen = untilClosed();

        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isEqualTo(new Event.Closed(0, reset));
    }

    @Test
    void toldWhenThePeerCloses() throws Exception {
        CountDownLatch told = new CountDownLatch(1);
        ChannelReader reader = new ChannelReader(bytes(""), events, 1 << 20, () -> null);
        reader.setClosedListener(told::countDown);
        reader.start();

        assertThat(told.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anEndWeCausedIsNeitherAnEventNorTold() throws Exception {
        List<String> told = new ArrayList<>();
        InputStream closedByUs = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Socket closed");
            }
        };
        ChannelReader reader = new ChannelReader(closedByUs, events, 1 << 20, () -> null);
        reader.setClosedListener(() -> told.add("closed"));
        reader.stop();
        reader.start();

        assertThat(reader.join(30_000)).isTrue();
        assertThat(events.isEmpty()).isTrue();
        assertThat(told).isEmpty();
        assertThat(reader.ended()).isFalse();
    }
}
