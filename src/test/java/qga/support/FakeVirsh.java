package qga.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in virsh on PATH that replays recorded output of the real one
 * (src/test/resources/virsh/recorded) and logs every call's arguments.
 */
public final class FakeVirsh {
    private final Path dir;

    public FakeVirsh(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        try (InputStream script = FakeVirsh.class.getResourceAsStream("/virsh/fake-virsh")) {
            Files.copy(script, dir.resolve("virsh"));
        }
        dir.resolve("virsh").toFile().setExecutable(true);
    }

    /** PATH for the run: this stand-in first, then the system's own tools. */
    public String path() {
        return dir + ":/usr/bin:/bin";
    }

    /** Answers the asked thing (a command's execute, dumpxml-DOMAIN, list) with a recorded case. */
    public FakeVirsh replay(String asked, String recorded) throws IOException {
        return replay(asked, recorded, s -> s);
    }

    /** The same, with the recorded stdout rewritten (e.g. a socket path pointed at a test's own agent). */
    public FakeVirsh replay(String asked, String recorded, java.util.function.UnaryOperator<String> edit) throws IOException {
        String stdout = read(recorded + ".stdout");
        String stderr = read(recorded + ".stderr");
        String exit = read(recorded + ".exit");
        return answer(asked, edit.apply(stdout), stderr, Integer.parseInt(exit.strip()));
    }

    public FakeVirsh answer(String asked, String stdout, String stderr, int exit) throws IOException {
        Files.writeString(dir.resolve(asked + ".stdout"), stdout);
        Files.writeString(dir.resolve(asked + ".stderr"), stderr);
        Files.writeString(dir.resolve(asked + ".exit"), Integer.toString(exit));
        return this;
    }

    public FakeVirsh delay(String asked, double seconds) throws IOException {
        Files.writeString(dir.resolve(asked + ".delay"), Double.toString(seconds));
        return this;
    }

    private static String read(String name) throws IOException {
        try (InputStream in = FakeVirsh.class.getResourceAsStream("/virsh/recorded/" + name)) {
            if (in == null) {
                return name.endsWith(".exit") ? "0" : "";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The argument lists of every call so far. */
    public List<List<String>> calls() throws IOException {
        List<List<String>> calls = new ArrayList<>();
        Path log = dir.resolve("calls.log");
        if (!Files.exists(log)) {
            return calls;
        }
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.equals("--")) {
                calls.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        return calls;
    }
}
