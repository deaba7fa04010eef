package qga.schema;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qga.json.BracketScanner;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;

/**
 * Every guest-* command qga knows, loaded from the catalog.json resource: arguments and their
 * types, whether the command replies, when it appeared, whether it changes the guest.
 */
public final class Catalog {
    private static final String RESOURCE = "/qga/schema/catalog.json";
    private static volatile Catalog builtIn;

    /** Each command's object in the resource, by name, in the resource's order: [start, end) byte offsets. */
    private final byte[] json;
    private final Map<String, int[]> spans;
    private final Map<String, CommandInfo> parsed = new HashMap<>();

    private Catalog(byte[] json, Map<String, int[]> spans) {
        this.json = json;
        this.spans = spans;
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
            return new Catalog(bytes, index(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Finds each command's object without parsing it: a one-command run parses one entry, not the
     * 44 KB file (about 20 ms at start-up otherwise). Entries are the objects two levels inside
     * the root, in {"commands": [ {...}, ... ]}; the first "name" in each is the command's.
     */
    static Map<String, int[]> index(byte[] bytes) {
        Map<String, int[]> spans = new LinkedHashMap<>();
        BracketScanner scanner = new BracketScanner();
        int start = -1;
        for (int i = 0; i < bytes.length; i++) {
            // most of the file is descriptions: their bytes are passed over, not taken one by one
            i = scanner.skipStringContent(bytes, i, bytes.length);
            if (i == bytes.length) {
                break;
            }
            byte c = bytes[i];
            BracketScanner.Step step = scanner.take(c);
            if (step == BracketScanner.Step.OPEN && c == '{' && scanner.depth() == 3) {
                start = i;
            } else if (step == BracketScanner.Step.CLOSE && c == '}' && scanner.depth() == 2) {
                spans.put(firstName(bytes, start, i + 1), new int[] {start, i + 1});
            }
        }
        return spans;
    }

    private static String firstName(byte[] bytes, int start, int end) {
        String text = new String(bytes, start, Math.min(end - start, 200), StandardCharsets.UTF_8);
        int key = text.indexOf("\"name\"");
        int open = text.indexOf('"', text.indexOf(':', key) + 1);
        return text.substring(open + 1, text.indexOf('"', open + 1));
    }

    public synchronized CommandInfo find(String name) {
        CommandInfo info = parsed.get(name);
        if (info == null) {
            int[] span = spans.get(name);
            if (span == null) {
                return null;
            }
            try {
                info = command(JsonCodec.parse(json, span[0], span[1] - span[0], JsonCodec.Utf8.STRICT).getAsJsonObject());
            } catch (JsonSyntaxError e) {
                throw new IllegalStateException(RESOURCE + " is malformed near byte " + (span[0] + e.offset()) + ": "
                        + e.getMessage(), e);
            }
            parsed.put(name, info);
        }
        return info;
    }

    public List<CommandInfo> all() {
        List<CommandInfo> all = new ArrayList<>(spans.size());
        for (String name : spans.keySet()) {
            all.add(find(name));
        }
        return all;
    }

    /** The names of every command, without parsing any. */
    public Set<String> names() {
        return Collections.unmodifiableSet(spans.keySet());
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
                flag(json, "replies"), flag(json, "changes-state"), text(json, "platforms"), names(json.get("os")),
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

    private static List<String> names(JsonElement list) {
        if (list == null || list.isJsonNull()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        list.getAsJsonArray().forEach(n -> names.add(n.getAsString()));
        return List.copyOf(names);
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
