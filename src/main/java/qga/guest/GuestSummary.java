package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * qga info: the guest at a glance. A part the agent lacks, has disabled or refuses is null, and
 * {@link #unavailable()} says why, by the part's JSON name; the rest is still shown.
 */
public record GuestSummary(Os os, String hostname, String agentVersion, GuestTime time, TimeZone timezone,
        List<LoggedInUser> users, VcpuCount vcpus, Map<String, String> unavailable) implements ViewRecord {
    /** The parts, by their JSON names, in the order they are shown. */
    public static final List<String> PARTS = List.of("os", "hostname", "agent-version", "time", "timezone", "users", "vcpus");

    /** guest-get-osinfo, with the fields of virsh guestinfo --os (variant: Windows guests only). */
    public record Os(String id, String name, String prettyName, String version, String versionId, String variant,
            String variantId, String kernelRelease, String kernelVersion, String machine) {
        static Os from(JsonObject reply) {
            return new Os(JsonFields.string(reply, "id"), JsonFields.string(reply, "name"),
                    JsonFields.string(reply, "pretty-name"), JsonFields.string(reply, "version"),
                    JsonFields.string(reply, "version-id"), JsonFields.string(reply, "variant"),
                    JsonFields.string(reply, "variant-id"), JsonFields.string(reply, "kernel-release"),
                    JsonFields.string(reply, "kernel-version"), JsonFields.string(reply, "machine"));
        }

        JsonObject json() {
            JsonObject json = new JsonObject();
            json.addProperty("id", id);
            json.addProperty("name", name);
            json.addProperty("pretty-name", prettyName);
            json.addProperty("version", version);
            json.addProperty("version-id", versionId);
            json.addProperty("variant", variant);
            json.addProperty("variant-id", variantId);
            json.addProperty("kernel-release", kernelRelease);
            json.addProperty("kernel-version", kernelVersion);
            json.addProperty("machine", machine);
            return json;
        }
    }

    /**
     * guest-get-time, and how far the guest's clock is ahead of this host's (negative: behind), in
     * seconds to the millisecond. The host's time is taken as the middle of the request's round trip.
     */
    public record GuestTime(long nanoseconds, BigDecimal skewSeconds) {
        static GuestTime measure(long guestNanos, long hostNanosBefore, long hostNanosAfter) {
            long hostNanos = hostNanosBefore + (hostNanosAfter - hostNanosBefore) / 2;
            BigDecimal skew = BigDecimal.valueOf(guestNanos - hostNanos, 9).setScale(3, RoundingMode.HALF_UP);
            return new GuestTime(guestNanos, skew);
        }
    }

    /** guest-get-timezone: the zone's name where the guest knows it, and its offset east of UTC in seconds. */
    public record TimeZone(String name, Long offsetSeconds) {
    }

    /** guest-get-vcpus, counted. */
    public record VcpuCount(int online, int total) {
    }

    @Override
    public JsonObject json() {
        JsonObject json = new JsonObject();
        json.add("os", os == null ? JsonNull.INSTANCE : os.json());
        json.addProperty("hostname", hostname);
        json.addProperty("agent-version", agentVersion);
        if (time == null) {
            json.add("time", JsonNull.INSTANCE);
        } else {
            JsonObject clock = new JsonObject();
            clock.addProperty("nanoseconds", time.nanoseconds());
            clock.add("skew-seconds", JsonFields.number(time.skewSeconds()));
            json.add("time", clock);
        }
        if (timezone == null) {
            json.add("timezone", JsonNull.INSTANCE);
        } else {
            JsonObject zone = new JsonObject();
            zone.addProperty("name", timezone.name());
            zone.add("offset", JsonFields.number(timezone.offsetSeconds()));
            json.add("timezone", zone);
        }
        if (users == null) {
            json.add("users", JsonNull.INSTANCE);
        } else {
            JsonArray list = new JsonArray();
            users.forEach(user -> list.add(user.json()));
            json.add("users", list);
        }
        if (vcpus == null) {
            json.add("vcpus", JsonNull.INSTANCE);
        } else {
            JsonObject count = new JsonObject();
            count.addProperty("online", vcpus.online());
            count.addProperty("total", vcpus.total());
            json.add("vcpus", count);
        }
        JsonObject reasons = new JsonObject();
        unavailable.forEach(reasons::addProperty);
        json.add("unavailable", reasons);
        return json;
    }
}
