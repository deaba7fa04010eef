package qga.schema;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qga.protocol.JsonCodec;
import qga.protocol.JsonSyntaxError;

/**
 * Every guest-* command qga knows, loaded from the catalog.json resource: arguments and their
 * types, whether the command replies, when it appeared, whether it changes the guest.
 */
public final class Catalog {
    private static final String RESOURCE = "/qga/schema/catalog.json";
    private static volatile Catalog builtIn;

    private final Map<String, CommandInfo> commands;

    private Catalog(Map<String, CommandInfo> commands) {
        this.commands = commands;
    }

    /** The catalog shipped in the jar (loaded once). */
    public static Catalog builtIn() {
        Catalog catalog = builtIn;
        if (catalog == null) {
            synchronized (Catalog.class) {
                if (builtIn == null) {
                    builtIn = load();
                }
                catalog = builtIn;
            }
        }
        return catalog;
    }

    private static Catalog load() {
        try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            byte[] bytes = in.readAllBytes();
            JsonObject root = JsonCodec.parse(bytes, 0, bytes.length, JsonCodec.Utf8.STRICT).getAsJsonObject();
            return fromJson(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonSyntaxError e) {
            throw new IllegalStateException(RESOURCE + " is malformed at byte " + e.offset() + ": " + e.getMessage(), e);
        }
    }

    static Catalog fromJson(JsonObject root) {
        Map<String, CommandInfo> commands = new LinkedHashMap<>();
        for (JsonElement element : root.getAsJsonArray("commands")) {
            CommandInfo info = command(element.getAsJsonObject());
            commands.put(info.name(), info);
        }
        return new Catalog(Collections.unmodifiableMap(commands));
    }

    public CommandInfo find(String name) {
        return commands.get(name);
    }

    public List<CommandInfo> all() {
        return List.copyOf(commands.values());
    }

    private static CommandInfo command(JsonObject json) {
        List<Argument> arguments = new ArrayList<>();
        for (JsonElement element : json.getAsJsonArray("arguments")) {
            JsonObject a = element.getAsJsonObject();
            arguments.add(new Argument(text(a, "name"), type(a.get("type")), flag(a, "optional"), text(a, "description"),
                    text(a, "format"), flag(a, "redact"), text(a, "since")));
        }
        JsonObject returns = json.getAsJsonObject("returns");
        JsonElement timeout = json.get("timeout");
        return new CommandInfo(text(json, "name"), text(json, "since"), text(json, "purpose"), text(json, "description"),
                flag(json, "replies"), flag(json, "changes-state"), text(json, "platforms"),
                timeout == null || timeout.isJsonNull() ? null : Duration.ofSeconds(timeout.getAsLong()),
                List.copyOf(arguments), returns.get("type").isJsonNull() ? null : type(returns.get("type")),
                text(returns, "description"), text(json, "example"));
    }

    static ArgType type(JsonElement json) {
        if (json.isJsonPrimitive()) {
            return new ArgType.Scalar(json.getAsString());
        }
        if (json.isJsonArray()) {
            return new ArgType.ListOf(type(json.getAsJsonArray().get(0)));
        }
        JsonObject object = json.getAsJsonObject();
        if (object.has("enum")) {
            List<String> values = new ArrayList<>();
            object.getAsJsonArray("enum").forEach(v -> values.add(v.getAsString()));
            return new ArgType.Enumeration(List.copyOf(values), text(object, "since"));
        }
        if (object.has("alternate")) {
            List<ArgType> choices = new ArrayList<>();
            JsonArray array = object.getAsJsonArray("alternate");
            array.forEach(c -> choices.add(type(c)));
            return new ArgType.Alternate(List.copyOf(choices));
        }
        List<ArgType.Member> members = new ArrayList<>();
        for (Map.Entry<String, JsonElement> m : object.getAsJsonObject("struct").entrySet()) {
            boolean optional = m.getKey().endsWith("?");
            String name = optional ? m.getKey().substring(0, m.getKey().length() - 1) : m.getKey();
            members.add(new ArgType.Member(name, type(m.getValue()), optional));
        }
        return new ArgType.Struct(List.copyOf(members));
    }

    private static String text(JsonObject json, String name) {
        JsonElement value = json.get(name);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static boolean flag(JsonObject json, String name) {
        JsonElement value = json.get(name);
        return value != null && !value.isJsonNull() && value.getAsBoolean();
    }
}
