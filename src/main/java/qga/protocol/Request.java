package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Map;
import qga.base.Excerpt;
import qga.json.JsonCodec;

/**
 * One request as the user meant it: {"execute": NAME, "arguments": {...}, "id": ...}. On the
 * wire the client puts its own id in place of the user's; the user's comes back in the reply.
 */
public final class Request {
    private final JsonObject json;

    private Request(JsonObject json) {
        this.json = json;
    }

    /** Wraps a request object that input validation has already checked. */
    public static Request of(JsonObject json) {
        if (!json.has("execute") || !json.get("execute").isJsonPrimitive()) {
            throw new IllegalArgumentException("a request needs a string \"execute\"");
        }
        return new Request(json);
    }

    /**
     * A request sent as the user wrote it (--no-validate): any object, even one the agent will
     * refuse ({"exec-oob": ...}); on the wire only the id is qga's.
     */
    public static Request asGiven(JsonObject json) {
        return new Request(json);
    }

    public static Request of(String command, JsonObject arguments) {
        JsonObject json = new JsonObject();
        json.addProperty("execute", command);
        if (arguments != null && arguments.size() > 0) {
            json.add("arguments", arguments);
        }
        return new Request(json);
    }

    /** The command's name; for a request sent as given without a string "execute", the request itself, abbreviated. */
    public String command() {
        JsonElement execute = json.get("execute");
        if (execute != null && execute.isJsonPrimitive() && execute.getAsJsonPrimitive().isString()
                && !execute.getAsString().isEmpty()) {
            return execute.getAsString();
        }
        return Excerpt.of(JsonCodec.compact(json));
    }

    /** The arguments object, or an empty one. */
    public JsonObject arguments() {
        JsonElement arguments = json.get("arguments");
        return arguments != null && arguments.isJsonObject() ? arguments.getAsJsonObject() : new JsonObject();
    }

    /** The id the user wrote, or null. */
    public JsonElement userId() {
        return json.get("id");
    }

    public JsonObject json() {
        return json;
    }

    /** The object to send: the user's members in their order, with the id replaced by wireId. */
    JsonObject onWire(String wireId) {
        JsonObject wire = new JsonObject();
        for (Map.Entry<String, JsonElement> member : json.entrySet()) {
            wire.add(member.getKey(), member.getValue());
        }
        wire.add("id", new JsonPrimitive(wireId));
        return wire;
    }

    @Override
    public String toString() {
        return JsonCodec.compact(json);
    }
}
