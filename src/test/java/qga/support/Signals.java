package qga.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Signals to processes the tests started: by name, as kill(1) sends them, and the stop at the end of a test. */
public final class Signals {
    private Signals() {
    }

    /** Sends SIGNAME (STOP, CONT, INT, ...) to pid; throws with kill's words if it cannot. */
    public static void send(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + pid + ": " + output);
        }
    }

    /** Stops a process the test started: SIGTERM, and SIGKILL if it is still there 5 s later. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
