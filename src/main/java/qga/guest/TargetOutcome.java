package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import qga.json.JsonCodec;
import qga.protocol.Reply;

/**
 * What one target of a command run over many gave: the exit status qga would have given for it
 * alone, and the reply (a JSON tree: the agent's reply, a view's JSON, a program's result) or the
 * error. {@link #jsonLine()} is its line of output; {@link #brief()} the few fields a table shows.
 */
public final class TargetOutcome {
    /** The longest brief: a table row stays readable, and the JSON line has it all. */
    public static final int BRIEF = 100;

    private final String target;
    private final int exit;
    private final JsonElement reply;
    private final String error;
    private final String brief;
    private final String reason;

    private TargetOutcome(String target, int exit, JsonElement reply, String error, String brief, String reason) {
        this.target = target;
        this.exit = exit;
        this.reply = reply;
        this.error = error;
        this.brief = brief;
        this.reason = reason;
    }

    private TargetOutcome(String target, int exit, JsonElement reply, String error, String brief) {
        this(target, exit, reply, error, brief, null);
    }

    /** exec: the agent's reply as it came, exit 1 for an error reply. */
    public static TargetOutcome replied(String target, Reply reply) {
        if (reply.isError()) {
            return new TargetOutcome(target, 1, reply.json(), null, reply.errorClass() + ": " + reply.errorDesc(), "agent error");
        }
        return new TargetOutcome(target, 0, reply.json(), null, cut(JsonCodec.compact(reply.returnValue())));
    }

    /** exec of a command that replies only on failure, taken: no reply, as alone. */
    public static TargetOutcome accepted(String target, String description) {
        return new TargetOutcome(target, 0, JsonNull.INSTANCE, null, description);
    }

    /** A view of one record (info). */
    public static TargetOutcome view(String target, ViewRecord record) {
        return new TargetOutcome(target, 0, record.json(), null, record instanceof GuestSummary summary
                ? brief(summary) : cut(JsonCodec.compact(record.json())));
    }

    /** A view of many records (ifaddr, df, ...). */
    public static TargetOutcome view(String target, List<? extends ViewRecord> records) {
        JsonArray array = new JsonArray();
        records.forEach(record -> array.add(record.json()));
        String brief = records.stream().allMatch(NetworkInterface.class::isInstance) && !records.isEmpty()
                ? briefAddresses(records) : cut(JsonCodec.compact(array));
        return new TargetOutcome(target, 0, array, null, brief);
    }

    /**
     * run: the program's result as run --json prints it; exit is the status qga run would exit
     * with, reason how it ended when that is not 0 (exited, timed out, interrupted).
     */
    public static TargetOutcome ran(String target, int exit, String reason, JsonObject result, String stdout) {
        String first = stdout.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
        return new TargetOutcome(target, exit, result, null, cut(first), exit == 0 ? null : reason);
    }

    /** A failure of qga's own, with its exit status, a few words for it (no answer) and its message. */
    public static TargetOutcome failed(String target, int exit, String reason, String message) {
        return new TargetOutcome(target, exit, null, message, cut(message), reason);
    }

    /** The same outcome under the name the user gave the target. */
    public TargetOutcome named(String name) {
        return new TargetOutcome(name, exit, reply, error, brief, reason);
    }

    public String target() {
        return target;
    }

    public int exit() {
        return exit;
    }

    /** The error message of a failure of qga's own, or null. */
    public String error() {
        return error;
    }

    /** A few words for why it failed (no answer, agent error, exited), or null when it did not. */
    public String reason() {
        return reason;
    }

    /** One line for a table: the reply's key fields, or the error. */
    public String brief() {
        return brief;
    }

    /** {"target": ..., "exit": N, "reply": ...} or {"target": ..., "exit": N, "error": ...}, on one line. */
    public String jsonLine() {
        JsonObject line = new JsonObject();
        line.addProperty("target", target);
        line.addProperty("exit", exit);
        if (error != null) {
            line.addProperty("error", error);
        } else {
            line.add("reply", reply);
        }
        return JsonCodec.compact(line);
    }

    /** The OS, kernel and host name: what an admin with forty VMs asks first. */
    private static String brief(GuestSummary summary) {
        List<String> parts = new ArrayList<>();
        GuestSummary.Os os = summary.os();
        if (os != null) {
            String name = os.prettyName() != null ? os.prettyName() : os.name();
            if (name != null) {
                parts.add(name);
            }
            if (os.kernelRelease() != null) {
                parts.add(os.kernelRelease());
            }
        }
        if (summary.hostname() != null) {
            parts.add("host " + summary.hostname());
        }
        return cut(parts.isEmpty() ? "unavailable: " + String.join(", ", summary.unavailable().keySet()) : String.join(", ", parts));
    }

    /** Every address but the loopback ones, by interface. */
    private static String briefAddresses(List<? extends ViewRecord> records) {
        List<String> parts = new ArrayList<>();
        for (ViewRecord record : records) {
            NetworkInterface nic = (NetworkInterface) record;
            for (NetworkInterface.IpAddress address : nic.addresses()) {
                String text = address.address();
                if (text == null || text.startsWith("127.") || text.equals("::1")) {
                    continue;
                }
                parts.add(nic.name() + " " + text + (address.prefix() == null ? "" : "/" + address.prefix()));
            }
        }
        return cut(parts.isEmpty() ? "no addresses but loopback" : String.join(", ", parts));
    }

    private static String cut(String text) {
        return text.codePointCount(0, text.length()) <= BRIEF ? text
                : text.substring(0, text.offsetByCodePoints(0, BRIEF - 3)) + "...";
    }
}
