package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.function.Predicate;

/**
 * An asynchronous event from a QEMU monitor: {"event": NAME, "data": {...}, "timestamp":
 * {"seconds": S, "microseconds": U}}, sent between replies whenever it happens (STOP, RESUME,
 * SHUTDOWN, ...). It carries no id: it answers no request. A guest agent never sends one.
 */
public record MonitorEvent(JsonObject json) {
    /** True for an event rather than a reply: an "event" member and neither "return" nor "error". */
    static boolean is(JsonObject json) {
        return is(json::has);
    }

    /** The same, told which top-level members there are (a reply kept as bytes has no tree to ask). */
    static boolean is(Predicate<String> has) {
        return has.test("event") && !has.test("return") && !has.test("error");
    }

    public String name() {
        JsonElement name = json.get("event");
        return name.isJsonPrimitive() ? name.getAsString() : "";
    }

    /**
     * When QEMU sent it, as "seconds.micros" (the timestamp's two numbers, exactly as sent), or
     * null when the event has no well-formed timestamp.
     */
    public String timestamp() {
        JsonElement stamp = json.get("timestamp");
        if (stamp == null || !stamp.isJsonObject()) {
            return null;
        }
        JsonElement seconds = stamp.getAsJsonObject().get("seconds");
        JsonElement micros = stamp.getAsJsonObject().get("microseconds");
        if (seconds == null || micros == null || !seconds.isJsonPrimitive() || !micros.isJsonPrimitive()) {
            return null;
        }
        String fraction = micros.getAsString();
        return seconds.getAsString() + "." + "0".repeat(Math.max(0, 6 - fraction.length())) + fraction;
    }
}
