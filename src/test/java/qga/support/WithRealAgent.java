package qga.support;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For test classes whose every test talks to its own real qemu-ga, started in the test's temp directory. */
public abstract class WithRealAgent {
    @TempDir
    protected Path dir;
    protected RealAgent agent;

    @BeforeEach
    void startAgent() throws Exception {
        agent = RealAgent.start(dir);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }
}
