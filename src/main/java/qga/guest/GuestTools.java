package qga.guest;

import com.google.gson.JsonElement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.schema.AgentInfo;

/**
 * What the guest offers a workflow besides the file commands: whether guest-exec may run its
 * programs (an agent may have it disabled), whether it is Windows (guest-get-osinfo), and the
 * few programs a copy runs there: a shell that hashes, renames and removes on POSIX guests,
 * certutil on Windows. Paths are the guest's: '/' on POSIX, '\' or '/' on Windows.
 */
final class GuestTools {
    /** Exit statuses of FINISH beside 0: the hash differed, the hash failed, the rename failed. */
    private static final int MISMATCH = 3;
    private static final int NO_HASH = 4;
    private static final int NO_RENAME = 5;

    /**
     * Checks the temporary file's hash when asked ($3), gives it the mode (and owner) of the file
     * it replaces or the mode a new file gets from the umask (the agent creates files 0666), and
     * renames it over the target. Every failure removes the temporary file.
     */
    private static final String FINISH = String.join("\n",
            "tmp=$1 dst=$2",
            "if [ -n \"$3\" ]; then",
            "  sum=$(sha256sum < \"$tmp\") || { rm -f \"$tmp\"; exit " + NO_HASH + "; }",
            "  sum=${sum%% *}",
            "  if [ \"$sum\" != \"$3\" ]; then rm -f \"$tmp\"; echo \"$sum\"; exit " + MISMATCH + "; fi",
            "fi",
            "if [ -e \"$dst\" ]; then",
            "  chmod \"$(stat -c %a \"$dst\")\" \"$tmp\" && chown \"$(stat -c %u:%g \"$dst\")\" \"$tmp\" 2>/dev/null",
            "else",
            "  chmod \"$(printf %o $((0666 & ~0$(umask))))\" \"$tmp\"",
            "fi",
            "mv -f \"$tmp\" \"$dst\" || { rm -f \"$tmp\"; exit " + NO_RENAME + "; }");
    private static final String HASH = "sum=$(sha256sum < \"$1\") || exit " + NO_HASH + "; echo \"${sum%% *}\"";

    private final Agent agent;
    private final Cancellation cancellation;
    private final boolean exec;
    private final boolean windows;

    private GuestTools(Agent agent, Cancellation cancellation, boolean exec, boolean windows) {
        this.agent = agent;
        this.cancellation = cancellation;
        this.exec = exec;
        this.windows = windows;
    }

    /** Asks guest-info (whether guest-exec is enabled) and guest-get-osinfo (Windows or not). */
    static GuestTools ask(Agent agent, Cancellation cancellation, Log log) throws QgaException {
        AgentInfo info = agent.info();
        boolean exec = info == null || (info.isEnabled("guest-exec") && info.isEnabled("guest-exec-status"));
        boolean windows = false;
        if (info == null || info.isEnabled("guest-get-osinfo")) {
            try {
                JsonElement id = agent.call("guest-get-osinfo", null).getAsJsonObject().get("id");
                windows = id != null && "mswindows".equals(id.getAsString());
            } catch (QgaException e) {
                if (e.exitCode() != ExitCode.AGENT_ERROR) {
                    throw e;
                }
                log.verbose("guest-get-osinfo failed (" + e.getMessage() + "): taking the guest for POSIX");
            }
        }
        log.verbose("guest: " + (windows ? "Windows" : "POSIX") + ", guest-exec " + (exec ? "enabled" : "disabled"));
        return new GuestTools(agent, cancellation, exec, windows);
    }

    boolean canExec() {
        return exec;
    }

    /** Whether an upload can go to a temporary name and be renamed at the end. */
    boolean canRename() {
        return exec && !windows;
    }

    /** Why an upload is written in place, or null when it is not. */
    String inPlaceReason() {
        return !exec ? "guest-exec is disabled in this agent" : windows ? "qga renames files only in POSIX guests" : null;
    }

    boolean endsWithSeparator(String path) {
        return path.endsWith("/") || (windows && path.endsWith("\\"));
    }

