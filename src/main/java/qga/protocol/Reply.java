package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import qga.json.JsonCodec;

/** One reply as the user sees it: {"return": ...} or {"error": {"class", "desc"}}. */
public final class Reply {
    private final JsonObject json;

    public Reply(JsonObject json) {
        this.json = json;
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

    public JsonObject json() {
        return json;
    }

    public boolean isError() {
        return json.has("error");
    }

    /** The value of "return", or null for an error reply. */
    public JsonElement returnValue() {
        return json.get("return");
    }

    public String errorClass() {
        return errorField("class");
    }

    public String errorDesc() {
        return errorField("desc");
    }

    private String errorField(String name) {
        JsonElement error = json.get("error");
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
        return JsonCodec.compact(json);
    }
}
