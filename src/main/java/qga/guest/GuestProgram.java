package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import qga.api.Agent;
import qga.base.QgaException;
import qga.base.Seconds;

/**
 * A short program run to its end in the guest through guest-exec, its output captured: the steps
 * a workflow needs the guest's own tools for (rename a file, hash it). The agent tells the exit
 * only when asked with guest-exec-status, so polling starts at 1 ms and backs off to 50 ms.
 */
final class GuestProgram {
    private static final long FIRST_POLL_MILLIS = 1;
    private static final long LAST_POLL_MILLIS = 50;

    /** How the program ended: its exit code (128+N for signal N) and what it wrote. */
    record Exit(int code, String stdout, String stderr) {
        /** stderr's first line, or the exit code when it wrote nothing. */
        String reason() {
            String line = stderr.strip().lines().findFirst().orElse("");
            return line.isEmpty() ? "exit status " + code : line;
        }
    }

    private GuestProgram() {
    }

    static Exit run(Agent agent, List<String> command, Duration limit, Cancellation cancellation) throws QgaException {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("path", command.get(0));
        JsonArray args = new JsonArray();
        command.subList(1, command.size()).forEach(args::add);
        arguments.add("arg", args);
        arguments.addProperty("capture-output", true);
        cancellation.check();
        long pid = agent.call("guest-exec", arguments).getAsJsonObject().get("pid").getAsLong();
        JsonObject query = new JsonObject();
        query.addProperty("pid", pid);
        long deadline = System.nanoTime() + limit.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (true) {
            cancellation.check();
            JsonObject status = agent.call("guest-exec-status", query).getAsJsonObject();
            if (status.get("exited").getAsBoolean()) {
                int code = status.has("signal") ? 128 + status.get("signal").getAsInt()
                        : status.has("exitcode") ? status.get("exitcode").getAsInt() : 0;
                return new Exit(code, text(status.get("out-data")), text(status.get("err-data")));
            }
            if (System.nanoTime() > deadline) {
                throw QgaException.noAnswer(command.get(0) + " (pid " + pid + ") is still running in the guest after "
                        + Seconds.text(limit));
            }
            cancellation.pause(pause);
            pause = Math.min(LAST_POLL_MILLIS, pause * 2);
        }
    }

    private static String text(JsonElement base64) {
        return base64 == null ? "" : new String(Base64.getDecoder().decode(base64.getAsString()), StandardCharsets.UTF_8);
    }
}
