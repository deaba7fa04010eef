package qga.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The training run of the AOT cache that qga uses on Java 25 and later (bin/qga with QGA_TRAIN=1,
 * run by src/build/train-cache.sh): the one-shot, pipe, version and help paths one after the
 * other, in one JVM, against the address given. An AOT cache holds one run, and the JVM loads
 * every class in it at start, so this run is what every run but the shell's pays for: the common
 * paths and nothing else (the shell has a cache of its own, trained by a shell session).
 * Prints nothing; the agent's replies and any failure (no agent at all) only steer the paths.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        String address = args.length > 0 ? args[0] : "unix:/nonexistent/qga.sock";
        String pipe = "guest-ping\n{\"execute\":\"guest-get-timezone\"}\nguest-get-osinfo\n";
        List<String[]> runs = List.of(new String[] {address, "exec", "guest-get-osinfo"}, new String[] {address},
                new String[] {"--version"}, new String[] {"--help"}, new String[] {"help", "guest-exec"},
                new String[] {"commands"}, new String[] {address, "exec", "guest-no-such-command"});
        String program = System.getProperty("qga.program", "qga");
        boolean stdoutIsTerminal = Terminals.isTerminal(1);
        Map<String, String> env = System.getenv();
        // what Main.main starts beside the parse, so that its classes are in the cache too
        WarmUp.run(WarmUp.Work.CATALOG_AND_SOCKET);
        for (String[] run : runs) {
            InputStream in = new ByteArrayInputStream(
                    (run.length == 1 && run[0].equals(address) ? pipe : "").getBytes(StandardCharsets.UTF_8));
            PrintStream out = new StdoutStream(OutputStream.nullOutputStream());
            PrintStream err = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Main.run(new Invocation(program, run, in, out, err, env, false, stdoutIsTerminal));
            out.flush();
        }
    }
}
