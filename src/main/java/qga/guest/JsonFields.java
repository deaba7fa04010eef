package qga.guest;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import qga.base.QgaException;
import qga.json.JsonNumber;

/**
 * Reads the members of agent replies leniently (a member missing or of another type reads as
 * null: agents leave out what they do not know) and writes view members, null included, so
 * every view keeps the same fields whatever the agent said. Numbers keep their exact text.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** The objects in a command's list; anything but a list is not what the command returns. */
    static List<JsonObject> objects(String command, JsonElement value) throws QgaException {
        if (value == null || !value.isJsonArray()) {
            throw QgaException.protocol(command + " returned " + kind(value) + " where the agent returns a list");
        }
        List<JsonObject> objects = new ArrayList<>();
        for (JsonElement element : value.getAsJsonArray()) {
            if (element.isJsonObject()) {
                objects.add(element.getAsJsonObject());
            }
        }
        return objects;
    }

    static JsonObject object(String command, JsonElement value) throws QgaException {
        if (value == null || !value.isJsonObject()) {
            throw QgaException.protocol(command + " returned " + kind(value) + " where the agent returns an object");
        }
        return value.getAsJsonObject();
    }

    private static String kind(JsonElement value) {
        return value == null || value.isJsonNull() ? "nothing" : value.isJsonArray() ? "a list"
                : value.isJsonObject() ? "an object" : "a scalar";
    }

    static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : null;
    }

    static Boolean bool(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean() ? value.getAsBoolean() : null;
    }

    /** A number as an exact decimal, never through a double. */
    static BigDecimal decimal(JsonElement value) {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        try {
            return new BigDecimal(value.getAsNumber().toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An integer that fits a long (u64 byte counts do until 8 EiB); null for anything else. */
    static Long integer(JsonObject object, String key) {
        return integer(object.get(key));
    }

    static Long integer(JsonElement value) {
        BigDecimal number = decimal(value);
        if (number == null) {
            return null;
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    static JsonObject objectOrEmpty(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
    }

    static List<JsonObject> objectsOrNone(JsonObject object, String key) {
        JsonElement value = object.get(key);
        List<JsonObject> objects = new ArrayList<>();
        if (value != null && value.isJsonArray()) {
            for (JsonElement element : value.getAsJsonArray()) {
                if (element.isJsonObject()) {
                    objects.add(element.getAsJsonObject());
                }
            }
        }
        return objects;
    }

    /** A number written as its plain decimal text (0.004, never 4E-3). */
    static JsonElement number(BigDecimal value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(new JsonNumber(value.toPlainString()));
    }

    static JsonElement number(Long value) {
        return value == null ? JsonNull.INSTANCE : new JsonPrimitive(value);
    }
}
