package qga.schema;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one QEMU monitor takes, as it says itself: its commands (query-commands) and their
 * arguments from its introspection (query-qmp-schema), where type names are numbers and every
 * sized integer is "int". Arguments whose type is a union (blockdev-add's) cannot be checked
 * member by member; for those, and for device_add (which takes the device's properties besides
 * its declared arguments), only what is declared is checked.
 */
public final class MonitorSchema {
    /** Commands documented to take arguments beyond those their schema declares. */
    private static final Set<String> OPEN_ARGUMENTS = Set.of("device_add");
    /** Deeper types are taken as any JSON value: QAPI types may refer to themselves. */
    private static final int MAX_DEPTH = 8;

    private final String version;
    private final Set<String> commands;
    private final Map<String, JsonObject> entities = new HashMap<>();
    private final Map<String, CommandInfo> parsed = new HashMap<>();
    private final Set<String> open = new TreeSet<>(OPEN_ARGUMENTS);

    private MonitorSchema(String version, Set<String> commands) {
        this.version = version;
        this.commands = commands;
    }

    /**
     * From the return values of query-commands and query-qmp-schema (null when the monitor would
     * not introspect: then command names only are known).
     */
    public static MonitorSchema of(String version, JsonElement queryCommands, JsonElement querySchema) {
        Set<String> names = new TreeSet<>();
        if (queryCommands != null && queryCommands.isJsonArray()) {
            for (JsonElement command : queryCommands.getAsJsonArray()) {
                JsonElement name = command.isJsonObject() ? command.getAsJsonObject().get("name") : null;
                if (name != null && name.isJsonPrimitive()) {
                    names.add(name.getAsString());
                }
            }
        }
        MonitorSchema schema = new MonitorSchema(version, Collections.unmodifiableSet(names));
        if (querySchema != null && querySchema.isJsonArray()) {
            for (JsonElement entity : querySchema.getAsJsonArray()) {
                if (entity.isJsonObject() && entity.getAsJsonObject().get("name") != null) {
                    schema.entities.put(entity.getAsJsonObject().get("name").getAsString(), entity.getAsJsonObject());
                }
            }
        }
        return schema;
    }

    /** QEMU's version, from its greeting: 7.2.22. */
    public String version() {
        return version;
    }

    /** Every command this monitor takes, sorted. */
    public Set<String> commands() {
        return commands;
    }

    /** Every event this monitor may send (from its introspection; empty when it gave none), sorted. */
    public Set<String> events() {
        Set<String> events = new TreeSet<>();
        for (JsonObject entity : entities.values()) {
            if ("event".equals(text(entity, "meta-type"))) {
                events.add(text(entity, "name"));
            }
        }
        return events;
    }

    /** The command with its arguments; null when the monitor does not have it or did not describe it. */
    public synchronized CommandInfo find(String command) {
        if (!commands.contains(command)) {
            return null;
        }
        CommandInfo info = parsed.get(command);
        if (info == null && parsed.containsKey(command)) {
            return null;
        }
        if (info == null) {
            info = describe(command);
            parsed.put(command, info);
        }
        return info;
    }

    /** True when every argument the command takes is declared, so an unknown one is a mistake. */
    public synchronized boolean closed(String command) {
        find(command);
        return !open.contains(command);
    }

    private CommandInfo describe(String command) {
        JsonObject entity = entities.get(command);
        if (entity == null || !"command".equals(text(entity, "meta-type"))) {
            return null;
        }
        List<Argument> arguments = new ArrayList<>();
        JsonObject argType = entities.get(text(entity, "arg-type"));
        if (argType != null && argType.has("members")) {
            for (JsonElement element : argType.getAsJsonArray("members")) {
                JsonObject member = element.getAsJsonObject();
                arguments.add(new Argument(text(member, "name"), type(text(member, "type"), 0), member.has("default"),
                        null, null, false, null));
            }
        }
        if (argType == null || argType.has("variants")) {
            open.add(command);
        }
        return new CommandInfo(command, null, null, null, true, !isQuery(command), null, null, null, List.copyOf(arguments),
                null, null, null);
    }

    /** query-* commands only report; by QEMU's naming every other command may change the VM. */
    public static boolean isQuery(String command) {
        return command.startsWith("query-") || command.startsWith("x-query-");
    }

    private ArgType type(String name, int depth) {
        JsonObject entity = name == null ? null : entities.get(name);
        if (entity == null || depth > MAX_DEPTH) {
            return builtin(name);
        }
        String meta = text(entity, "meta-type");
        if ("enum".equals(meta)) {
            List<String> values = new ArrayList<>();
            entity.getAsJsonArray("values").forEach(v -> values.add(v.getAsString()));
            return new ArgType.Enumeration(List.copyOf(values), null);
        }
        if ("array".equals(meta)) {
            return new ArgType.ListOf(type(text(entity, "element-type"), depth + 1));
        }
        if ("alternate".equals(meta)) {
            Set<ArgType> choices = new LinkedHashSet<>();
            entity.getAsJsonArray("members").forEach(m -> choices.add(type(text(m.getAsJsonObject(), "type"), depth + 1)));
            return new ArgType.Alternate(List.copyOf(choices));
        }
        if ("object".equals(meta) && !entity.has("variants")) {
            List<ArgType.Member> members = new ArrayList<>();
            for (JsonElement element : entity.getAsJsonArray("members")) {
                JsonObject member = element.getAsJsonObject();
                members.add(new ArgType.Member(text(member, "name"), type(text(member, "type"), depth + 1), member.has("default")));
            }
            return new ArgType.Struct(List.copyOf(members));
        }
        if ("builtin".equals(meta)) {
            return builtin(switch (String.valueOf(text(entity, "json-type"))) {
                case "string" -> "str";
                case "int" -> "int";
                case "boolean" -> "bool";
                case "number" -> "number";
                default -> "any";
            });
        }
        return new ArgType.Scalar("any");
    }

    private static ArgType builtin(String name) {
        return new ArgType.Scalar(name == null || IntegerType.of(name) == null && !Set.of("str", "bool", "number").contains(name)
                ? "any" : name);
    }

    private static String text(JsonObject json, String name) {
        JsonElement value = json.get(name);
        return value == null || !value.isJsonPrimitive() ? null : value.getAsString();
    }
}
