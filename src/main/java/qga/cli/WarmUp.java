package qga.cli;

import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.Set;
import qga.schema.Catalog;

/**
 * Start-up work the command will need, done on another core while the main thread parses the
 * command line: the command catalog's index and the JSON reader (for validation, help and the
 * command table) and, for a command that talks to an agent, the JDK's Unix socket set-up (its class
 * initialisation seeds a SecureRandom, which on Java 18 and later also generates method handle
 * classes). Nothing is connected or sent; the thread is a daemon, so a run that needs none of it
 * never waits for it, and one that does finds the work done or waits on the same class
 * initialisation it would have run itself.
 */
final class WarmUp {
    /** What a command line will need. */
    enum Work {
        NOTHING,
        CATALOG,
        CATALOG_AND_SOCKET
    }

    /** Arguments after which nothing of the catalog or an agent is needed. */
    private static final Set<String> NOTHING = Set.of("-V", "--version", "-h", "--help", "domains");
    /** Arguments that ask the catalog but no agent (unless an address is given too, which they then ask). */
    private static final Set<String> CATALOG = Set.of("help", "commands");

    private WarmUp() {
    }

    static void start(String[] args) {
        Work work = work(args);
        if (work == Work.NOTHING || Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        // a class of its own, not a lambda: the first lambda of a run costs a bootstrap
        Thread thread = new Thread(new Task(work), "qga-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    static Work work(String[] args) {
        if (args.length == 0) {
            return Work.NOTHING;
        }
        Work work = Work.CATALOG_AND_SOCKET;
        for (String arg : args) {
            if (NOTHING.contains(arg)) {
                return Work.NOTHING;
            }
            if (CATALOG.contains(arg)) {
                work = Work.CATALOG;
            }
        }
        return work;
    }

    private static final class Task implements Runnable {
        private final Work work;

        Task(Work work) {
            this.work = work;
        }

        @Override
        public void run() {
            WarmUp.run(work);
        }
    }

    /** Never fails and never prints: whatever goes wrong here goes wrong again where it matters, and is reported there. */
    static void run(Work work) {
        // the socket first: its set-up is the longer, and the connect comes right after validation
        if (work == Work.CATALOG_AND_SOCKET) {
            try {
                SocketChannel.open(StandardProtocolFamily.UNIX).close();
            } catch (Throwable e) {
                // the endpoint that needs a Unix socket reports this itself (an Error too: a
                // thread's uncaught throwable would be printed on stderr)
            }
        }
        try {
            // an entry parsed: the JSON reader's classes initialised too
            Catalog.builtIn().find("guest-sync-delimited");
        } catch (Throwable e) {
            // the validation that needs the catalog reports this itself
        }
    }
}
