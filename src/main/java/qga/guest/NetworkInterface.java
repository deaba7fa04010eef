package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One interface of guest-network-get-interfaces, with the fields of virsh domifaddr --source
 * agent: name, MAC and the addresses with their protocol and prefix. The agent's counters are left out.
 */
public record NetworkInterface(String name, String mac, List<IpAddress> addresses) implements ViewRecord {
    /** protocol: ipv4 or ipv6, as the agent names it. */
    public record IpAddress(String protocol, String address, Long prefix) {
    }

    static NetworkInterface from(JsonObject reply) {
        List<IpAddress> addresses = new ArrayList<>();
        for (JsonObject address : JsonFields.objectsOrNone(reply, "ip-addresses")) {
            addresses.add(new IpAddress(JsonFields.string(address, "ip-address-type"),
                    JsonFields.string(address, "ip-address"), JsonFields.integer(address, "prefix")));
        }
        return new NetworkInterface(JsonFields.string(reply, "name"), JsonFields.string(reply, "hardware-address"),
                List.copyOf(addresses));
    }

    @Override
    public JsonObject json() {
        JsonObject json = new JsonObject();
        json.addProperty("name", name);
        json.addProperty("mac", mac);
        JsonArray list = new JsonArray();
        for (IpAddress address : addresses) {
            JsonObject entry = new JsonObject();
            entry.addProperty("protocol", address.protocol());
            entry.addProperty("address", address.address());
            entry.add("prefix", JsonFields.number(address.prefix()));
            list.add(entry);
        }
        json.add("addresses", list);
        return json;
    }
}
