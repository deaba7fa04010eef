package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.base.QgaException;

class InboxTest {
    private final EventQueue events = new EventQueue(1 << 20);
    private final Inbox inbox = new Inbox(events);

    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void handsOutABatchOneEventAtATimeInOrder() throws Exception {
        events.putAll(List.of(new Event.Delimiter(false), new Event.Violation("garbage")));

        assertThat(inbox.ready()).isTrue();
        assertThat(inbox.await(in(10_000))).isEqualTo(new Event.Delimiter(false));
        assertThat(inbox.poll()).isEqualTo(new Event.Violation("garbage"));
        assertThat(inbox.poll()).isNull();
        assertThat(inbox.ready()).isFalse();
    }

    @Test
    void silenceUntilTheDeadlineIsNull() throws Exception {
        assertThat(inbox.await(System.nanoTime())).isNull();
    }

    @Test
    @Timeout(60)
    void aCancelStopsAWaitInProgressFromAnotherThread() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.set(inbox.await(in(600_000)));
            } catch (QgaException e) {
                outcome.set(e);
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }

        inbox.cancel();
        waiter.join();

        assertThat(outcome.get()).isInstanceOfSatisfying(QgaException.class, e -> assertThat(e.cancelled()).isTrue());
    }

    @Test
    void aCancelWithNobodyWaitingStopsTheNextWaitOnce() throws Exception {
        inbox.cancel();

        assertThatThrownBy(() -> inbox.await(in(600_000))).isInstanceOfSatisfying(QgaException.class,
                e -> assertThat(e.cancelled()).isTrue());
        assertThat(inbox.await(System.nanoTime())).isNull();
    }

    @Test
    void aNewRequestForgetsAnEarlierCancel() throws Exception {
        inbox.cancel();
        inbox.clearCancel();

        assertThat(inbox.await(System.nanoTime())).isNull();
    }
}
