package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.Writer;
import qga.json.AsciiSink;
import qga.json.JsonCodec;
import qga.json.PlainObject;

/** One reply as the user sees it: {"return": ...} or {"error": {"class", "desc"}}. */
public final class Reply {
    /** The tree; null until asked for when the reply is kept as its bytes. */
    private JsonObject json;
    /** The reply's bytes with qga's id in them, while no tree was asked for; else null. */
    private PlainObject plain;
    /** What stands for qga's id in a reply kept as bytes: the user's id, or null for none. */
    private final JsonElement userId;

    public Reply(JsonObject json) {
        this.json = json;
        this.userId = null;
    }

    /** A reply kept as its bytes, qga's id in them to be replaced by userId (or left out when null). */
    Reply(PlainObject plain, JsonElement userId) {
        this.plain = plain;
        this.userId = userId;
    }

    /** An error reply made by qga itself, standing in for a reply that never came. */
    public static Reply error(String errorClass, String desc) {
        JsonObject error = new JsonObject();
        error.addProperty("class", errorClass);
        error.addProperty("desc", desc);
        JsonObject json = new JsonObject();
        json.add("error", error);
        return new Reply(json);
    }

    /** The reply as a tree, which the caller may change: parsed now if it was kept as bytes. */
    public JsonObject json() {
        if (json == null) {
            JsonObject parsed = plain.parse();
            if (userId == null) {
                parsed.remove("id");
            } else {
                parsed.add("id", userId);
            }
            json = parsed;
            plain = null;
        }
        return json;
    }

    /**
     * Writes the reply as {@link qga.json.JsonWriter#COMPACT} would, byte for byte, straight from
     * the bytes it came in, and returns true; false (nothing written) when it has no such bytes
     * (not plain, or made a tree already) or out cannot take bytes.
     */
    public boolean writeCompact(Writer out) throws IOException {
        if (plain == null || !(out instanceof AsciiSink)) {
            return false;
        }
        plain.writeCompact((Writer & AsciiSink) out, "id", userId);
        return true;
    }

    /**
     * Writes the value of "return" as {@link qga.json.JsonWriter#COMPACT} would, straight from the
     * reply's bytes, and returns true; false (nothing written) as for {@link #writeCompact}, or
     * when the value is a string and strings is false.
     */
    public boolean writeReturnCompact(boolean strings, Writer out) throws IOException {
        if (plain == null || !(out instanceof AsciiSink)) {
            return false;
        }
        return plain.writeValueCompact("return", strings, (Writer & AsciiSink) out);
    }

    public boolean isError() {
        return plain != null ? plain.has("error") : json.has("error");
    }

    /** The value of "return", or null for an error reply. */
    public JsonElement returnValue() {
        return json().get("return");
    }

    public String errorClass() {
        return errorField("class");
    }

    public String errorDesc() {
        return errorField("desc");
    }

    private String errorField(String name) {
        JsonElement error = json().get("error");
        if (error == null || !error.isJsonObject()) {
            return "";
        }
        JsonElement field = error.getAsJsonObject().get(name);
        return field != null && field.isJsonPrimitive() ? field.getAsString() : "";
    }

    /** True for the two shapes an agent may send: a "return", or an "error" with a string "class" and "desc". */
    static boolean isWellFormed(JsonObject json) {
        return malformation(json) == null;
    }

    /** What is wrong with a reply, said as "has ..." ("has both \"return\" and \"error\""), or null when nothing is. */
    static String malformation(JsonObject json) {
        JsonElement error = json.get("error");
        if (json.has("return")) {
            return error == null ? null : "has both \"return\" and \"error\"";
        }
        if (error == null) {
            return "has neither \"return\" nor \"error\"";
        }
        if (!error.isJsonObject()) {
            return "has an \"error\" that is not an object";
        }
        boolean hasClass = isString(error.getAsJsonObject().get("class"));
        boolean hasDesc = isString(error.getAsJsonObject().get("desc"));
        if (hasClass && hasDesc) {
            return null;
        }
        String missing = !hasClass && !hasDesc ? "\"class\" and \"desc\"" : hasClass ? "\"desc\"" : "\"class\"";
        return "has an \"error\" without a string " + missing;
    }

    private static boolean isString(JsonElement value) {
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    @Override
    public String toString() {
        return JsonCodec.compact(json());
    }
}
