package qga.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.base.QgaException;
import qga.support.FakeAgent;
import qga.support.Poll;
import qga.support.RealAgent;

/**
 * The fan-out from Java: one result per target on real agents; a cancel that ends the wait on a
 * hung one (a fake: a real agent cannot be made to hang) and starts no more.
 */
@Timeout(60)
class FanOutTest {
    @TempDir
    Path dir;

    private static List<FanOut.Target> targets(RealAgent... agents) throws QgaException {
        List<FanOut.Target> targets = new ArrayList<>();
        for (int i = 0; i < agents.length; i++) {
            targets.add(new FanOut.Target("vm" + i, Agent.open(agents[i].address(), AgentOptions.defaults())));
        }
        return targets;
    }

    private static String hostName(Agent agent) throws QgaException {
        return agent.call("guest-get-host-name", null).getAsJsonObject().get("host-name").getAsString();
    }

    @Test
    void everyTargetGetsOneResult() throws Exception {
        try (RealAgent a = RealAgent.start(dir.resolve("a")); RealAgent b = RealAgent.start(dir.resolve("b"));
                RealAgent c = RealAgent.start(dir.resolve("c"))) {
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            List<FanOut.Result<String>> results = new ArrayList<>();

            new FanOut<String>(2).run(targets(a, b, c), (agent, stops) -> hostName(agent), results::add);

            assertThat(results).extracting(FanOut.Result::index, FanOut.Result::target, FanOut.Result::value,
                    FanOut.Result::failure).containsExactlyInAnyOrder(tuple(0, "vm0", host, null), tuple(1, "vm1", host, null),
                    tuple(2, "vm2", host, null));
        }
    }

    @Test
    void aCancelStopsTheWaitInFlightAndStartsNoMore() throws Exception {
        try (FakeAgent hung = FakeAgent.start(dir.resolve("hung.sock"), c -> {
            while (c.readRequest() != null) {
                // takes the sync, never answers
            }
        }); RealAgent real = RealAgent.start(dir.resolve("real"))) {
            List<FanOut.Target> targets = List.of(
                    new FanOut.Target("hung", Agent.open(hung.address(), AgentOptions.defaults().withTimeout(Duration.ofSeconds(60)))),
                    new FanOut.Target("real", Agent.open(real.address(), AgentOptions.defaults())));
            FanOut<String> fanOut = new FanOut<>(1);
            List<FanOut.Result<String>> results = new ArrayList<>();
            Thread runner = new Thread(() -> {
                try {
                    fanOut.run(targets, (agent, stops) -> hostName(agent), results::add);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            runner.start();
            Poll.until("the hung agent to hold the sync", Duration.ofSeconds(30), () -> hung.receivedText().contains("guest-sync"));

            fanOut.cancel();
            runner.join();

            assertThat(results).extracting(FanOut.Result::target, FanOut.Result::value, r -> r.failure().cancelled(),
                    r -> r.failure().getMessage()).containsExactly(
                            tuple("hung", null, true, "cancelled; the next request resynchronises first"),
                            tuple("real", null, true, "interrupted before it was asked"));
            assertThat(targets.get(1).agent().connections()).isZero();
        }
    }
}
