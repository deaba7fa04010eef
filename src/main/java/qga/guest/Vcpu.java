package qga.guest;

import com.google.gson.JsonObject;

/** One logical CPU of guest-get-vcpus: its id, whether it is online, and whether the guest lets it go offline. */
public record Vcpu(Long id, Boolean online, Boolean canOffline) implements ViewRecord {
    static Vcpu from(JsonObject reply) {
        return new Vcpu(JsonFields.integer(reply, "logical-id"), JsonFields.bool(reply, "online"),
                JsonFields.bool(reply, "can-offline"));
    }

    @Override
    public JsonObject json() {
        JsonObject json = new JsonObject();
        json.add("id", JsonFields.number(id));
        json.addProperty("online", online);
        json.addProperty("can-offline", canOffline);
        return json;
    }
}
