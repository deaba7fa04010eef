package qga.schema;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one agent says about itself in guest-info: its version, and every command it knows with
 * whether it is enabled (-b blocks show as disabled) and whether it replies on success.
 */
public record AgentInfo(String version, Map<String, Entry> commands) {
    public record Entry(boolean enabled, boolean replies) {
    }

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
}
