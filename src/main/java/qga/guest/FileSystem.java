package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One mounted file system of guest-get-fsinfo, with the fields of virsh domfsinfo and guestinfo:
 * mount point, device name, type, the bytes used and in total where the agent reports them
 * (total is used plus what unprivileged users may still fill: df's Used + Avail, not its Size),
 * and the disks behind it.
 */
public record FileSystem(String mountpoint, String name, String type, Long totalBytes, Long usedBytes,
        List<Disk> disks) implements ViewRecord {
    /** A disk behind a file system, as the agent addresses it: its device in the guest, serial, bus. */
    public record Disk(String device, String serial, String busType, Long bus, Long target, Long unit) {
        /** The shortest name that tells the disk: its device, else its serial, else its bus address. */
        public String label() {
            if (device != null) {
                return device;
            }
            if (serial != null) {
                return serial;
            }
            return (busType == null ? "?" : busType) + ":" + bus + ":" + target + ":" + unit;
        }
    }

    static FileSystem from(JsonObject reply) {
        List<Disk> disks = new ArrayList<>();
        for (JsonObject disk : JsonFields.objectsOrNone(reply, "disk")) {
            disks.add(new Disk(JsonFields.string(disk, "dev"), JsonFields.string(disk, "serial"),
                    JsonFields.string(disk, "bus-type"), JsonFields.integer(disk, "bus"), JsonFields.integer(disk, "target"),
                    JsonFields.integer(disk, "unit")));
        }
        return new FileSystem(JsonFields.string(reply, "mountpoint"), JsonFields.string(reply, "name"),
                JsonFields.string(reply, "type"), JsonFields.integer(reply, "total-bytes"),
                JsonFields.integer(reply, "used-bytes"), List.copyOf(disks));
    }

    @Override
    public JsonObject json() {
        JsonObject json = new JsonObject();
        json.addProperty("mountpoint", mountpoint);
        json.addProperty("name", name);
        json.addProperty("fstype", type);
        json.add("total-bytes", JsonFields.number(totalBytes));
        json.add("used-bytes", JsonFields.number(usedBytes));
        JsonArray list = new JsonArray();
        for (Disk disk : disks) {
            JsonObject entry = new JsonObject();
            entry.addProperty("device", disk.device());
            entry.addProperty("serial", disk.serial());
            entry.addProperty("bus-type", disk.busType());
            entry.add("bus", JsonFields.number(disk.bus()));
            entry.add("target", JsonFields.number(disk.target()));
            entry.add("unit", JsonFields.number(disk.unit()));
            list.add(entry);
        }
        json.add("disks", list);
        return json;
    }
}
