package qga.schema;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one agent says about itself in guest-info: its version, and every command it knows with
 * whether it is enabled (-b blocks show as disabled) and whether it replies on success.
 */
public record AgentInfo(String version, Map<String, Entry> commands) {
    public record Entry(boolean enabled, boolean replies) {
    }

    /** What qemu-ga keeps enabled while it holds file systems frozen; it disables every other command until the thaw. */
    public static final Set<String> ALLOWED_WHILE_FROZEN = Set.of("guest-ping", "guest-info", "guest-sync",
            "guest-sync-delimited", "guest-fsfreeze-status", "guest-fsfreeze-thaw");

    /** Null when the reply does not look like guest-info (no supported_commands list); odd entries are skipped. */
    public static AgentInfo fromGuestInfo(JsonElement returnValue) {
        if (returnValue == null || !returnValue.isJsonObject()) {
            return null;
        }
        JsonObject info = returnValue.getAsJsonObject();
        JsonElement list = info.get("supported_commands");
        if (list == null || !list.isJsonArray()) {
            return null;
        }
        Map<String, Entry> commands = new LinkedHashMap<>();
        for (JsonElement element : list.getAsJsonArray()) {
            if (!element.isJsonObject() || !isString(element.getAsJsonObject().get("name"))) {
                continue;
            }
            JsonObject command = element.getAsJsonObject();
            commands.put(command.get("name").getAsString(),
                    new Entry(flag(command.get("enabled")), flag(command.get("success-response"))));
        }
        JsonElement version = info.get("version");
        return new AgentInfo(isString(version) ? version.getAsString() : "unknown", Collections.unmodifiableMap(commands));
    }

    private static boolean isString(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    /** Absent or odd flags count as true, the agent's own default. */
    private static boolean flag(JsonElement value) {
        return value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isBoolean() || value.getAsBoolean();
    }

    public boolean lists(String command) {
        return commands.containsKey(command);
    }

    public boolean isEnabled(String command) {
        Entry entry = commands.get(command);
        return entry != null && entry.enabled();
    }

    /**
     * True when this guest-info is a frozen agent's: every command but those allowed while frozen
     * disabled, and guest-fsfreeze-status enabled (an agent that blocked all of them with -b would
     * look the same, and nobody runs one).
     */
    public boolean looksFrozen() {
        boolean others = false;
        for (Map.Entry<String, Entry> command : commands.entrySet()) {
            if (!ALLOWED_WHILE_FROZEN.contains(command.getKey())) {
                if (command.getValue().enabled()) {
                    return false;
                }
                others = true;
            }
        }
        return others && isEnabled("guest-fsfreeze-status");
    }
}
