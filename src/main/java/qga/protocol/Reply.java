package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

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

    /** True for the two shapes an agent may send: a "return" or an "error" object. */
    static boolean isWellFormed(JsonObject json) {
        JsonElement error = json.get("error");
        return json.has("return") != (error != null) && (error == null || error.isJsonObject());
    }

    @Override
    public String toString() {
        return JsonCodec.compact(json);
    }
}
