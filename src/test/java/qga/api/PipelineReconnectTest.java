package qga.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.protocol.Request;
import qga.support.RealAgent;

/**
 * A pipeline does not reconnect while requests are in flight, but once it has been drained the
 * agent reconnects as it did before: the shell runs :info and :run through pipelines on its own
 * agent, and must still reconnect after the guest's agent restarts.
 */
@Timeout(60)
class PipelineReconnectTest {
    @TempDir
    Path dir;

    @Test
    void aDrainedPipelineLeavesTheAgentReconnecting() throws Exception {
        RealAgent first = RealAgent.start(dir);
        try (Agent agent = Agent.open(first.address(), AgentOptions.defaults())) {
            CountDownLatch closed = new CountDownLatch(1);
            agent.setClosedListener(closed::countDown);
            Pipeline<String> pipeline = agent.pipeline();
            pipeline.submit("ping", Request.of("guest-ping", null));
            assertThat(pipeline.next()).isInstanceOf(Pipeline.Result.Answered.class);
            assertThat(pipeline.isEmpty()).isTrue();

            first.close();
            assertThat(closed.await(30, TimeUnit.SECONDS)).as("the agent saw the channel close").isTrue();
            try (RealAgent second = RealAgent.start(dir)) {
                assertThat(agent.call("guest-ping", null).getAsJsonObject().size()).isZero();
                assertThat(agent.connections()).isEqualTo(2);
            }
        } finally {
            first.close();
        }
    }
}
