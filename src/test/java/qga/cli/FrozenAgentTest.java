package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga;
import qga.support.RealAgent;

/**
 * A real qemu-ga that holds a freeze, on this host without freezing anything: the agent
 * remembers a freeze in its state directory and starts frozen when it finds that file (as after
 * a restart while frozen). It then disables every command but ping, info, sync and fsfreeze
 * status and thaw, and lists them as disabled in guest-info: qga says the guest is frozen, not
 * that the command is blocked.
 */
@Timeout(60)
class FrozenAgentTest {
    private static final String REFUSED = " is refused while the guest's file systems are frozen (the agent then takes only"
            + " guest-ping, guest-info, guest-sync and guest-fsfreeze-status/-thaw): thaw them first with guest-fsfreeze-thaw"
            + " (qga ADDRESS fsfreeze thaw)\n";

    @TempDir
    Path dir;

    private static void assertRefused(Qga.Result result, int exit, String message) {
        assertThat(result.exit()).as(result.toString()).isEqualTo(exit);
        assertThat(result.out()).as(result.toString()).isEmpty();
        assertThat(result.err()).as(result.toString()).isEqualTo(message);
    }

    @Test
    void aFrozenAgentIsSaidToBeFrozenAndANewFreezeIsRefused() throws Exception {
        Files.createFile(dir.resolve("qga.state.isfrozen"));
        try (RealAgent frozen = RealAgent.start(dir)) {
            Qga.Result status = qga().run(frozen.address(), "fsfreeze", "status");
            Qga.Result freeze = qga().run(frozen.address(), "fsfreeze", "freeze");
            Qga.Result unchecked = qga().run(frozen.address(), "--no-validate", "fsfreeze", "freeze");
            Qga.Result exec = qga().run(frozen.address(), "exec", "guest-get-osinfo");
            Qga.Result run = qga().run(frozen.address(), "run", "--", "true");

            assertThat(status.out()).as(status.toString()).isEqualTo("frozen\n");
            assertRefused(freeze, 2, "qga: guest-fsfreeze-freeze" + REFUSED);
            assertRefused(unchecked, 1, "qga: the guest's file systems are frozen already, by an earlier freeze: end that one"
                    + " with guest-fsfreeze-thaw (qga ADDRESS fsfreeze thaw)\n");
            assertRefused(exec, 2, "qga: guest-get-osinfo" + REFUSED);
            assertRefused(run, 2, "qga: guest-exec" + REFUSED);
        }
    }
}
