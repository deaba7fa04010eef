package qga.guest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import qga.api.Agent;
import qga.api.Pipeline;
import qga.base.Log;
import qga.base.Phase;
import qga.base.QgaException;
import qga.protocol.Outcome;
import qga.protocol.Reply;
import qga.protocol.Request;

/**
 * One file open in the guest (guest-file-open), moved in chunks (several requests in flight if
 * asked), and closed exactly once: qemu-ga 7.2 frees the file when guest-file-close fails (a full disk
 * shows there) but keeps the handle, and a second close of it crashes the agent (double free).
 */
final class GuestFile {
    /** How chunks move: their size, how many requests at once, where progress and the digest go. */
    record Flow(int chunk, int inFlight, FileCopy.Progress progress, MessageDigest digest, Cancellation cancellation) {
    }

    private final Agent agent;
    /** The path errors name: the target, not the temporary name an upload writes to. */
    private final String path;
    private final boolean writing;
    private final long handle;
    private boolean closeSent;

    private GuestFile(Agent agent, String path, boolean writing, long handle) {
        this.agent = agent;
        this.path = path;
        this.writing = writing;
        this.handle = handle;
    }

    /** Opens path for reading ("r") or for writing from empty ("w"); errors name shownAs. */
    static GuestFile open(Agent agent, String path, String shownAs, boolean writing, Log log) throws QgaException {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("path", path);
        arguments.addProperty("mode", writing ? "w" : "r");
        JsonElement handle = call(agent, "guest-file-open", arguments, shownAs, writing);
        log.verbose("opened guest:" + path + " for " + (writing ? "writing" : "reading") + ": handle " + handle);
        return new GuestFile(agent, shownAs, writing, handle.getAsLong());
    }

    long handle() {
        return handle;
    }

    /** Whether close() was tried: afterwards the handle must never be used again, whatever came of it. */
    boolean closeSent() {
        return closeSent;
    }

    /** The file's size by seeking to its end and back; -1 for what cannot seek (a pipe, a device). */
    long size() throws QgaException {
        JsonObject end = seekArguments(0, "end");
        Reply reply = reply(agent, Request.of("guest-file-seek", end));
        if (reply.isError()) {
            return -1;
        }
        long size = reply.returnValue().getAsJsonObject().get("position").getAsLong();
        call(agent, "guest-file-seek", seekArguments(0, "set"), path, writing);
        return size;
    }

    private JsonObject seekArguments(long offset, String whence) {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("handle", handle);
        arguments.addProperty("offset", offset);
        arguments.addProperty("whence", whence);
        return arguments;
    }

    /** Reads to the end of the file into sink; returns the bytes read. */
    long readAll(OutputStream sink, Flow flow) throws QgaException, IOException {
        Pipeline<Integer> pipeline = agent.pipeline();
        JsonObject arguments = new JsonObject();
        arguments.addProperty("handle", handle);
        arguments.addProperty("count", flow.chunk());
        Request read = Request.of("guest-file-read", arguments);
        long done = 0;
        int inFlight = 0;
        boolean more = true;
        while (more || inFlight > 0) {
            while (more && inFlight < flow.inFlight()) {
                flow.cancellation().check();
                pipeline.submit(inFlight, read);
                inFlight++;
            }
            JsonObject chunk = answer(pipeline.next(), flow.cancellation()).getAsJsonObject();
            inFlight--;
            // replies come in order: data in one sent before the end was seen still follows on
            byte[] bytes = Base64.getDecoder().decode(chunk.get("buf-b64").getAsString());
            if (bytes.length > 0) {
                sink.write(bytes);
                if (flow.digest() != null) {
                    flow.digest().update(bytes);
                }
                done += bytes.length;
                flow.progress().advanced(done);
            }
            if (bytes.length == 0 || chunk.get("eof").getAsBoolean()) {
                more = false;
            }
        }
        return done;
    }

    /** Writes everything source gives; returns the bytes written. */
    long writeAll(InputStream source, Flow flow) throws QgaException, IOException {
        Pipeline<Integer> pipeline = agent.pipeline();
        byte[] buffer = new byte[flow.chunk()];
        ArrayDeque<Integer> lengths = new ArrayDeque<>();
        long done = 0;
        boolean more = true;
        while (more || !lengths.isEmpty()) {
            while (more && lengths.size() < flow.inFlight()) {
                int n = source.readNBytes(buffer, 0, buffer.length);
                flow.cancellation().check();
                if (n > 0) {
                    if (flow.digest() != null) {
                        flow.digest().update(buffer, 0, n);
                    }
                    JsonObject arguments = new JsonObject();
                    arguments.addProperty("handle", handle);
                    arguments.addProperty("buf-b64", Base64.getEncoder().encodeToString(n == buffer.length ? buffer
                            : java.util.Arrays.copyOf(buffer, n)));
                    pipeline.submit(n, Request.of("guest-file-write", arguments));
                    lengths.add(n);
                }
                more = n == buffer.length;
            }
            if (lengths.isEmpty()) {
                break;
            }
            int expected = lengths.poll();
            long count = answer(pipeline.next(), flow.cancellation()).getAsJsonObject().get("count").getAsLong();
            if (count != expected) {
                throw QgaException.agentError("the agent wrote " + count + " of " + expected + " bytes to guest:" + path);
            }
            done += count;
            flow.progress().advanced(done);
        }
        return done;
    }

    /** The value of a pipelined file command's reply, or the failure it stands for. */
    private JsonElement answer(Pipeline.Result<Integer> result, Cancellation cancellation) throws QgaException {
        cancellation.check();
        if (result instanceof Pipeline.Result.Answered<Integer> answered) {
            Reply reply = answered.reply();
            if (reply.isError()) {
                throw GuestFileError.of(answered.request().command(), path, writing, reply.errorDesc());
            }
            return reply.returnValue();
        }
        if (result instanceof Pipeline.Result.Failed<Integer> failed) {
            throw new QgaException(failed.code(), Phase.REPLY, failed.message(), null);
        }
        throw QgaException.protocol("a file command was taken without a reply");
    }

    /** Closes the handle; never twice, even when this throws (see the class comment). */
    void close() throws QgaException {
        if (closeSent) {
            return;
        }
        closeSent = true;
        JsonObject arguments = new JsonObject();
        arguments.addProperty("handle", handle);
        call(agent, "guest-file-close", arguments, path, writing);
    }

    /** The return value of a file command, or its error said about the file. */
    private static JsonElement call(Agent agent, String command, JsonObject arguments, String path, boolean writing)
            throws QgaException {
        Reply reply = reply(agent, Request.of(command, arguments));
        if (reply.isError()) {
            throw GuestFileError.of(command, path, writing, reply.errorDesc());
        }
        return reply.returnValue();
    }

    private static Reply reply(Agent agent, Request request) throws QgaException {
        Outcome outcome = agent.execute(request);
        if (outcome instanceof Outcome.Replied replied) {
            return replied.reply();
        }
        throw QgaException.protocol(request.command() + " was taken without a reply");
    }
}
