package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga.Result;
import qga.support.RealAgent;
import qga.support.TableCells;
import qga.support.WithRealAgent;

/**
 * The views against the real qemu-ga on this host, compared with what the host itself says
 * (uname, /etc/os-release, ip, df, who, /sys), and with commands blocked (-b) to show what an
 * agent that has them disabled leaves out.
 */
@Timeout(120)
class GuestViewsTest extends WithRealAgent {
    private static final List<String> INFO_COMMANDS = List.of("guest-get-time", "guest-get-osinfo", "guest-get-host-name",
            "guest-get-timezone", "guest-get-users", "guest-get-vcpus");

    private Result view(String address, String... args) {
        List<String> full = new ArrayList<>(List.of(address));
        full.addAll(List.of(args));
        return qga().run(full.toArray(String[]::new));
    }

    /** A view that must succeed: its stdout, with nothing on stderr. */
    private String ok(String... args) {
        Result result = view(agent.address(), args);
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).isEmpty();
        assertThat(result.out()).as("no line ends in spaces").doesNotContainPattern(" \n");
        return result.out();
    }

    private JsonElement json(String... args) {
        String out = ok(args);
        assertThat(out).as("one JSON document on one line").endsWith("\n").hasLineCount(1);
        return JsonParser.parseString(out);
    }

    private static String host(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    private static Map<String, String> osRelease() throws IOException {
        Path file = Files.exists(Path.of("/etc/os-release")) ? Path.of("/etc/os-release") : Path.of("/usr/lib/os-release");
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = Pattern.compile("^(\\w+)=\"?(.*?)\"?$").matcher(line);
            if (m.matches()) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }

    private static String agentVersion() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("QEMU Guest Agent (\\S+)").matcher(host(RealAgent.BINARY.toString(), "--version"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** The logged-in users as who lists them, each once, in its order (the agent reads the same utmp). */
    private static List<String> whoIsLoggedIn() throws IOException, InterruptedException {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        host("who").lines().forEach(line -> names.add(line.split("\\s+")[0]));
        return List.copyOf(names);
    }

    private static List<Integer> cpus() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of("/sys/devices/system/cpu"))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("cpu\\d+"))
                    .map(n -> Integer.parseInt(n.substring(3))).sorted().toList();
        }
    }

    /** /sys/devices/system/cpu/cpuN/online, which a CPU that cannot be taken offline lacks. */
    private static boolean online(int cpu) throws IOException {
        Path file = Path.of("/sys/devices/system/cpu/cpu" + cpu + "/online");
        return !Files.exists(file) || Files.readString(file).strip().equals("1");
    }

    @Test
    void infoIsWhatTheHostSays() throws Exception {
        Map<String, String> os = osRelease();
        String table = ok("info");
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(8);
        String zone = host("date", "+%Z").strip() + " (" + host("date", "+%:z").strip() + ")";
        List<String> users = whoIsLoggedIn();
        int online = 0;
        for (int cpu : cpus()) {
            online += online(cpu) ? 1 : 0;
        }
        assertThat(lines.subList(0, 4)).containsExactly(
                "OS:           " + os.get("PRETTY_NAME") + " (id " + os.get("ID") + ", version " + os.get("VERSION_ID") + ")",
                "Kernel:       " + host("uname", "-rvm").strip(),
                "Host name:    " + host("hostname").strip(),
                "Agent:        qemu-ga " + agentVersion());
        assertThat(lines.get(4)).matches("Time:         \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d\\d:\\d\\d"
                + " \\((\\d+\\.\\d{3} s (ahead of|behind) this host|in step with this host, to the millisecond)\\)");
        assertThat(lines.subList(5, 8)).containsExactly(
                "Time zone:    " + zone,
                "Users:        " + (users.isEmpty() ? "none" : String.join(", ", users)),
                "CPUs online:  " + online + " of " + cpus().size());
    }

    @Test
    void infoJsonHasEveryMemberAndTheClockOfThisHost() throws Exception {
        Map<String, String> os = osRelease();
        Instant before = Instant.now();
        JsonObject info = json("info", "--json").getAsJsonObject();
        Instant after = Instant.now();
        assertThat(info.keySet()).containsExactly("os", "hostname", "agent-version", "time", "timezone", "users", "vcpus",
                "unavailable");
        JsonObject expectedOs = new JsonObject();
        expectedOs.addProperty("id", os.get("ID"));
        expectedOs.addProperty("name", os.get("NAME"));
        expectedOs.addProperty("pretty-name", os.get("PRETTY_NAME"));
        expectedOs.addProperty("version", os.get("VERSION"));
        expectedOs.addProperty("version-id", os.get("VERSION_ID"));
        expectedOs.add("variant", null);
        expectedOs.add("variant-id", null);
        expectedOs.addProperty("kernel-release", host("uname", "-r").strip());
        expectedOs.addProperty("kernel-version", host("uname", "-v").strip());
        expectedOs.addProperty("machine", host("uname", "-m").strip());
        assertThat(info.get("os")).isEqualTo(expectedOs);
        assertThat(info.get("hostname").getAsString()).isEqualTo(host("hostname").strip());
        assertThat(info.get("agent-version").getAsString()).isEqualTo(agentVersion());
        assertThat(info.getAsJsonObject("timezone").keySet()).containsExactly("name", "offset");
        assertThat(info.getAsJsonObject("timezone").get("name").getAsString()).isEqualTo(host("date", "+%Z").strip());
        assertThat(info.getAsJsonObject("timezone").get("offset").getAsLong())
                .isEqualTo(Long.parseLong(host("date", "+%z").strip().replace("+", "")) / 100 * 3600);
        assertThat(info.getAsJsonArray("users")).hasSize(whoIsLoggedIn().size());
        assertThat(info.getAsJsonObject("vcpus").get("total").getAsInt()).isEqualTo(cpus().size());
        assertThat(info.getAsJsonObject("unavailable").size()).isZero();

        // the agent reads this host's clock while qga waits for it: inside the run, and the skew
        // no more than the run's length
        JsonObject time = info.getAsJsonObject("time");
        assertThat(time.keySet()).containsExactly("nanoseconds", "skew-seconds");
        long nanos = time.get("nanoseconds").getAsLong();
        assertThat(nanos).isBetween(nanos(before), nanos(after));
        BigDecimal skew = time.get("skew-seconds").getAsBigDecimal();
        assertThat(skew.scale()).isEqualTo(3);
        assertThat(skew.abs()).isLessThanOrEqualTo(BigDecimal.valueOf(nanos(after) - nanos(before), 9).add(new BigDecimal("0.0005")));
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void aDisabledCommandLeavesOnlyItsPartUnavailable() throws Exception {
        try (RealAgent blocked = RealAgent.start(dir.resolve("blocked"), List.of("guest-get-timezone", "guest-get-users"))) {
            Result table = view(blocked.address(), "info");
            assertThat(table.exit()).as(table.toString()).isZero();
            assertThat(table.err()).isEmpty();
            assertThat(table.out().lines().toList().subList(5, 7)).containsExactly(
                    "Time zone:    unavailable (guest-get-timezone is disabled on this agent)",
                    "Users:        unavailable (guest-get-users is disabled on this agent)");
            assertThat(table.out().lines().toList().get(4)).as("the time in UTC, with no zone to show it in")
                    .containsPattern("^Time:         \\S+ \\S+ \\+00:00 \\(");

            Result json = view(blocked.address(), "info", "--json");
            assertThat(json.exit()).as(json.toString()).isZero();
            JsonObject info = JsonParser.parseString(json.out()).getAsJsonObject();
            assertThat(info.get("timezone").isJsonNull()).isTrue();
            assertThat(info.get("users").isJsonNull()).isTrue();
            assertThat(info.get("hostname").getAsString()).isEqualTo(host("hostname").strip());
            assertThat(info.get("unavailable").toString()).isEqualTo("{\"timezone\":\"guest-get-timezone is disabled on this agent\","
                    + "\"users\":\"guest-get-users is disabled on this agent\"}");
        }
    }

    @Test
    void anAgentThatWillNotSayWhatItHasRefusesThePartItself() throws Exception {
        try (RealAgent blocked = RealAgent.start(dir.resolve("blocked"), List.of("guest-info", "guest-get-timezone"))) {
            Result json = view(blocked.address(), "info", "--json");
            assertThat(json.exit()).as(json.toString()).isZero();
            JsonObject info = JsonParser.parseString(json.out()).getAsJsonObject();
            assertThat(info.get("agent-version").isJsonNull()).isTrue();
            assertThat(info.get("timezone").isJsonNull()).isTrue();
            assertThat(info.get("os").isJsonObject()).isTrue();
            assertThat(info.get("unavailable").toString()).isEqualTo("{\"agent-version\":\"the agent does not say"
                    + " (guest-info gave no version)\",\"timezone\":\"guest-get-timezone: Command guest-get-timezone has been disabled\"}");
        }
    }

    @Test
    void aViewWhoseOnlyCommandIsDisabledFailsNamingIt() throws Exception {
        try (RealAgent blocked = RealAgent.start(dir.resolve("blocked"), List.of("guest-get-users"))) {
            Result refused = view(blocked.address(), "users");
            assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).isEqualTo("qga: cannot show users: guest-get-users is disabled on this agent"
                    + " (blocked with qemu-ga -b or its config)\n");

            Result sent = view(blocked.address(), "--no-validate", "users", "--json");
            assertThat(sent.exit()).as(sent.toString()).isEqualTo(1);
            assertThat(sent.out()).isEmpty();
            assertThat(sent.err()).isEqualTo("qga: cannot show users: guest-get-users: CommandNotFound:"
                    + " Command guest-get-users has been disabled\n");
        }
    }

    @Test
    void infoFailsOnlyWhenEveryPartIsUnavailable() throws Exception {
        try (RealAgent blocked = RealAgent.start(dir.resolve("blocked"), INFO_COMMANDS)) {
            Result result = view(blocked.address(), "info");
            assertThat(result.exit()).as(result.toString()).isEqualTo(2);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).isEqualTo("qga: cannot show info: the agent answers none of the commands it needs:"
                    + " guest-get-time is disabled on this agent; guest-get-osinfo is disabled on this agent;"
                    + " guest-get-host-name is disabled on this agent; guest-get-timezone is disabled on this agent;"
                    + " guest-get-users is disabled on this agent; guest-get-vcpus is disabled on this agent\n");
        }
    }

    /** ip -j addr: name, MAC and addresses of every link, in the kernel's order, as the agent reads them. */
    private static List<List<String>> ipAddr(boolean full) throws Exception {
        assumeThat(Path.of("/usr/sbin/ip")).as("iproute2 is installed").isExecutable();
        List<List<String>> rows = new ArrayList<>();
        for (JsonElement element : JsonParser.parseString(host("/usr/sbin/ip", "-j", "addr")).getAsJsonArray()) {
            JsonObject link = element.getAsJsonObject();
            String name = link.get("ifname").getAsString();
            String mac = link.has("address") ? link.get("address").getAsString() : "N/A";
            JsonArray addresses = link.getAsJsonArray("addr_info");
            if (addresses == null || addresses.isEmpty()) {
                rows.add(List.of(name, mac, "N/A", "N/A"));
            }
            boolean first = true;
            for (JsonElement address : addresses == null ? new JsonArray() : addresses) {
                JsonObject a = address.getAsJsonObject();
                String protocol = a.get("family").getAsString().equals("inet") ? "ipv4" : "ipv6";
                rows.add(List.of(first || full ? name : "-", first || full ? mac : "-", protocol,
                        a.get("local").getAsString() + "/" + a.get("prefixlen").getAsInt()));
                first = false;
            }
        }
        return rows;
    }

    @Test
    void ifaddrIsWhatIpAddrSays() throws Exception {
        assertThat(TableCells.of(ok("ifaddr"))).isEqualTo(ipAddr(false));
        assertThat(TableCells.of(ok("ifaddr", "--full"))).isEqualTo(ipAddr(true));
        assertThat(ok("ifaddr").lines().findFirst().orElseThrow()).matches("NAME +MAC +PROTOCOL +ADDRESS");

        JsonArray interfaces = json("ifaddr", "--json").getAsJsonArray();
        List<List<String>> fromJson = new ArrayList<>();
        for (JsonElement element : interfaces) {
            JsonObject nic = element.getAsJsonObject();
            assertThat(nic.keySet()).containsExactly("name", "mac", "addresses");
            for (JsonElement address : nic.getAsJsonArray("addresses")) {
                JsonObject a = address.getAsJsonObject();
                assertThat(a.keySet()).containsExactly("protocol", "address", "prefix");
                fromJson.add(List.of(nic.get("name").getAsString(), nic.get("mac").getAsString(), a.get("protocol").getAsString(),
                        a.get("address").getAsString() + "/" + a.get("prefix").getAsInt()));
            }
            if (nic.getAsJsonArray("addresses").isEmpty()) {
                fromJson.add(List.of(nic.get("name").getAsString(), nic.get("mac").getAsString(), "N/A", "N/A"));
            }
        }
        assertThat(fromJson).isEqualTo(ipAddr(true));
    }

    @Test
    void dfIsWhatDfSays() throws Exception {
        JsonArray fileSystems = json("df", "--json").getAsJsonArray();
        assertThat(fileSystems).as("this host has a file system on a disk").isNotEmpty();
        Map<String, String> totals = new LinkedHashMap<>();
        for (JsonElement element : fileSystems) {
            JsonObject fs = element.getAsJsonObject();
            assertThat(fs.keySet()).containsExactly("mountpoint", "name", "fstype", "total-bytes", "used-bytes", "disks");
            String mountpoint = fs.get("mountpoint").getAsString();
            // df's Used + Avail: blocks less the root reserve, which does not move while the test runs
            String[] df = host("df", "-B1", "--output=fstype,used,avail", mountpoint).lines().skip(1).findFirst()
                    .orElseThrow().strip().split("\\s+");
            assertThat(fs.get("fstype").getAsString()).as(mountpoint).isEqualTo(df[0]);
            long total = fs.get("total-bytes").getAsLong();
            assertThat(total).as(mountpoint).isEqualTo(Long.parseLong(df[1]) + Long.parseLong(df[2]));
            assertThat(fs.get("used-bytes").getAsLong()).isBetween(0L, total);
            for (JsonElement disk : fs.getAsJsonArray("disks")) {
                assertThat(disk.getAsJsonObject().keySet()).containsExactly("device", "serial", "bus-type", "bus", "target", "unit");
            }
            totals.put(mountpoint, host("numfmt", "--to=iec", "--round=up", Long.toString(total)).strip());
        }
        List<List<String>> rows = TableCells.of(ok("df"));
        assertThat(rows).hasSize(fileSystems.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject fs = fileSystems.get(i).getAsJsonObject();
            List<String> row = rows.get(i);
            assertThat(row.subList(0, 4)).containsExactly(fs.get("mountpoint").getAsString(), fs.get("name").getAsString(),
                    fs.get("fstype").getAsString(), totals.get(fs.get("mountpoint").getAsString()));
            assertThat(row.get(4)).matches("\\d+(\\.\\d)?[KMGTPE]?");
            assertThat(row.get(5)).matches("\\d+%");
            List<String> disks = new ArrayList<>();
            fs.getAsJsonArray("disks").forEach(d -> disks.add(d.getAsJsonObject().get("device").getAsString()));
            assertThat(row.get(6)).isEqualTo(String.join(",", disks));
        }
    }

    @Test
    void usersAreWhoWhoSays() throws Exception {
        List<String> who = whoIsLoggedIn();
        JsonArray users = json("users", "--json").getAsJsonArray();
        List<String> names = new ArrayList<>();
        users.forEach(u -> names.add(u.getAsJsonObject().get("name").getAsString()));
        assertThat(names).isEqualTo(who);
        if (who.isEmpty()) {
            assertThat(ok("users")).isEqualTo("no users logged in\n");
        } else {
            assertThat(TableCells.of(ok("users")).stream().map(row -> row.get(0)).toList()).isEqualTo(who);
        }
    }

    @Test
    void disksAreWhatSysSays() throws Exception {
        JsonArray disks = json("disks", "--json").getAsJsonArray();
        List<List<String>> rows = TableCells.of(ok("disks"));
        assertThat(rows).hasSize(disks.size());
        for (int i = 0; i < disks.size(); i++) {
            JsonObject disk = disks.get(i).getAsJsonObject();
            assertThat(disk.keySet()).containsExactly("name", "partition", "dependencies", "alias", "bus-type", "serial");
            String name = disk.get("name").getAsString();
            Path sys = Path.of("/sys/class/block").resolve(Path.of(name).getFileName());
            assertThat(sys).as(name).exists();
            boolean partition = Files.exists(sys.resolve("partition"));
            assertThat(disk.get("partition").getAsBoolean()).as(name).isEqualTo(partition);
            List<String> slaves = new ArrayList<>();
            if (Files.isDirectory(sys.resolve("slaves"))) {
                try (Stream<Path> entries = Files.list(sys.resolve("slaves"))) {
                    entries.map(p -> "/dev/" + p.getFileName()).sorted().forEach(slaves::add);
                }
            }
            List<String> dependencies = new ArrayList<>();
            disk.getAsJsonArray("dependencies").forEach(d -> dependencies.add(d.getAsString()));
            assertThat(dependencies.stream().sorted().toList()).as(name).isEqualTo(slaves);
            assertThat(rows.get(i).subList(0, 3)).containsExactly(name, partition ? "yes" : "no",
                    slaves.isEmpty() ? "-" : String.join(",", dependencies));
        }
        // every disk behind a mounted file system is one of them
        List<String> names = new ArrayList<>();
        disks.forEach(d -> names.add(d.getAsJsonObject().get("name").getAsString()));
        for (JsonElement fs : json("df", "--json").getAsJsonArray()) {
            for (JsonElement disk : fs.getAsJsonObject().getAsJsonArray("disks")) {
                assertThat(names).contains(disk.getAsJsonObject().get("device").getAsString());
            }
        }
    }

    @Test
    void vcpusAreWhatSysSays() throws Exception {
        List<List<String>> expected = new ArrayList<>();
        StringBuilder json = new StringBuilder("[");
        for (int cpu : cpus()) {
            boolean canOffline = Files.exists(Path.of("/sys/devices/system/cpu/cpu" + cpu + "/online"));
            expected.add(List.of(Integer.toString(cpu), online(cpu) ? "yes" : "no", canOffline ? "yes" : "no"));
            json.append(json.length() > 1 ? "," : "").append("{\"id\":").append(cpu).append(",\"online\":").append(online(cpu))
                    .append(",\"can-offline\":").append(canOffline).append('}');
        }
        assertThat(TableCells.of(ok("vcpus"))).isEqualTo(expected);
        assertThat(ok("vcpus").lines().findFirst().orElseThrow()).isEqualTo("ID  ONLINE  CAN-OFFLINE");
        assertThat(ok("vcpus", "--json")).isEqualTo(json + "]\n");
    }
}
