package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.protocol.Request;
import qga.schema.AgentInfo;
import qga.schema.Catalog;
import qga.schema.GuestOs;

/**
 * Runs one program in the guest with guest-exec and follows it to its end: its output written as
 * it comes where the guest allows (a POSIX shell and the file commands: the program writes to
 * files in a private directory that qga reads while it runs, then removes), else as the agent
 * captured it at the exit; its exit status or signal; a time limit and an interrupt that kill it
 * in the guest (TERM, then KILL). Polling starts fast and backs off, each poll one round trip.
 */
public final class GuestRun {
    /** Largest stdin: input-data is one base64 string, and the agent takes at most 64 MiB in one JSON token. */
    public static final int MAX_INPUT = 32 << 20;
    /** Bytes asked for in one guest-file-read of a growing output file. */
    static final int READ_CHUNK = 1 << 20;
    /** The first pause between polls of a running program; it doubles up to {@link #MAX_DELAY_NANOS} while nothing comes. */
    public static final long FIRST_DELAY_NANOS = 1_000_000L;
    public static final long MAX_DELAY_NANOS = 100_000_000L;
    /** How long a process may take to go after TERM before it gets KILL. */
    public static final long TERM_GRACE_NANOS = 2_000_000_000L;
    /** How long qga waits for its own helpers in the guest (kill, rm) to finish, so the agent forgets them. */
    static final long HELPER_NANOS = 5_000_000_000L;

    /** Where the guest's output goes, as bytes. */
    public interface Output {
        void stdout(byte[] data, int offset, int length) throws IOException;

        void stderr(byte[] data, int offset, int length) throws IOException;
    }

    private final Agent agent;
    private final RunSpec spec;
    private final Output output;
    private final String tmpdir;
    private final Log log;
    private final Object wakeup = new Object();
    private volatile boolean interrupted;
    private String outputDir;
    private final List<OutputFile> files = new ArrayList<>();
    /** qga's own processes in the guest (rm, kill) not yet reported exited. */
    private final List<Long> helpers = new ArrayList<>();
    private boolean removing;
    private boolean windows;

    /**
     * @param tmpdir the guest directory that holds the private output directory while the program runs
     * @param log told which way output is shown, and what qga does in the guest besides the program
     */
    public GuestRun(Agent agent, RunSpec spec, Output output, String tmpdir, Log log) {
        this.agent = agent;
        this.spec = spec;
        this.output = output;
        this.tmpdir = tmpdir;
        this.log = log;
    }

