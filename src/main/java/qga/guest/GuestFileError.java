package qga.guest;

import java.util.List;
import qga.base.QgaException;

/**
 * Turns the agent's error for a file command into a one-line message about the file. The agent
 * says only GenericError and a text ending in the system's own reason ("failed to open file 'X'
 * (mode: 'r'): No such file or directory"; on Windows guests the Windows message), so the reason
 * is read from that text, here and nowhere else.
 */
final class GuestFileError {
    /** What went wrong, as the user can act on it. */
    enum Kind {
        MISSING, DENIED, DIRECTORY, FULL, READ_ONLY, NOT_DIRECTORY, OTHER
    }

    private record Reason(String text, Kind kind) {
    }

    private static final List<Reason> REASONS = List.of(
            new Reason("No such file or directory", Kind.MISSING),
            new Reason("Permission denied", Kind.DENIED),
            new Reason("Operation not permitted", Kind.DENIED),
            new Reason("Is a directory", Kind.DIRECTORY),
            new Reason("No space left on device", Kind.FULL),
            new Reason("Disk quota exceeded", Kind.FULL),
            new Reason("Read-only file system", Kind.READ_ONLY),
            new Reason("Not a directory", Kind.NOT_DIRECTORY),
            new Reason("The system cannot find the file specified", Kind.MISSING),
            new Reason("The system cannot find the path specified", Kind.MISSING),
            new Reason("Access is denied", Kind.DENIED),
            new Reason("There is not enough space on the disk", Kind.FULL));

    private GuestFileError() {
    }

    static Kind kind(String desc) {
        for (Reason reason : REASONS) {
            if (desc.contains(reason.text())) {
                return reason.kind();
            }
        }
        return Kind.OTHER;
    }

    /**
     * The agent's error desc for command on path, as an exception (exit 1); writing says whether
     * the file was being created or written, where a missing file means a missing directory.
     */
    static QgaException of(String command, String path, boolean writing, String desc) {
        String where = "guest:" + path;
        String message = switch (kind(desc)) {
            case MISSING -> writing ? "no such directory in the guest for " + where : "no such file in the guest: " + where;
            case DENIED -> "permission denied in the guest: " + where;
            case DIRECTORY -> where + " is a directory" + (writing ? "" : ": give a file");
            case FULL -> "the guest's disk is full (writing " + where + ")";
            case READ_ONLY -> where + " is on a read-only file system in the guest";
            case NOT_DIRECTORY -> "a part of " + where + " is not a directory in the guest";
            case OTHER -> command + " " + where + ": " + desc;
        };
        return QgaException.agentError(message);
    }
}