    private int lastSeparator(String path) {
        return windows ? Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) : path.lastIndexOf('/');
    }

    /** The last part of a path; empty for one that ends in a separator. */
    String name(String path) {
        return path.substring(lastSeparator(path) + 1);
    }

    /** dir + name, with one separator between. */
    String child(String dir, String name) {
        return endsWithSeparator(dir) ? dir + name : dir + (windows ? "\\" : "/") + name;
    }

    /** A name next to path no one else uses: .NAME.qga-XXXXXXXX in the same directory. */
    String temporarySibling(String path) {
        int cut = lastSeparator(path) + 1;
        String random = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
        return path.substring(0, cut) + "." + path.substring(cut) + ".qga-" + random;
    }

    /**
     * Whether path is a directory in the guest, asked by opening path/. for reading, which only a
     * directory allows: two file commands, no program run. Always false on Windows (not asked).
     */
    boolean isDirectory(String path, Log log) throws QgaException {
        if (windows) {
            return false;
        }
        String probe = endsWithSeparator(path) ? path + "." : path + "/.";
        GuestFile dir;
        try {
            dir = GuestFile.open(agent, probe, probe, false, Log.SILENT);
        } catch (QgaException e) {
            if (e.exitCode() != ExitCode.AGENT_ERROR) {
                throw e;
            }
            return false;
        }
        log.verbose("guest:" + path + " is a directory");
        dir.close();
        return true;
    }

    /**
     * Hashes tmp when expectedSha256 is given and, when it matches, renames tmp over target; tmp is
     * gone afterwards whatever happens. Throws on a mismatch (exit 6) or a failed rename.
     */
    void finishUpload(String tmp, String target, String expectedSha256, Duration limit) throws QgaException {
        GuestProgram.Exit exit = GuestProgram.run(agent, List.of("/bin/sh", "-c", FINISH, "sh", safe(tmp), safe(target),
                expectedSha256 == null ? "" : expectedSha256), limit, cancellation);
        switch (exit.code()) {
            case 0 -> {
            }
            case MISMATCH -> throw mismatch(expectedSha256, exit.stdout().strip());
            case NO_HASH -> throw QgaException.agentError("cannot check the copy in the guest with sha256sum (" + exit.reason()
                    + ")");
            default -> throw QgaException.agentError("cannot rename the copy to guest:" + target + " (" + exit.reason() + ")");
        }
    }

    /** The SHA-256 of a guest file, by sha256sum (POSIX) or certutil (Windows), in lowercase hex. */
    String sha256(String path, Duration limit) throws QgaException {
        if (windows) {
            GuestProgram.Exit exit = GuestProgram.run(agent, List.of("certutil", "-hashfile", path, "SHA256"), limit,
                    cancellation);
            List<String> lines = exit.stdout().lines().toList();
            if (exit.code() != 0 || lines.size() < 2) {
                throw QgaException.agentError("certutil cannot hash guest:" + path + " (" + exit.reason() + ")");
            }
            return lines.get(1).replace(" ", "").strip().toLowerCase(Locale.ROOT);
        }
        GuestProgram.Exit exit = GuestProgram.run(agent, List.of("/bin/sh", "-c", HASH, "sh", safe(path)), limit, cancellation);
        if (exit.code() != 0) {
            throw QgaException.agentError("cannot hash guest:" + path + " with sha256sum (" + exit.reason() + ")");
        }
        return exit.stdout().strip();
    }

    /** Removes a file in a POSIX guest, even after a cancel; false when it could not. */
    boolean remove(String path, Log log) {
        try {
            GuestProgram.Exit exit = GuestProgram.run(agent, List.of("rm", "-f", safe(path)), Duration.ofSeconds(30),
                    Cancellation.NEVER);
            if (exit.code() == 0) {
                log.verbose("removed guest:" + path);
                return true;
            }
            log.verbose("cannot remove guest:" + path + ": " + exit.reason());
        } catch (QgaException e) {
            log.verbose("cannot remove guest:" + path + ": " + e.getMessage());
        }
        return false;
    }

    /** A path no program takes for an option. */
    private static String safe(String path) {
        return path.startsWith("-") ? "./" + path : path;
    }

    static QgaException mismatch(String local, String guest) {
        return new QgaException(ExitCode.MISMATCH, qga.base.Phase.REPLY, "verification failed: the copy's SHA-256 is "
                + guest + " in the guest and " + local + " here", null);
    }
}
