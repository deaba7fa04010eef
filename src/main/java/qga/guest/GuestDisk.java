package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One block device of guest-get-disks, with the fields of virsh guestinfo --disk: its name, whether
 * it is a partition, the devices it is built on, its alias in the guest (a device-mapper name),
 * and the bus and serial of the disk where the agent knows them.
 */
public record GuestDisk(String name, Boolean partition, List<String> dependencies, String alias, String busType,
        String serial) implements ViewRecord {
    static GuestDisk from(JsonObject reply) {
        List<String> dependencies = new ArrayList<>();
        JsonElement list = reply.get("dependencies");
        if (list != null && list.isJsonArray()) {
            for (JsonElement element : list.getAsJsonArray()) {
                if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
                    dependencies.add(element.getAsString());
                }
            }
        }
        JsonObject address = JsonFields.objectOrEmpty(reply, "address");
        return new GuestDisk(JsonFields.string(reply, "name"), JsonFields.bool(reply, "partition"), List.copyOf(dependencies),
                JsonFields.string(reply, "alias"), JsonFields.string(address, "bus-type"), JsonFields.string(address, "serial"));
    }

    @Override
    public JsonObject json() {
        JsonObject json = new JsonObject();
        json.addProperty("name", name);
        json.addProperty("partition", partition);
        JsonArray list = new JsonArray();
        dependencies.forEach(list::add);
        json.add("dependencies", list);
        json.addProperty("alias", alias);
        json.addProperty("bus-type", busType);
        json.addProperty("serial", serial);
        return json;
    }
}
