package qga.guest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Base64;
import qga.base.QgaException;

/**
 * Reads the members of an agent's "return" a workflow relies on, so that a reply without them (a
 * broken or hostile agent) is a protocol violation naming the command and the member, not an
 * internal error.
 */
final class Returned {
    private Returned() {
    }

    static JsonObject object(JsonElement value, String command) throws QgaException {
        if (value == null || !value.isJsonObject()) {
            throw QgaException.protocol("protocol violation: " + command + " returned no object");
        }
        return value.getAsJsonObject();
    }

    static long integer(JsonElement value, String command) throws QgaException {
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw QgaException.protocol("protocol violation: " + command + " returned no integer");
        }
        return value.getAsLong();
    }

    static long integer(JsonObject object, String member, String command) throws QgaException {
        JsonPrimitive value = primitive(object, member, command);
        if (!value.isNumber()) {
            throw wrong(command, member, "an integer");
        }
        return value.getAsLong();
    }

    /** An integer member that may be absent (null). */
    static Integer optionalInteger(JsonObject object, String member, String command) throws QgaException {
        return object.has(member) && !object.get(member).isJsonNull() ? (int) integer(object, member, command) : null;
    }

    static boolean flag(JsonObject object, String member, String command) throws QgaException {
        JsonPrimitive value = primitive(object, member, command);
        if (!value.isBoolean()) {
            throw wrong(command, member, "a boolean");
        }
        return value.getAsBoolean();
    }

    /** A boolean member that is false when absent. */
    static boolean optionalFlag(JsonObject object, String member, String command) throws QgaException {
        return object.has(member) && flag(object, member, command);
    }

    /** A base64 member decoded; empty when absent and optional. */
    static byte[] base64(JsonObject object, String member, boolean optional, String command) throws QgaException {
        if (optional && !object.has(member)) {
            return new byte[0];
        }
        JsonPrimitive value = primitive(object, member, command);
        try {
            return Base64.getDecoder().decode(value.getAsString());
        } catch (IllegalArgumentException e) {
            throw wrong(command, member, "base64");
        }
    }

    private static JsonPrimitive primitive(JsonObject object, String member, String command) throws QgaException {
        JsonElement value = object.get(member);
        if (value == null || !value.isJsonPrimitive()) {
            throw QgaException.protocol("protocol violation: " + command + " returned no \"" + member + "\"");
        }
        return value.getAsJsonPrimitive();
    }

    private static QgaException wrong(String command, String member, String what) {
        return QgaException.protocol("protocol violation: " + command + " returned \"" + member + "\" that is not " + what);
    }
}
