package qga.guest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;
import qga.api.Agent;
import qga.api.Pipeline;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;

/**
 * Copies one file between this host and the guest through guest-file-open, -read, -write and
 * -close, in chunks (one request at a time unless {@link #inFlight} says more), binary-safe and
 * of any size.
 * <p>
 * An upload goes to a temporary name next to the target (.NAME.qga-XXXXXXXX) that guest-exec of
 * mv renames over it at the end, so a failed copy never leaves a file looking complete; where the
 * agent has guest-exec disabled (or the guest is Windows) it is written in place and a notice says
 * that a failed copy leaves it partial. A download goes to a temporary local file renamed at the
 * end. With {@link #verify} the SHA-256 of the copy, computed in the guest by sha256sum (certutil
 * on Windows), must match the local one before anything is renamed. The guest's handle is always
 * closed, also after an error, a timeout or {@link #cancel()}.
 * <p>
 * One copy at a time; {@link #cancel()} may come from any thread. Uses a {@link Pipeline}, so the
 * agent does not reconnect afterwards.
 */
public final class FileCopy {
    /** The most guest-file-read returns in one reply. */
    public static final int LARGEST_CHUNK = 48 << 20;
    /**
     * The most sent in one guest-file-write: the agent refuses a request past 64 MiB of JSON with
     * an error that carries no id ("JSON token size limit exceeded"), which looks like silence.
     */
    static final int LARGEST_WRITE = LARGEST_CHUNK - (4 << 10);
    /** Measured (BENCHMARKS.md): on a host-side agent 64 KiB to 16 MiB copy alike; larger only costs memory. */
    public static final int DEFAULT_CHUNK = 64 << 10;
    /**
     * One request at a time. On a host-side agent four in flight were 30 to 45% faster, but on the
     * test VM (virtio-serial, TCG) the agent then stopped answering at the fourth write and never
     * saw the writes sent behind it, with 64 KiB chunks as with 256 KiB: see BENCHMARKS.md.
     */
    public static final int DEFAULT_IN_FLIGHT = 1;
    /** Bytes of a guest-file-read reply besides the base64 of its data. */
    private static final int REPLY_OVERHEAD = 256;

    /** Told how a copy advances, on the copying thread. */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        /** The copy starts; total is its size in bytes, or -1 when unknown (stdin, a pipe in the guest). */
        default void started(long total) {
        }

        /** done bytes have been copied so far. */
        default void advanced(long done) {
        }

