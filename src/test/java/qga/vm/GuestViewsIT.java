package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga.Result;
import qga.support.TableCells;

/**
 * The views on a real guest, compared with what the guest itself says through guest-exec
 * (ip addr, df, date +%s, uname, /sys, /proc/mounts), on one VM with a data disk on /data.
 */
@Tag("vm")
@Timeout(300)
class GuestViewsIT {
    static final SharedGuest SHARED = new SharedGuest(TestGuest.named("views").dataDisk(16));
    static TestGuest guest;
    @TempDir
    static Path runDir;

    @BeforeEach
    void bootOnce() throws Exception {
        guest = SHARED.get(runDir);
    }

    @AfterAll
    static void stop() throws Exception {
        SHARED.close();
    }

    private static Result qgaOnGuest(String... args) {
        List<String> full = new ArrayList<>(List.of(guest.address(0), "--timeout", "30"));
        full.addAll(List.of(args));
        return qga().run(full.toArray(String[]::new));
    }

    /** A view that must succeed: its stdout. */
    private static String view(String... args) {
        Result result = qgaOnGuest(args);
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).isEmpty();
        return result.out();
    }

    private static JsonElement json(String... args) {
        String out = view(args);
        assertThat(out).endsWith("\n").hasLineCount(1);
        return JsonParser.parseString(out);
    }

    private static JsonElement returned(String... args) {
        List<String> full = new ArrayList<>(List.of("--return", "exec"));
        full.addAll(List.of(args));
        return JsonParser.parseString(view(full.toArray(String[]::new)));
    }

    /** What a shell script prints in the guest, run through qga run (tested on its own in GuestRunIT); it must exit 0. */
    private static String guestSays(String script) {
        Result result = qga().run(guest.address(0), "--timeout", "60", "run", "--no-stream", "--", "/bin/sh", "-c", script);
        assertThat(result.exit()).as(script + ": " + result).isZero();
        return result.out();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void infoIsWhatTheGuestSays() throws Exception {
        long dateBefore = Long.parseLong(guestSays("date +%s").strip());
        Instant before = Instant.now();
        JsonObject info = json("info", "--json").getAsJsonObject();
        Instant after = Instant.now();
        long dateAfter = Long.parseLong(guestSays("date +%s").strip());

        assertThat(info.getAsJsonObject("unavailable").size()).as(info.toString()).isZero();
        JsonObject time = info.getAsJsonObject("time");
        long guestNanos = time.get("nanoseconds").getAsLong();
        // the guest's clock as date reads it before and after: the agent read it in between
        assertThat(guestNanos / 1_000_000_000L).isBetween(dateBefore, dateAfter);
        // guest time less the skew is this host's time in the middle of the round trip, within qga's run
        BigDecimal hostMiddle = BigDecimal.valueOf(guestNanos, 9).subtract(time.get("skew-seconds").getAsBigDecimal());
        assertThat(hostMiddle).isBetween(BigDecimal.valueOf(nanos(before), 9).subtract(new BigDecimal("0.0005")),
                BigDecimal.valueOf(nanos(after), 9).add(new BigDecimal("0.0005")));

        String[] uname = guestSays("uname -r; uname -v; uname -m; hostname").split("\n");
        JsonObject os = info.getAsJsonObject("os");
        assertThat(List.of(os.get("kernel-release").getAsString(), os.get("kernel-version").getAsString(),
                os.get("machine").getAsString(), info.get("hostname").getAsString())).containsExactly(uname);
        assertThat(info.get("hostname").getAsString()).isEqualTo(GuestBuilder.HOSTNAME);
        Map<String, String> release = new LinkedHashMap<>();
        for (String line : guestSays("cat /etc/os-release").split("\n")) {
            Matcher m = Pattern.compile("^(\\w+)=\"?(.*?)\"?$").matcher(line);
            if (m.matches()) {
                release.put(m.group(1), m.group(2));
            }
        }
        assertThat(List.of(os.get("id").getAsString(), os.get("pretty-name").getAsString(), os.get("version-id").getAsString()))
                .containsExactly(release.get("ID"), release.get("PRETTY_NAME"), release.get("VERSION_ID"));

        String[] zone = guestSays("date +%Z; date +%z").split("\n");
        assertThat(info.getAsJsonObject("timezone").get("name").getAsString()).isEqualTo(zone[0]);
        int hhmm = Integer.parseInt(zone[1].replace("+", ""));
        assertThat(info.getAsJsonObject("timezone").get("offset").getAsLong()).isEqualTo(hhmm / 100 * 3600L + hhmm % 100 * 60L);

        // busybox who reads utmp, which nothing in the test guest writes: it may be missing
        String who = guestSays("who 2>/dev/null; true");
        assertThat(info.getAsJsonArray("users")).as("who in the guest: '%s'", who).hasSize((int) who.lines().count());
        String[] cpus = guestSays("ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l; cat /sys/devices/system/cpu/online").split("\n");
        assertThat(info.getAsJsonObject("vcpus").get("total").getAsInt()).isEqualTo(Integer.parseInt(cpus[0].strip()));
        assertThat(cpus[1].strip()).as("one CPU, online").isEqualTo("0");
        assertThat(info.getAsJsonObject("vcpus").get("online").getAsInt()).isEqualTo(1);

        List<String> table = view("info").lines().toList();
        assertThat(table).hasSize(8);
        assertThat(table.get(2)).isEqualTo("Host name:    " + GuestBuilder.HOSTNAME);
        assertThat(table.get(1)).isEqualTo("Kernel:       " + String.join(" ", uname[0], uname[1], uname[2]));
        assertThat(table.get(7)).isEqualTo("CPUs online:  1 of 1");
    }

    /** busybox ip addr, as rows of the ifaddr table with --full: name, MAC, protocol, address/prefix. */
    private static List<List<String>> ipAddr() throws Exception {
        List<List<String>> rows = new ArrayList<>();
        String name = null;
        String mac = "N/A";
        boolean any = true;
        Pattern link = Pattern.compile("^\\d+: ([^:@]+)");
        Pattern hardware = Pattern.compile("^\\s+link/\\S+ ([0-9a-f]{2}(?::[0-9a-f]{2})+)");
        Pattern address = Pattern.compile("^\\s+(inet6?) (\\S+)/(\\d+)");
        for (String line : guestSays("ip addr").split("\n")) {
            Matcher m;
            if ((m = link.matcher(line)).find()) {
                if (!any) {
                    rows.add(List.of(name, mac, "N/A", "N/A"));
                }
                name = m.group(1);
                mac = "N/A";
                any = false;
            } else if ((m = hardware.matcher(line)).find()) {
                mac = m.group(1);
            } else if ((m = address.matcher(line)).find()) {
                rows.add(List.of(name, mac, m.group(1).equals("inet") ? "ipv4" : "ipv6", m.group(2) + "/" + m.group(3)));
                any = true;
            }
        }
        if (!any) {
            rows.add(List.of(name, mac, "N/A", "N/A"));
        }
        return rows;
    }

    @Test
    void ifaddrIsWhatIpAddrSays() throws Exception {
        // the guest's init leaves lo down, without addresses: bring it up to have some to compare
        guestSays("ip link set lo up");
        List<List<String>> expected = ipAddr();
        assertThat(expected).as("lo has its addresses").contains(List.of("lo", "00:00:00:00:00:00", "ipv4", "127.0.0.1/8"));
        assertThat(TableCells.of(view("ifaddr", "--full"))).isEqualTo(expected);
        List<List<String>> fromJson = new ArrayList<>();
        for (JsonElement element : json("ifaddr", "--json").getAsJsonArray()) {
            JsonObject nic = element.getAsJsonObject();
            String mac = nic.get("mac").isJsonNull() ? "N/A" : nic.get("mac").getAsString();
            if (nic.getAsJsonArray("addresses").isEmpty()) {
                fromJson.add(List.of(nic.get("name").getAsString(), mac, "N/A", "N/A"));
            }
            for (JsonElement a : nic.getAsJsonArray("addresses")) {
                JsonObject address = a.getAsJsonObject();
                fromJson.add(List.of(nic.get("name").getAsString(), mac, address.get("protocol").getAsString(),
                        address.get("address").getAsString() + "/" + address.get("prefix").getAsInt()));
            }
        }
        assertThat(fromJson).isEqualTo(expected);
    }

    @Test
    void dfIsWhatDfSays() throws Exception {
        JsonArray fileSystems = json("df", "--json").getAsJsonArray();
        List<String> mountpoints = new ArrayList<>();
        for (JsonElement element : fileSystems) {
            JsonObject fs = element.getAsJsonObject();
            String mountpoint = fs.get("mountpoint").getAsString();
            mountpoints.add(mountpoint);
            // df -P in KiB: Used + Available is the agent's total (ext2's blocks are whole KiB)
            String[] df = guestSays("df -P -k " + mountpoint + " | tail -n 1").strip().split("\\s+");
            assertThat(fs.get("total-bytes").getAsLong()).as(mountpoint)
                    .isEqualTo((Long.parseLong(df[2]) + Long.parseLong(df[3])) * 1024);
            assertThat(fs.get("used-bytes").getAsLong()).as(mountpoint).isEqualTo(Long.parseLong(df[2]) * 1024);
            String[] mount = guestSays("grep ' " + mountpoint + " ' /proc/mounts").strip().split("\\s+");
            assertThat(fs.get("fstype").getAsString()).isEqualTo(mount[2]);
            assertThat("/dev/" + fs.get("name").getAsString()).isEqualTo(mount[0]);
        }
        assertThat(mountpoints).contains("/data");
        List<List<String>> rows = TableCells.of(view("df"));
        List<String> data = rows.stream().filter(row -> row.get(0).equals("/data")).findFirst().orElseThrow();
        assertThat(data).containsExactly("/data", "vda", "ext2", data.get(3), data.get(4), data.get(5), "/dev/vda");
        assertThat(data.get(3)).matches("1\\d(\\.\\d)?M");
    }

    @Test
    void disksAndVcpusAreWhatSysSays() throws Exception {
        JsonArray disks = json("disks", "--json").getAsJsonArray();
        List<String> names = new ArrayList<>();
        for (JsonElement disk : disks) {
            String name = disk.getAsJsonObject().get("name").getAsString();
            names.add(name);
            String partition = guestSays("test -e /sys/class/block/" + name.substring("/dev/".length())
                    + "/partition && echo yes || echo no").strip();
            assertThat(disk.getAsJsonObject().get("partition").getAsBoolean()).as(name).isEqualTo(partition.equals("yes"));
        }
        assertThat(names).contains("/dev/vda");
        assertThat(TableCells.of(view("disks")).stream().map(row -> row.get(0)).toList()).isEqualTo(names);

        assertThat(guestSays("cat /sys/devices/system/cpu/online").strip()).isEqualTo("0");
        assertThat(view("vcpus")).isEqualTo("ID  ONLINE  CAN-OFFLINE\n0   yes     no\n");
        assertThat(view("vcpus", "--json")).isEqualTo("[{\"id\":0,\"online\":true,\"can-offline\":false}]\n");
    }
}
