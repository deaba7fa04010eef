package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SendBudgetTest {
    private final SendBudget budget = new SendBudget();

    private static SendBudget.Held request(String id, int size) {
        return new SendBudget.Held(id, new byte[0], "{}", 0, "guest-ping", size);
    }

    private static List<String> ids(List<SendBudget.Held> released) {
        return released.stream().map(SendBudget.Held::wireId).toList();
    }

    @Test
    void requestsGoWhileTheyFitThenWaitInOrder() {
        assertThat(budget.admit(request("a", 1000))).isTrue();
        assertThat(budget.admit(request("b", 1000))).isTrue();
        assertThat(budget.admit(request("c", 100))).isFalse();
        assertThat(budget.admit(request("d", 10))).as("nothing overtakes a waiting request").isFalse();
        assertThat(budget.unansweredBytes()).isEqualTo(2000);

        assertThat(ids(budget.settled("a"))).containsExactly("c", "d");
        assertThat(budget.unansweredBytes()).isEqualTo(1110);
    }

    @Test
    void aRequestLargerThanTheBudgetGoesAlone() {
        assertThat(budget.admit(request("big", 60_000))).isTrue();
        assertThat(budget.admit(request("small", 10))).isFalse();
        assertThat(budget.admit(request("big2", 60_000))).isFalse();

        assertThat(ids(budget.settled("big"))).containsExactly("small");
        assertThat(ids(budget.settled("small"))).containsExactly("big2");
        assertThat(budget.isHeld("big2")).isFalse();
    }

    @Test
    void aSyncForgetsWhatWasUnansweredAndLetsTheWaitingGo() {
        budget.admit(request("lost", 2000));
        budget.admit(request("next", 100));

        assertThat(budget.isHeld("next")).isTrue();
        assertThat(ids(budget.synced())).containsExactly("next");
        assertThat(budget.unansweredBytes()).isEqualTo(100);
    }

    @Test
    void settlingTwiceOrAnUnknownIdChangesNothing() {
        budget.admit(request("a", 500));

        budget.settled("a");
        budget.settled("a");
        budget.settled("stranger");

        assertThat(budget.unansweredBytes()).isZero();
    }

    @Test
    void theBudgetIsWithinWhatTheGuestsChannelWasMeasuredToTake() {
        assertThat(SendBudget.BYTES).isLessThanOrEqualTo(4096);
    }
}
