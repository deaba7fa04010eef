package qga.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real terminal for end-to-end shell tests: a private tmux server, stopped by PID. */
public final class Tmux implements AutoCloseable {
    private final String socketName = "qga-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    private long serverPid = -1;
    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(30);

    public static boolean available() {
        return new java.io.File("/usr/bin/tmux").canExecute();
    }

    /**
     * Starts a session running command (through sh -c) in a 160x50 window. The pane stays, with
     * what the command printed, after it exits (remain-on-exit), until close().
     */
    public void start(String command) throws IOException, InterruptedException {
        run("start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                "new-session", "-d", "-s", "main", "-x", "160", "-y", "50", command);
        serverPid = Long.parseLong(run("display-message", "-p", "#{pid}").strip());
    }

    public void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "main"));
        args.addAll(List.of(keys));
        run(args.toArray(new String[0]));
    }

    /** Literal text, no key names. */
    public void type(String text) throws IOException, InterruptedException {
        run("send-keys", "-t", "main", "-l", text);
    }

    public String screen(boolean withEscapes) throws IOException, InterruptedException {
        return withEscapes ? run("capture-pane", "-p", "-e", "-t", "main", "-S", "-2000")
                : run("capture-pane", "-p", "-J", "-t", "main", "-S", "-2000");
    }

    public String awaitScreen(String text) throws Exception {
        String[] screen = {""};
        awaitShown(text + " on the screen", screen, () -> (screen[0] = screen(false)).contains(text));
        return screen[0];
    }

    /** Waits until the last non-blank line is a prompt ending in promptEnd (the shell is idle). */
    public String awaitPrompt(String promptEnd) throws Exception {
        String[] screen = {""};
        awaitShown("the prompt on the screen", screen, () -> (screen[0] = screen(false)).lines().filter(l -> !l.isBlank())
                .reduce((a, b) -> b).orElse("").stripTrailing().endsWith(promptEnd));
        return screen[0];
    }

    /** Poll.until, failing with the last screen seen. */
    private static void awaitShown(String what, String[] screen, Poll.Condition shown) throws Exception {
        try {
            Poll.until(what, WAIT, shown);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the screen:\n" + screen[0], e);
        }
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socketName));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("tmux %s: %s", args[0], text).isZero();
        return text;
    }

    /** Stops the server by PID and waits for it and what ran in it, so nothing writes after the test. */
    @Override
    public void close() {
        if (serverPid <= 0) {
            return;
        }
        ProcessHandle.of(serverPid).ifPresent(server -> {
            List<ProcessHandle> children = server.descendants().toList();
            server.destroy();
            children.forEach(ProcessHandle::destroy);
            for (ProcessHandle process : children) {
                process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
            }
            server.onExit().completeOnTimeout(server, 5, TimeUnit.SECONDS).join();
        });
    }
}