        /** The copy ended, complete or not; the last call. */
        default void ended(boolean complete) {
        }
    }

    /** What was copied: the guest path and local name it ended at, its size, and its SHA-256 if verified. */
    public record Result(String guestPath, String local, long bytes, String sha256, boolean inPlace) {
    }

    private final Agent agent;
    private final Cancellation cancellation = new Cancellation();
    private int chunk = DEFAULT_CHUNK;
    private int inFlight = DEFAULT_IN_FLIGHT;
    private boolean verify;
    private Progress progress = Progress.NONE;
    private Log log = Log.SILENT;
    private Consumer<String> notices = notice -> { };

    public FileCopy(Agent agent) {
        this.agent = agent;
    }

    /** Bytes per guest-file-read or -write, 1 to {@link #LARGEST_CHUNK}. */
    public FileCopy chunkSize(int bytes) {
        if (bytes < 1 || bytes > LARGEST_CHUNK) {
            throw new IllegalArgumentException("chunk size " + bytes + " is not between 1 and " + LARGEST_CHUNK);
        }
        chunk = bytes;
        return this;
    }

    /** Requests in flight at once, 1 (one at a time) to {@link Pipeline#WINDOW}. */
    public FileCopy inFlight(int requests) {
        if (requests < 1 || requests > Pipeline.WINDOW) {
            throw new IllegalArgumentException("requests in flight " + requests + " is not between 1 and " + Pipeline.WINDOW);
        }
        inFlight = requests;
        return this;
    }

    public FileCopy verify(boolean value) {
        verify = value;
        return this;
    }

    public FileCopy progress(Progress value) {
        progress = value;
        return this;
    }

    /** Where the details go (each step, the handle, the guest's system): what -v shows. */
    public FileCopy log(Log value) {
        log = value;
        return this;
    }

    /** Where warnings the user should see go: a copy written in place. */
    public FileCopy notices(Consumer<String> value) {
        notices = value;
        return this;
    }

    /** The largest chunk whose guest-file-read reply fits in maxReply bytes (the client's reply limit). */
    public static int chunkFitting(long maxReply) {
        long fitting = Math.max(3, (maxReply - REPLY_OVERHEAD) / 4 * 3);
        return (int) Math.min(LARGEST_CHUNK, fitting);
    }

    /** Stops the copy from any thread; it cleans up (handle, temporary file) and throws a cancelled QgaException. */
    public void cancel() {
        cancellation.cancel();
        agent.cancel();
    }

    /** Copies a local file to guestPath; a guestPath that is a directory (or ends in /) gets the file's name. */
    public Result upload(Path local, String guestPath) throws QgaException {
        try (InputStream in = Files.newInputStream(local)) {
            return upload(in, Files.size(local), local.getFileName().toString(), guestPath);
        } catch (NoSuchFileException e) {
            throw QgaException.badInput("no such file: " + local);
        } catch (IOException e) {
            throw QgaException.badInput("cannot read " + local + ": " + e.getMessage(), e);
        }
    }

    /** Copies everything source gives (until its end) to guestPath, which must name a file. */
    public Result upload(InputStream source, String guestPath) throws QgaException {
        try {
            return upload(source, -1, null, guestPath);
        } catch (IOException e) {
            throw QgaException.badInput("cannot read the input: " + e.getMessage(), e);
        }
    }

    private Result upload(InputStream source, long size, String name, String guestPath) throws QgaException, IOException {
        GuestTools tools = GuestTools.ask(agent, cancellation, log);
        if (verify && !tools.canExec()) {
            throw QgaException.badInput("--verify needs guest-exec, which this agent has disabled: copy without it");
        }
        String target = guestPath;
        if (tools.endsWithSeparator(target) || tools.isDirectory(target, log)) {
            if (name == null) {
                throw QgaException.badInput("guest:" + guestPath + " is a directory: name the file, guest:"
                        + tools.child(guestPath, "NAME"));
            }
            target = tools.child(target, name);
        }
        boolean inPlace = !tools.canRename();
        String written = inPlace ? target : tools.temporarySibling(target);
        if (inPlace) {
            notices.accept(tools.inPlaceReason() + ": writing guest:" + target + " in place; a failed copy leaves it partial");
        }
        MessageDigest digest = verify ? sha256() : null;
        GuestFile file = GuestFile.open(agent, written, target, true, log);
        progress.started(size);
        try {
            long bytes = file.writeAll(source, flow(digest, true));
            file.close();
            String sha256 = digest == null ? null : HexFormat.of().formatHex(digest.digest());
            if (!inPlace) {
                tools.finishUpload(written, target, sha256, execLimit(bytes));
            } else if (sha256 != null) {
                String guest = tools.sha256(target, execLimit(bytes));
                if (!guest.equals(sha256)) {
                    throw GuestTools.mismatch(sha256, guest);
                }
            }
            progress.ended(true);
            return new Result(target, name == null ? "-" : name, bytes, sha256, inPlace);
        } catch (IOException e) {
            throw failed(QgaException.badInput("cannot read " + (name == null ? "the input" : name) + ": " + e.getMessage(), e),
                    file, inPlace ? null : written, tools, "guest:" + target + (inPlace ? " is left partial" : " is unchanged"));
        } catch (QgaException e) {
            String outcome = !inPlace ? " is unchanged" : e.exitCode() == ExitCode.MISMATCH ? " is left as copied" : " is left partial";
            throw failed(e, file, inPlace ? null : written, tools, "guest:" + target + outcome);
        } catch (RuntimeException e) {
            throw failed(e, file, inPlace ? null : written, tools, null);
        }
    }

    /** Copies guestPath to a local file; a local directory gets the guest file's name. */
    public Result download(String guestPath, Path local) throws QgaException {
        Path target = local;
        if (Files.isDirectory(local)) {
            String name = guestName(guestPath);
            if (name.isEmpty()) {
                throw QgaException.badInput("guest:" + guestPath + " names a directory: give a file");
            }
            target = local.resolve(name);
        }
        try (LocalTarget sink = LocalTarget.create(target)) {
            Result result = download(guestPath, sink.stream(), target.toString());
            sink.commit();
            return result;
        }
    }

    /** Copies guestPath into sink (left open); with verify, a mismatch is found only after sink has the data. */
    public Result download(String guestPath, OutputStream sink) throws QgaException {
        return download(guestPath, sink, "-");
    }

    private Result download(String guestPath, OutputStream sink, String local) throws QgaException {
        GuestTools tools = verify ? GuestTools.ask(agent, cancellation, log) : null;
        if (tools != null && !tools.canExec()) {
            throw QgaException.badInput("--verify needs guest-exec, which this agent has disabled: copy without it");
        }
        MessageDigest digest = verify ? sha256() : null;
        GuestFile file = GuestFile.open(agent, guestPath, guestPath, false, log);
        try {
            progress.started(file.size());
            long bytes = file.readAll(sink, flow(digest, false));
            file.close();
            String sha256 = null;
            if (digest != null) {
                sha256 = HexFormat.of().formatHex(digest.digest());
                String guest = tools.sha256(guestPath, execLimit(bytes));
                if (!guest.equals(sha256)) {
                    throw GuestTools.mismatch(sha256, guest);
                }
            }
            progress.ended(true);
            return new Result(guestPath, local, bytes, sha256, false);
        } catch (IOException e) {
            throw failed(LocalTarget.failure(local.equals("-") ? "cannot write to stdout" : "cannot write " + local, e), file,
                    null, null, unchangedLocal(local));
        } catch (QgaException e) {
            throw failed(e, file, null, null, local.equals("-") && e.exitCode() == ExitCode.MISMATCH
                    ? "the data written to stdout is not the guest's file" : unchangedLocal(local));
        } catch (RuntimeException e) {
            throw failed(e, file, null, null, null);
        }
    }

    private GuestFile.Flow flow(MessageDigest digest, boolean writing) {
        return new GuestFile.Flow(writing ? Math.min(chunk, LARGEST_WRITE) : chunk, inFlight, progress, digest, cancellation);
    }

    /**
     * After a failure (a cancel too): ends the progress, closes the handle if the copy did not,
     * removes the guest's temporary file if there is one, and returns the failure with what became
     * of the target and what is left behind in its message. A RuntimeException is rethrown as is.
     */
    private QgaException failed(Exception failure, GuestFile file, String temporary, GuestTools tools, String outcome) {
        progress.ended(false);
        StringBuilder more = new StringBuilder(outcome == null ? "" : "; " + outcome);
        if (!file.closeSent()) {
            try {
                file.close();
                log.verbose("closed handle " + file.handle());
            } catch (QgaException e) {
                more.append("; handle ").append(file.handle()).append(" may still be open in the agent (")
                        .append(e.getMessage()).append(")");
            }
        }
        if (temporary != null && !tools.remove(temporary, log)) {
            more.append("; the temporary guest:").append(temporary).append(" is left over");
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        QgaException e = (QgaException) failure;
        if (more.length() == 0) {
            return e;
        }
        return e.cancelled() ? QgaException.cancelled(e.getMessage() + more)
                : new QgaException(e.exitCode(), e.phase(), e.getMessage() + more, e);
    }

    /** Said of a local file the download would have replaced; nothing is said of one it would have created. */
    private static String unchangedLocal(String local) {
        return !local.equals("-") && Files.exists(Path.of(local)) ? local + " is unchanged" : null;
    }

    /** Time for the guest to hash or rename: a minute, and a second per 4 MiB (a slow, emulated guest). */
    private static Duration execLimit(long bytes) {
        return Duration.ofSeconds(60 + bytes / (4 << 20));
    }

    private static String guestName(String path) {
        return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
