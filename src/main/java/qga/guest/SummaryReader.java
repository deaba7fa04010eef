package qga.guest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qga.api.Agent;
import qga.api.Pipeline;
import qga.base.Excerpt;
import qga.base.ExitCode;
import qga.base.Phase;
import qga.base.QgaException;
import qga.json.JsonCodec;
import qga.protocol.Request;
import qga.schema.AgentInfo;

/**
 * Gathers qga info in two round trips: guest-info (the agent's version, and what it has enabled),
 * then every other command at once through a pipeline. guest-get-time goes first, so its reply
 * waits behind no other and the round trip that brackets it is as short as it can be.
 */
final class SummaryReader {
    /** Each part and the command that answers it, in the order they are sent. */
    private static final Map<String, String> COMMANDS = commands();

    private final Agent agent;
    private final Map<String, JsonElement> returns = new HashMap<>();
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private boolean refusedByAgent;
    private long hostBefore;
    private long hostAfter;

    SummaryReader(Agent agent) {
        this.agent = agent;
    }

    private static Map<String, String> commands() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("time", "guest-get-time");
        commands.put("os", "guest-get-osinfo");
        commands.put("hostname", "guest-get-host-name");
        commands.put("timezone", "guest-get-timezone");
        commands.put("users", "guest-get-users");
        commands.put("vcpus", "guest-get-vcpus");
        return commands;
    }

    GuestSummary read() throws QgaException {
        AgentInfo info = agent.info();
        Pipeline<String> pipeline = agent.pipeline();
        for (Map.Entry<String, String> part : COMMANDS.entrySet()) {
            String lacking = lacking(info, part.getValue());
            if (lacking != null) {
                unavailable.put(part.getKey(), lacking);
                continue;
            }
            if (part.getKey().equals("time")) {
                hostBefore = hostNanos();
            }
            pipeline.submit(part.getKey(), Request.of(part.getValue(), null));
        }
        while (!pipeline.isEmpty()) {
            Pipeline.Result<String> result = pipeline.next();
            if (result.tag().equals("time")) {
                hostAfter = hostNanos();
            }
            take(result);
        }
        if (returns.isEmpty()) {
            throw new QgaException(refusedByAgent ? ExitCode.AGENT_ERROR : ExitCode.BAD_INPUT, Phase.REPLY,
                    "cannot show info: the agent answers none of the commands it needs: "
                            + String.join("; ", unavailable.values()), null);
        }
        return summary(info);
    }

    /** Why this agent cannot answer a command, going by its guest-info; null if it can (or will not say). */
    private static String lacking(AgentInfo info, String command) {
        if (info == null) {
            return null;
        }
        if (!info.lists(command)) {
            return "this agent (" + info.version() + ") does not have " + command;
        }
        return info.isEnabled(command) ? null : command + " is disabled on this agent";
    }

    /** An error reply or a refusal before sending makes the part unavailable; no answer fails the view. */
    private void take(Pipeline.Result<String> result) throws QgaException {
        String command = COMMANDS.get(result.tag());
        if (result instanceof Pipeline.Result.Answered<String> answered) {
            if (answered.reply().isError()) {
                refusedByAgent = true;
                unavailable.put(result.tag(), command + ": " + answered.reply().errorDesc());
            } else {
                returns.put(result.tag(), answered.reply().returnValue());
            }
        } else if (result instanceof Pipeline.Result.Failed<String> failed && failed.code() == ExitCode.BAD_INPUT) {
            unavailable.put(result.tag(), failed.message());
        } else if (result instanceof Pipeline.Result.Failed<String> failed) {
            throw new QgaException(failed.code(), Phase.REPLY, failed.message(), null);
        } else {
            unavailable.put(result.tag(), command + " sent no reply");
        }
    }

    private GuestSummary summary(AgentInfo info) {
        if (info == null) {
            unavailable.put("agent-version", "the agent does not say (guest-info gave no version)");
        }
        return new GuestSummary(parsed("os", this::os), parsed("hostname", this::hostname),
                info == null ? null : info.version(), parsed("time", this::time), parsed("timezone", this::timezone),
                parsed("users", this::users), parsed("vcpus", this::vcpus), ordered());
    }

    /** The reasons in the order the parts are shown. */
    private Map<String, String> ordered() {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String part : GuestSummary.PARTS) {
            if (unavailable.containsKey(part)) {
                ordered.put(part, unavailable.get(part));
            }
        }
        return ordered;
    }

    private interface Parser<T> {
        T parse(JsonElement value) throws QgaException;
    }

    /** A part parsed from its reply; a reply of the wrong shape makes it unavailable rather than failing the rest. */
    private <T> T parsed(String part, Parser<T> parser) {
        JsonElement value = returns.get(part);
        if (value == null) {
            return null;
        }
        try {
            T parsed = parser.parse(value);
            if (parsed == null) {
                unavailable.put(part, COMMANDS.get(part) + " returned " + Excerpt.of(JsonCodec.compact(value)) + ", not what it documents");
            }
            return parsed;
        } catch (QgaException e) {
            unavailable.put(part, e.getMessage());
            return null;
        }
    }

    private GuestSummary.Os os(JsonElement value) throws QgaException {
        return GuestSummary.Os.from(JsonFields.object("guest-get-osinfo", value));
    }

    private String hostname(JsonElement value) throws QgaException {
        return JsonFields.string(JsonFields.object("guest-get-host-name", value), "host-name");
    }

    private GuestSummary.GuestTime time(JsonElement value) {
        Long nanos = JsonFields.integer(value);
        return nanos == null ? null : GuestSummary.GuestTime.measure(nanos, hostBefore, hostAfter);
    }

    private GuestSummary.TimeZone timezone(JsonElement value) throws QgaException {
        JsonObject zone = JsonFields.object("guest-get-timezone", value);
        return new GuestSummary.TimeZone(JsonFields.string(zone, "zone"), JsonFields.integer(zone, "offset"));
    }

    private List<LoggedInUser> users(JsonElement value) throws QgaException {
        List<LoggedInUser> users = new ArrayList<>();
        for (JsonObject user : JsonFields.objects("guest-get-users", value)) {
            users.add(LoggedInUser.from(user));
        }
        return List.copyOf(users);
    }

    private GuestSummary.VcpuCount vcpus(JsonElement value) throws QgaException {
        int online = 0;
        int total = 0;
        for (JsonObject vcpu : JsonFields.objects("guest-get-vcpus", value)) {
            total++;
            if (Boolean.TRUE.equals(JsonFields.bool(vcpu, "online"))) {
                online++;
            }
        }
        return new GuestSummary.VcpuCount(online, total);
    }

    /** This host's clock, in nanoseconds since the epoch, as the guest's is given. */
    private static long hostNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
