package qga.support;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** For test classes whose every test talks to its own real QEMU monitor, started in the test's temp directory. */
public abstract class WithRealQemu {
    @TempDir
    protected Path dir;
    protected RealQemu qemu;

    @BeforeEach
    void startQemu() throws Exception {
        qemu = RealQemu.start(dir);
    }

    @AfterEach
    void stopQemu() throws Exception {
        qemu.close();
    }
}
