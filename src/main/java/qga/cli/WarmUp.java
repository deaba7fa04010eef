package qga.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.Set;
import qga.schema.Catalog;

/**
 * Start-up work a command that talks to an agent will need, done on another core while the main
 * thread parses the command line: the JDK's Unix socket set-up (its class initialisation seeds a
 * SecureRandom, which on Java 18 and later also generates method handle classes) and the command
 * catalog's index and the JSON reader. Nothing is connected or sent; the thread is a daemon, so a run that needs
 * neither never waits for it, and one that does finds the work done or waits on the same class
 * initialisation it would have run itself.
 */
final class WarmUp {
    /** Arguments after which no agent is asked: the warm-up would only take a core from them. */
    private static final Set<String> NO_AGENT = Set.of("-V", "--version", "-h", "--help", "help", "commands", "domains");

    private WarmUp() {
    }

    static void start(String[] args) {
        if (!worthIt(args)) {
            return;
        }
        Thread thread = new Thread(WarmUp::run, "qga-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** False when the command line asks nothing of an agent, or when there is no second core to do it on. */
    static boolean worthIt(String[] args) {
        if (args.length == 0 || Runtime.getRuntime().availableProcessors() < 2) {
            return false;
        }
        for (String arg : args) {
            if (NO_AGENT.contains(arg)) {
                return false;
            }
        }
        return true;
    }

    /** Never fails and never prints: whatever goes wrong here goes wrong again where it matters, and is reported there. */
    private static void run() {
        try {
            SocketChannel.open(StandardProtocolFamily.UNIX).close();
        } catch (IOException | RuntimeException e) {
            // the endpoint that needs a Unix socket reports this itself
        }
        try {
            // an entry parsed: the JSON reader's classes initialised too
            Catalog.builtIn().find("guest-sync-delimited");
        } catch (RuntimeException e) {
            // the validation that needs the catalog reports this itself
        }
    }
}
