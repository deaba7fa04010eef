package qga.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import qga.cli.Invocation;
import qga.cli.Main;

/** Runs the real command line in-process, as a user would, capturing stdout, stderr and the exit status. */
public final class Qga {
    private final Map<String, String> env = new HashMap<>();
    private InputStream stdin = new ByteArrayInputStream(new byte[0]);
    private boolean stdoutTerminal;
    private String program = "qga";

    private Qga() {
        String path = System.getenv("PATH");
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    }

    public static Qga qga() {
        return new Qga();
    }

    public Qga program(String name) {
        program = name;
        return this;
    }

    public Qga env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public Qga stdin(String text) {
        stdin = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public Qga stdin(InputStream in) {
        stdin = in;
        return this;
    }

    /** Pretend stdout is a terminal (pretty by default). */
    public Qga toTerminal() {
        stdoutTerminal = true;
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Main.run(new Invocation(program, args, stdin, outStream, errStream, Map.copyOf(env),
                false, stdoutTerminal));
        outStream.flush();
        errStream.flush();
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