    /**
     * From any thread (Ctrl-C): the program is killed in the guest, and run() returns with
     * {@link RunResult.Ending#INTERRUPTED} once it is gone and cleaned up. Only the first call acts.
     */
    public void interrupt() {
        if (interrupted) {
            return;
        }
        interrupted = true;
        agent.cancel();
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    /** Runs the program to its end; an IOException is output that could not be written (the program is then killed). */
    public RunResult run() throws QgaException, IOException, InterruptedException {
        if (spec.input() != null && spec.input().length > MAX_INPUT) {
            throw QgaException.badInput("stdin for the guest is " + spec.input().length + " bytes; at most " + MAX_INPUT
                    + " (" + (MAX_INPUT >> 20) + " MiB) go through guest-exec: copy larger input with qga cp and redirect from the file");
        }
        AgentInfo info = agent.info();
        windows = isWindows(info);
        boolean stream = spec.stream() && !windows && info != null && info.isEnabled("guest-file-open")
                && info.isEnabled("guest-file-read") && info.isEnabled("guest-file-close");
        long pid = start(info, stream);
        try {
            return follow(pid, stream);
        } finally {
            cleanUp();
        }
    }

    private boolean isWindows(AgentInfo info) throws QgaException {
        String os = info == null ? null : GuestOs.of(Catalog.builtIn(), info);
        if (os != null) {
            return os.equals("Windows");
        }
        if (info != null && !info.isEnabled("guest-get-osinfo")) {
            return false;
        }
        JsonElement osinfo = agent.call("guest-get-osinfo", null);
        return osinfo != null && osinfo.isJsonObject() && osinfo.getAsJsonObject().has("id")
                && osinfo.getAsJsonObject().get("id").getAsString().equals("mswindows");
    }

    private long start(AgentInfo info, boolean stream) throws QgaException {
        // qemu-ga 8.0's merged capture mode exists on POSIX guests only
        boolean mergedCapture = spec.merge() && !stream && !windows && agentIsAtLeast(info, 8);
        boolean wrap = stream || spec.cwd() != null || !spec.env().isEmpty() || (spec.merge() && !mergedCapture);
        JsonObject arguments = new JsonObject();
        List<String> args;
        if (wrap && !windows) {
            if (stream) {
                outputDir = tmpdir + "/qga-run-" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
                files.add(new OutputFile(outputDir + "/" + PosixWrapper.STDOUT_FILE, false));
                if (!spec.merge()) {
                    files.add(new OutputFile(outputDir + "/" + PosixWrapper.STDERR_FILE, true));
                }
                log.verbose("output as it comes: the program writes to " + outputDir + " in the guest, read while it runs");
            } else {
                log.verbose("output at exit (as the agent captured it), through " + PosixWrapper.SHELL);
            }
            arguments.addProperty("path", PosixWrapper.SHELL);
            args = PosixWrapper.arguments(spec, outputDir);
        } else {
            if (windows && spec.cwd() != null) {
                throw QgaException.badInput("--cwd needs a POSIX shell in the guest, and this guest runs Windows:"
                        + " run cmd /c \"cd DIR && PROGRAM\" instead");
            }
            if (spec.merge() && !mergedCapture) {
                throw QgaException.badInput(windows ? "--merge is not possible on a Windows guest: its agent has no merged"
                        + " capture mode and there is no POSIX shell; run cmd /c \"PROGRAM 2>&1\" instead"
                        : "--merge needs qemu-ga 8.0 or later, or a POSIX shell in the guest");
            }
            log.verbose("output at exit (as the agent captured it)" + (windows ? ": a Windows guest has no POSIX shell to stream through"
                    : spec.stream() ? ": the agent does not allow reading files" : ""));
            arguments.addProperty("path", spec.program());
            args = spec.args();
            if (!spec.env().isEmpty()) {
                arguments.add("env", strings(spec.env()));
            }
        }
        arguments.add("arg", strings(args));
        if (spec.input() != null) {
            arguments.addProperty("input-data", Base64.getEncoder().encodeToString(spec.input()));
        }
        if (mergedCapture) {
            arguments.addProperty("capture-output", "merged");
        } else {
            arguments.addProperty("capture-output", true);
        }
        JsonElement started = agent.call("guest-exec", arguments);
        long pid = Returned.integer(Returned.object(started, "guest-exec"), "pid", "guest-exec");
        log.verbose("guest-exec: pid " + pid);
        return pid;
    }

    private static boolean agentIsAtLeast(AgentInfo info, int major) {
        if (info == null || info.version() == null) {
            return false;
        }
        String first = info.version().split("\\.", 2)[0];
        try {
            return Integer.parseInt(first) >= major;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private RunResult follow(long pid, boolean stream) throws QgaException, IOException, InterruptedException {
        long started = System.nanoTime();
        long delay = FIRST_DELAY_NANOS;
        while (true) {
            if (interrupted) {
                return stop(pid, RunResult.Ending.INTERRUPTED, stream);
            }
            if (spec.limit() != null && System.nanoTime() - started >= spec.limit().toNanos()) {
                return stop(pid, RunResult.Ending.TIMED_OUT, stream);
            }
            JsonObject[] status = new JsonObject[1];
            boolean gotOutput;
            try {
                Poll poll = new Poll();
                poll.add(status(pid), answer -> status[0] = Returned.object(answer.orThrow(), "guest-exec-status"));
                addFileWork(poll, false);
                gotOutput = poll.run();
            } catch (QgaException e) {
                if (interrupted) {
                    continue;
                }
                throw e;
            } catch (IOException e) {
                stop(pid, RunResult.Ending.INTERRUPTED, stream);
                throw e;
            }
            if (Returned.flag(status[0], "exited", "guest-exec-status")) {
                return finish(status[0], RunResult.Ending.EXITED, stream);
            }
            if (gotOutput) {
                delay = FIRST_DELAY_NANOS;
            } else {
                pause(delay);
                delay = Math.min(delay * 2, MAX_DELAY_NANOS);
            }
        }
    }

    private void pause(long nanos) throws InterruptedException {
        synchronized (wakeup) {
            if (!interrupted) {
                wakeup.wait(Math.max(1, nanos / 1_000_000));
            }
        }
    }

    private static Request status(long pid) {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("pid", pid);
        return Request.of("guest-exec-status", arguments);
    }

    /**
     * Adds to a poll what the output files need: opening those the program's shell has not created
     * yet (it creates them just before exec; after the exit, one that still cannot be opened never
     * will be), reading the open ones (before the exit an end of file only means nothing more yet),
     * removing the directory once both are open (open handles keep them readable), and asking after
     * qga's own helpers in the guest, so the agent forgets them.
     */
    private void addFileWork(Poll poll, boolean exited) {
        for (OutputFile file : files) {
            if (file.handle == null && !file.missing) {
                JsonObject arguments = new JsonObject();
                arguments.addProperty("path", file.path);
                arguments.addProperty("mode", "r");
                poll.add(Request.of("guest-file-open", arguments), answer -> {
                    if (answer.failure() == null) {
                        file.handle = Returned.integer(answer.value(), "guest-file-open");
                        log.verbose("reading " + file.path + " (handle " + file.handle + ")");
                    } else if (answer.failure().exitCode() != ExitCode.AGENT_ERROR) {
                        throw answer.failure();
                    } else if (exited) {
                        file.missing = true;
                    }
                });
            } else if (file.handle != null && !file.eof) {
                JsonObject arguments = new JsonObject();
                arguments.addProperty("handle", file.handle);
                arguments.addProperty("count", READ_CHUNK);
                poll.add(Request.of("guest-file-read", arguments), answer -> {
                    JsonObject read = Returned.object(answer.orThrow(), "guest-file-read");
                    byte[] data = Returned.base64(read, "buf-b64", false, "guest-file-read");
                    if (data.length > 0) {
                        poll.gotOutput = true;
                        write(file.stderr, data);
                    }
                    if (exited && Returned.optionalFlag(read, "eof", "guest-file-read")) {
                        file.eof = true;
                    }
                });
            }
        }
        boolean allOpen = !files.isEmpty() && files.stream().allMatch(file -> file.handle != null || file.missing);
        if (outputDir != null && !removing && (allOpen || exited)) {
            removing = true;
            JsonObject arguments = new JsonObject();
            arguments.addProperty("path", PosixWrapper.SHELL);
            arguments.add("arg", strings(PosixWrapper.remove(outputDir)));
            poll.add(Request.of("guest-exec", arguments), answer -> {
                if (answer.failure() == null) {
                    helpers.add(Returned.integer(Returned.object(answer.value(), "guest-exec"), "pid", "guest-exec"));
                } else {
                    log.verbose("could not remove " + outputDir + " in the guest: " + answer.failure().getMessage());
                }
            });
        }
        for (Long helper : new ArrayList<>(helpers)) {
            poll.add(status(helper), answer -> {
                if (answer.failure() != null || Returned.flag(Returned.object(answer.value(), "guest-exec-status"), "exited",
                        "guest-exec-status")) {
                    helpers.remove(helper);
                }
            });
        }
    }

    private void write(boolean stderr, byte[] data) throws IOException {
        if (stderr) {
            output.stderr(data, 0, data.length);
        } else {
            output.stdout(data, 0, data.length);
        }
    }

    /**
     * After the exit: the rest of the files, to their end (a read after the exit sees everything
     * the program wrote), then what the agent captured (the program's output when not streamed,
     * else the wrapper's own messages).
     */
    private RunResult finish(JsonObject status, RunResult.Ending ending, boolean stream) throws QgaException, IOException {
        while (files.stream().anyMatch(file -> !file.missing && (file.handle == null || !file.eof))) {
            Poll poll = new Poll();
            addFileWork(poll, true);
            poll.run();
        }
        captured(status, "out-data", false);
        captured(status, "err-data", true);
        String command = "guest-exec-status";
        Integer exitCode = Returned.optionalInteger(status, "exitcode", command);
        Integer signal = Returned.optionalInteger(status, "signal", command);
        return new RunResult(exitCode, signal, ending, Returned.optionalFlag(status, "out-truncated", command),
                Returned.optionalFlag(status, "err-truncated", command), stream);
    }

    private void captured(JsonObject status, String member, boolean stderr) throws QgaException, IOException {
        byte[] bytes = Returned.base64(status, member, true, "guest-exec-status");
        if (bytes.length > 0) {
            write(stderr, bytes);
        }
    }

    /** Kills the program (TERM, then KILL after a grace period) and waits for the agent to report it gone. */
    private RunResult stop(long pid, RunResult.Ending ending, boolean stream) throws QgaException, IOException {
        log.verbose((ending == RunResult.Ending.TIMED_OUT ? "time limit reached" : "interrupted") + ": killing pid " + pid + " in the guest");
        signal(pid, "TERM");
        JsonObject status = awaitExit(pid, TERM_GRACE_NANOS);
        if (status == null) {
            signal(pid, "KILL");
            status = awaitExit(pid, HELPER_NANOS);
        }
        if (status == null) {
            throw QgaException.noAnswer("the program (pid " + pid + ") is still running in the guest after SIGKILL");
        }
        return finish(status, ending, stream);
    }

    private void signal(long pid, String signal) throws QgaException {
        JsonObject arguments = new JsonObject();
        if (windows) {
            arguments.addProperty("path", "taskkill");
            arguments.add("arg", strings(List.of("/F", "/T", "/PID", Long.toString(pid))));
        } else {
            arguments.addProperty("path", PosixWrapper.SHELL);
            arguments.add("arg", strings(PosixWrapper.kill(signal, pid)));
        }
        long helper = Returned.integer(Returned.object(agent.call("guest-exec", arguments), "guest-exec"), "pid", "guest-exec");
        awaitExit(helper, HELPER_NANOS);
    }

    /** Polls until the process has exited: its status, or null if it has not within the time given. */
    private JsonObject awaitExit(long pid, long nanos) throws QgaException {
        long deadline = System.nanoTime() + nanos;
        long delay = FIRST_DELAY_NANOS;
        while (true) {
            JsonObject status = Returned.object(agent.call("guest-exec-status", status(pid).arguments()), "guest-exec-status");
            if (Returned.flag(status, "exited", "guest-exec-status")) {
                return status;
            }
            if (System.nanoTime() + delay > deadline) {
                return null;
            }
            try {
                Thread.sleep(Math.max(1, delay / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            delay = Math.min(delay * 2, MAX_DELAY_NANOS);
        }
    }

    /**
     * Closes the output files (in one round trip), removes their directory if that has not started
     * yet, and waits a little for qga's helpers in the guest to finish, so the agent forgets them;
     * failures here are reported in -v, never thrown over the result.
     */
    private void cleanUp() {
        Poll poll = new Poll();
        for (OutputFile file : files) {
            if (file.handle != null) {
                JsonObject arguments = new JsonObject();
                arguments.addProperty("handle", file.handle);
                poll.add(Request.of("guest-file-close", arguments), answer -> {
                    if (answer.failure() != null) {
                        log.verbose("could not close " + file.path + " in the guest: " + answer.failure().getMessage());
                    }
                });
                file.handle = null;
                file.missing = true;
            }
        }
        addFileWork(poll, true);
        try {
            poll.run();
            for (Long helper : new ArrayList<>(helpers)) {
                awaitExit(helper, HELPER_NANOS);
            }
        } catch (QgaException | IOException e) {
            log.verbose("could not clean up in the guest: " + e.getMessage());
        }
    }

    /** Requests sent together in one round trip, each with what to do with its answer. */
    private final class Poll {
        private final List<Request> requests = new ArrayList<>();
        private final List<Handler> handlers = new ArrayList<>();
        boolean gotOutput;

        void add(Request request, Handler handler) {
            requests.add(request);
            handlers.add(handler);
        }

        /** Sends them all, then hands each answer to its handler in order; true if output came. */
        boolean run() throws QgaException, IOException {
            List<Round.Answer> answers = Round.answers(agent, requests);
            for (int i = 0; i < answers.size(); i++) {
                handlers.get(i).take(answers.get(i));
            }
            return gotOutput;
        }
    }

    @FunctionalInterface
    private interface Handler {
        void take(Round.Answer answer) throws QgaException, IOException;
    }

    /** One of the program's output files in the guest. */
    private static final class OutputFile {
        final String path;
        final boolean stderr;
        Long handle;
        /** Closed by qga, or never created (the program's shell failed before it). */
        boolean missing;
        boolean eof;

        OutputFile(String path, boolean stderr) {
            this.path = path;
            this.stderr = stderr;
        }
    }
}
