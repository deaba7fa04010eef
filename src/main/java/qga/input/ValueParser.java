package qga.input;

import qga.base.QgaException;
import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import qga.base.Excerpt;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;

/**
 * Turns the text after '=' into a JSON value. Without a schema: text that parses as JSON is
 * sent as JSON (pid=1234 an integer, arg='["-l"]' a list), other text as a string; text that
 * starts like a JSON list, object or string but is malformed is an error, not a string.
 */
public class ValueParser {
    /** The value for argument key of command; the plain rule here, typed rules in subclasses. */
    public JsonElement parse(String command, String key, String raw) throws QgaException {
        return untyped(key, raw);
    }

    public static JsonElement untyped(String key, String raw) throws QgaException {
        if (raw.isEmpty()) {
            return new JsonPrimitive("");
        }
        char first = raw.charAt(0);
        try {
            return JsonCodec.parse(raw);
        } catch (JsonSyntaxError e) {
            if (first == '[' || first == '{' || first == '"') {
                String name = Excerpt.of(key);
                throw QgaException.badInput("malformed JSON in " + name + "= " + RequestParser.position(raw, e.offset())
                        + ": " + e.getMessage() + " (quote the whole value for the shell, like " + name + "='[\"a\"]')");
            }
            return new JsonPrimitive(raw);
        }
    }
}
