package qga.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A child process as the channel: we write to its stdin and read its stdout. Its stderr is kept
 * (the last few KiB) so that when it exits we can say why, with its status.
 */
final class ProcessChannel implements Channel {
    private static final int STDERR_KEPT = 4096;

    private final Process process;
    private final String name;
    private final byte[] stderrTail = new byte[STDERR_KEPT];
    private int stderrLength;
    private final Thread drain;

    ProcessChannel(Process process, String name) {
        this.process = process;
        this.name = name;
        this.drain = new Thread(this::drainStderr, "qga-child-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    private void drainStderr() {
        byte[] buffer = new byte[1024];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buffer)) > 0) {
                synchronized (stderrTail) {
                    for (int i = 0; i < n; i++) {
                        if (stderrLength == STDERR_KEPT) {
                            System.arraycopy(stderrTail, 1, stderrTail, 0, STDERR_KEPT - 1);
                            stderrLength--;
                        }
                        stderrTail[stderrLength++] = buffer[i];
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone; what we kept is what there is
        }
    }

    @Override
    public InputStream input() {
        return process.getInputStream();
    }

    @Override
    public OutputStream output() {
        return process.getOutputStream();
    }

    @Override
    public String closeReason() {
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                return null;
            }
            drain.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        String tail;
        synchronized (stderrTail) {
            tail = new String(stderrTail, 0, stderrLength, StandardCharsets.UTF_8).strip();
        }
        int lastLine = tail.lastIndexOf('\n');
        String last = lastLine < 0 ? tail : tail.substring(lastLine + 1);
        return name + " exited with status " + process.exitValue() + (last.isEmpty() ? "" : ": " + last);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
