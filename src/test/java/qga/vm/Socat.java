package qga.vm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The socat one-liner a user would type, run by /bin/sh exactly as written (the socket is in
 * $SOCK), for the comparison with qga. Each one-liner carries its own `timeout` wrapper, so a hang
 * shows up as exit 124 instead of a stuck test.
 */
final class Socat {
    /** The usual way: prints nothing against QEMU, which takes socat's half-close at end of input for a disconnect. */
    static final String PLAIN = "echo '%s' | timeout 20 socat -t5 - UNIX-CONNECT:$SOCK";
    /** The way that works on a clean channel: keep the write side open, wait 5 s for replies. */
    static final String SHUT_NONE = "echo '%s' | timeout 20 socat -t5 - UNIX-CONNECT:$SOCK,shut-none";

    private Socat() {
    }

    static void require() {
        if (Host.which("socat").isEmpty()) {
            VmRequirement.unavailable("socat is not installed (apt-get install socat), so the comparison cannot run");
        }
    }

    /** What one run did. */
    record Run(String typed, int exit, byte[] out, double seconds) {
        String stdout() {
            return new String(out, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return stdout().lines().toList();
        }

        boolean killedByTimeout() {
            return exit == 124;
        }

        /** One Markdown-ready sentence: what a user would have seen. */
        String describe() {
            String time = String.format(Locale.ROOT, "%.1f s", seconds);
            String how = killedByTimeout() ? "hung; killed by `timeout` after " + time : "exit " + exit + " after " + time;
            if (out.length == 0) {
                return "printed nothing; " + how;
            }
            List<String> lines = lines();
            if (out.length > 4096) {
                return String.format(Locale.ROOT, "printed %,d bytes starting `%s…` and ending `…%s`; %s", out.length,
                        stdout().substring(0, 24), abbreviate(lines.get(lines.size() - 1), 40, true), how);
            }
            StringBuilder text = new StringBuilder("printed ");
            text.append(lines.size() == 1 ? "1 line: " : lines.size() + " lines: ");
            for (int i = 0; i < lines.size(); i++) {
                text.append(i == 0 ? "" : ", then ").append('`').append(abbreviate(lines.get(i), 90, false)).append('`');
            }
            return text.append("; ").append(how).toString();
        }

        private static String abbreviate(String line, int max, boolean tail) {
            if (line.length() <= max) {
                return line;
            }
            return tail ? line.substring(line.length() - max) : line.substring(0, max - 1) + "…";
        }
    }

    /** Runs TEMPLATE with the request filled in, against SOCKET. */
    static Run run(String template, String request, Path socket) throws IOException, InterruptedException {
        String typed = String.format(template, request);
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", typed)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SOCK", socket.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<byte[]> out = Host.drain(process.getInputStream());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the one-liner outlived its own timeout wrapper: " + typed);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(typed, process.exitValue(), Host.collected(out, typed), seconds);
        } finally {
            Host.stop(process);
        }
    }
}
