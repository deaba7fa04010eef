package qga.guest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;
import qga.base.ExitCode;
import qga.base.Phase;
import qga.base.QgaException;

/**
 * A download's local file: written under a temporary name next to the target (.NAME.qga-XXXXXXXX,
 * created new, so with the umask's mode) and renamed over it only when the copy is complete, with
 * the mode of the file it replaces. A failed copy leaves the target as it was.
 */
final class LocalTarget implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final OutputStream out;
    private boolean committed;

    private LocalTarget(Path target, Path temporary, OutputStream out) {
        this.target = target;
        this.temporary = temporary;
        this.out = out;
    }

    static LocalTarget create(Path target) throws QgaException {
        Path name = target.getFileName();
        while (true) {
            String random = Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000);
            Path temporary = target.resolveSibling("." + name + ".qga-" + random);
            try {
                return new LocalTarget(target, temporary, Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE));
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw failure("cannot create " + temporary, e);
            }
        }
    }

    OutputStream stream() {
        return out;
    }

    /** Renames the complete copy over the target. */
    void commit() throws QgaException {
        try {
            out.close();
            PosixFileAttributeView replaced = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (replaced != null && Files.isRegularFile(target)) {
                Files.setPosixFilePermissions(temporary, replaced.readAttributes().permissions());
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            throw failure("cannot rename " + temporary + " to " + target, e);
        }
    }

    /** Removes the temporary file unless it was renamed. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // the file goes anyway
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // nothing more can be done; the name says what it is
        }
    }

    static QgaException failure(String what, IOException e) {
        String reason = e.getMessage() == null ? e.toString() : e instanceof java.nio.file.FileSystemException fs
                && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return new QgaException(ExitCode.OUTPUT, Phase.REPLY, what + ": " + reason, e);
    }
}
