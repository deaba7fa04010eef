package qga.input;

import qga.base.QgaException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import qga.base.Excerpt;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;
import qga.protocol.Request;
import qga.schema.Catalog;
import qga.schema.Validator;

/**
 * Turns what the user typed into a request: a whole JSON request, or shorthand
 * {@code COMMAND key=value ...}. Malformed input is rejected here, before anything is sent.
 */
public final class RequestParser {
    private static final Set<String> REQUEST_MEMBERS = Set.of("execute", "arguments", "id");

    private final ValueParser values;
    private final Validator validator;
    private final boolean asGiven;

    /** Checks the shape of JSON requests; values after '=' are read by values. */
    public RequestParser(ValueParser values) {
        this(values, null, false);
    }

    private RequestParser(ValueParser values, Validator validator, boolean asGiven) {
        this.values = values;
        this.validator = validator;
        this.asGiven = asGiven;
    }

    /**
     * Values typed from the catalog; a line that is not COMMAND KEY=VALUE... because its command is
     * unknown ("not json at all") is refused for the unknown command, not for its second word.
     */
    public static RequestParser validating(Catalog catalog) {
        return new RequestParser(new TypedValueParser(catalog), new Validator(catalog), false);
    }

    /**
     * For --no-validate: a JSON request may be any object and is sent as written (only its id
     * is qga's on the wire, to match the reply); shorthand values follow the plain JSON-or-string rule.
     */
    public static RequestParser asGiven() {
        return new RequestParser(new ValueParser(), null, true);
    }

    /** True when the text is meant as a JSON request rather than shorthand. */
    public static boolean looksLikeJson(String text) {
        return text.stripLeading().startsWith("{");
    }

    /** A JSON request: an object with a string "execute", an optional "arguments" object and "id". */
    public Request fromJson(String text) throws QgaException {
        JsonElement element;
        try {
            element = JsonCodec.parse(text);
        } catch (JsonSyntaxError e) {
            throw QgaException.badInput("malformed JSON request " + position(text, e.offset()) + ": " + e.getMessage());
        }
        return fromJson(element);
    }

    public Request fromJson(JsonElement element) throws QgaException {
        if (!element.isJsonObject()) {
            throw QgaException.badInput("a JSON request must be an object like {\"execute\": \"guest-ping\"}"
                    + (asGiven ? ", even with --no-validate (qga puts its id in it to match the reply)" : ""));
        }
        JsonObject json = element.getAsJsonObject();
        if (asGiven) {
            return Request.asGiven(json);
        }
        for (String key : json.keySet()) {
            if (!REQUEST_MEMBERS.contains(key)) {
                throw QgaException.badInput("unknown member \"" + Excerpt.of(key) + "\" in the request: a request has only"
                        + " \"execute\", \"arguments\" and \"id\"");
            }
        }
        JsonElement execute = json.get("execute");
        if (execute == null) {
            throw QgaException.badInput("the request has no \"execute\": add \"execute\": \"guest-...\"");
        }
        if (!execute.isJsonPrimitive() || !execute.getAsJsonPrimitive().isString() || execute.getAsString().isEmpty()) {
            throw QgaException.badInput("\"execute\" must be a command name in a string, like \"guest-ping\"");
        }
        JsonElement arguments = json.get("arguments");
        if (arguments != null && !arguments.isJsonObject()) {
            throw QgaException.badInput("\"arguments\" must be an object like {\"handle\": 1000}");
        }
        return Request.of(json);
    }

    /**
     * Shorthand: the command, then key=value pairs. argsJson (from --args) gives a base
     * arguments object that the pairs extend. A dotted key builds nested objects (a.b=1).
     */
    public Request fromShorthand(String command, List<String> pairs, String argsJson) throws QgaException {
        checkCommandName(command);
        JsonObject arguments = new JsonObject();
        if (argsJson != null) {
            JsonElement base;
            try {
                base = JsonCodec.parse(argsJson);
            } catch (JsonSyntaxError e) {
                throw QgaException.badInput("malformed --args JSON " + position(argsJson, e.offset()) + ": " + e.getMessage());
            }
            if (!base.isJsonObject()) {
                throw QgaException.badInput("--args must be a JSON object like '{\"handle\": 1000}'");
            }
            arguments = base.getAsJsonObject();
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                if (validator != null) {
                    validator.checkKnown(command);
                }
                String word = Excerpt.of(pair);
                throw QgaException.badInput("expected key=value, got '" + word + "'"
                        + (eq == 0 ? ": the name before '=' is missing" : ": write it as " + word + "=VALUE"));
            }
            String key = pair.substring(0, eq);
            String raw = pair.substring(eq + 1);
            put(arguments, command, key, raw);
        }
        return Request.of(command, arguments);
    }

    private void put(JsonObject arguments, String command, String key, String raw) throws QgaException {
        String[] path = key.split("\\.", -1);
        for (String part : path) {
            if (!isName(part, false)) {
                throw QgaException.badInput("bad argument name '" + Excerpt.of(key) + "': use letters, digits, '-' and '_'"
                        + " (dots separate nested names)");
            }
        }
        JsonObject target = arguments;
        for (int i = 0; i < path.length - 1; i++) {
            JsonElement inner = target.get(path[i]);
            if (inner == null) {
                JsonObject created = new JsonObject();
                target.add(path[i], created);
                target = created;
            } else if (inner.isJsonObject()) {
                target = inner.getAsJsonObject();
            } else {
                throw QgaException.badInput("argument " + Excerpt.of(String.join(".", List.of(path).subList(0, i + 1)))
                        + " is given a value and nested names at once");
            }
        }
        String last = path[path.length - 1];
        if (target.has(last)) {
            throw QgaException.badInput("argument " + Excerpt.of(key) + " is given twice");
        }
        target.add(last, path.length == 1 ? values.parse(command, key, raw) : ValueParser.untyped(key, raw));
    }

    static void checkCommandName(String command) throws QgaException {
        if (!isName(command, true)) {
            throw QgaException.badInput("'" + Excerpt.of(command) + "' is not a command name: write one like guest-get-osinfo,"
                    + " or a JSON request like '{\"execute\":\"guest-ping\"}'");
        }
    }

    /**
     * [A-Za-z0-9_-]+, and dots too for a command name. By hand, not a regex: in pipe mode this runs
     * for every line, and a Matcher per line was the largest allocation of a 10,000-request run.
     */
    static boolean isName(String text, boolean dots) {
        int n = text.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-' || (dots && c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** "at line L, column C" for an offset in the UTF-8 bytes of text. */
    static String position(String text, int byteOffset) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String before = new String(bytes, 0, Math.min(byteOffset, bytes.length), StandardCharsets.UTF_8);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = before.codePointCount(lineStart, before.length()) + 1;
        return line == 1 && text.indexOf('\n') < 0 ? "at column " + column : "at line " + line + ", column " + column;
    }
}
