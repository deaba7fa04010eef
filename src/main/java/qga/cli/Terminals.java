package qga.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether a standard stream is a terminal, and how wide, decided before anything touches JLine.
 * Java 17's System.console() only answers for stdin and stdout together, so on Linux we look at
 * what /proc/self/fd/N points to.
 */
final class Terminals {
    static final int DEFAULT_COLUMNS = 80;

    private Terminals() {
    }

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    /**
     * The width of the terminal on fd: COLUMNS if set, else what stty says of it, else 80. Asked
     * of stty rather than of JLine, whose terminal takes over Ctrl-C while it is open.
     */
    static int columns(int fd, Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            if (columns > 0) {
                return columns;
            }
        } catch (NumberFormatException e) {
            // not set, or not a number: ask the terminal
        }
        try {
            Path terminal = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
            Process stty = new ProcessBuilder("stty", "size").redirectInput(terminal.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split(" ");
            if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0 && size.length == 2
                    && Integer.parseInt(size[1]) > 0) {
                return Integer.parseInt(size[1]);
            }
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            // no terminal to ask
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }
}
