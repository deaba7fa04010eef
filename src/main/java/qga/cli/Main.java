package qga.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Entry point of both launchers: bin/qga and bin/qga-shell (which sets -Dqga.program=qga-shell). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        WarmUp.start(args);
        PrintStream out = new StdoutStream(new FileOutputStream(FileDescriptor.out));
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        String program = System.getProperty("qga.program", "qga");
        int status = run(new Invocation(program, args, new FileInputStream(FileDescriptor.in), out, err, System.getenv(),
                Terminals.isTerminal(0), Terminals.isTerminal(1), Terminals.isTerminal(2)));
        out.flush();
        System.exit(status);
    }

    /** Runs one command line and returns its exit status; never exits the JVM. */
    public static int run(Invocation invocation) {
        // picocli registers converters for java.time, java.sql and java.nio.file types on every
        // command line it builds, about 60 classes to load; every option of qga is a String
        if (System.getProperty(PICOCLI_EXCLUDES) == null) {
            System.setProperty(PICOCLI_EXCLUDES, "java\\.time\\..*|java\\.sql\\..*|java\\.nio\\.file\\..*");
        }
        return new Cli(invocation).run();
    }

    private static final String PICOCLI_EXCLUDES = "picocli.converters.excludes";
}
