package qga.input;

import qga.base.QgaException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import qga.base.Excerpt;
import qga.json.JsonCodec;
import qga.json.JsonNumber;
import qga.json.JsonSyntaxError;
import qga.schema.ArgType;
import qga.schema.Argument;
import qga.schema.Catalog;
import qga.schema.CommandInfo;
import qga.schema.IntegerType;

/**
 * Types shorthand values from the catalog: pid=1234 an integer, crypted=false a boolean,
 * mountpoints=/,/boot a list of strings, and a string argument that looks like a number stays a
 * string. Arguments the catalog does not know fall back to the plain JSON-or-string rule.
 */
public final class TypedValueParser extends ValueParser {
    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("-?[0-9]+");
    private final Catalog catalog;

    public TypedValueParser(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public JsonElement parse(String command, String key, String raw) throws QgaException {
        CommandInfo info = catalog.find(command);
        Argument argument = info == null ? null : info.argument(key).orElse(null);
        if (argument == null) {
            return untyped(key, raw);
        }
        JsonElement value = typed(argument.type(), key, raw);
        if (value == null) {
            throw QgaException.badInput(command + ": " + key + "=" + Excerpt.of(raw) + ": expected "
                    + qga.schema.TypeCheck.expected(argument.type()));
        }
        return value;
    }

    /** The value, or null when raw cannot be read as this type. */
    private static JsonElement typed(ArgType type, String key, String raw) throws QgaException {
        if (type instanceof ArgType.Scalar scalar) {
            return scalar(scalar.name(), key, raw);
        }
        if (type instanceof ArgType.Enumeration enumeration) {
            return enumeration.values().contains(raw) ? new JsonPrimitive(raw) : null;
        }
        if (type instanceof ArgType.ListOf list) {
            if (raw.startsWith("[")) {
                return json(key, raw);
            }
            if (!(list.item() instanceof ArgType.Scalar)) {
                return null;
            }
            JsonArray items = new JsonArray();
            if (!raw.isEmpty()) {
                for (String part : raw.split(",", -1)) {
                    JsonElement item = typed(list.item(), key, part);
                    if (item == null) {
                        return null;
                    }
                    items.add(item);
                }
            }
            return items;
        }
        if (type instanceof ArgType.Alternate alternate) {
            for (ArgType choice : alternate.choices()) {
                JsonElement value = typed(choice, key, raw);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
        return raw.startsWith("{") ? json(key, raw) : null;
    }

    private static JsonElement scalar(String name, String key, String raw) throws QgaException {
        if (IntegerType.of(name) != null) {
            // the range is the validator's to check, with the same message as for a JSON request
            return INTEGER.matcher(raw).matches() ? new JsonPrimitive(new JsonNumber(new BigInteger(raw).toString())) : null;
        }
        switch (name) {
            case "str":
                if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
                    JsonElement quoted = json(key, raw);
                    return quoted.isJsonPrimitive() ? quoted : null;
                }
                return new JsonPrimitive(raw);
            case "number":
                try {
                    JsonElement number = JsonCodec.parse(raw);
                    return number.isJsonPrimitive() && number.getAsJsonPrimitive().isNumber() ? number : null;
                } catch (JsonSyntaxError e) {
                    return null;
                }
            case "bool":
                return raw.equals("true") || raw.equals("false") ? new JsonPrimitive(raw.equals("true")) : null;
            default:
                return untyped(key, raw);
        }
    }

    private static JsonElement json(String key, String raw) throws QgaException {
        return untyped(key, raw);
    }
}
