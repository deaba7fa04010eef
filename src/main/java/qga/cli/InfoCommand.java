package qga.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParseResult;
import qga.base.QgaException;
import qga.guest.GuestSummary;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;
import qga.guest.LoggedInUser;
import qga.guest.ViewRecord;

/** qga info: the guest at a glance, one line per part. */
final class InfoCommand extends ViewCommand {

    InfoCommand() {
        super("info", "Show the guest at a glance: OS, host name, clock, users, CPUs.",
                "The guest at a glance: its OS and kernel, host name, the agent's version, the",
                "guest's clock and how far it is from this host's (the middle of the request's",
                "round trip, to the millisecond), its time zone, the users logged in and the CPUs",
                "online. Asked in two round trips (guest-info, then the rest pipelined). A part",
                "whose command the agent lacks, has disabled or refuses is shown as unavailable,",
                "with the reason; only when every part is, info fails.");
    }

    @Override
    String jsonHelp() {
        return "One JSON object instead of the table: os (id, name, pretty-name, version, version-id, variant, variant-id,"
                + " kernel-release, kernel-version, machine), hostname, agent-version, time (nanoseconds, skew-seconds),"
                + " timezone (name, offset in seconds), users (as qga users --json), vcpus (online, total), and"
                + " unavailable: the reason for each part that is null.";
    }

    @Override
    TargetOutcome outcome(String target, GuestViews views) throws QgaException {
        return TargetOutcome.view(target, views.summary());
    }

    @Override
    String render(GuestViews views, boolean json, ParseResult parsed) throws QgaException {
        GuestSummary summary = views.summary();
        if (json) {
            return ViewRecord.jsonText(summary);
        }
        return table(summary);
    }

    static String table(GuestSummary summary) {
        GuestSummary.Os os = summary.os();
        List<String[]> fields = new ArrayList<>();
        fields.add(field(summary, "OS", "os", os == null ? null : os(os)));
        fields.add(field(summary, "Kernel", "os", os == null ? null : join(os.kernelRelease(), os.kernelVersion(), os.machine())));
        fields.add(field(summary, "Host name", "hostname", summary.hostname()));
        fields.add(field(summary, "Agent", "agent-version", summary.agentVersion() == null ? null : "qemu-ga " + summary.agentVersion()));
        fields.add(field(summary, "Time", "time", summary.time() == null ? null : time(summary.time(), summary.timezone())));
        fields.add(field(summary, "Time zone", "timezone", summary.timezone() == null ? null : zone(summary.timezone())));
        fields.add(field(summary, "Users", "users", summary.users() == null ? null : users(summary.users())));
        fields.add(field(summary, "CPUs online", "vcpus", summary.vcpus() == null ? null
                : summary.vcpus().online() + " of " + summary.vcpus().total()));
        return TextTable.fields(fields);
    }

    private static String[] field(GuestSummary summary, String label, String part, String value) {
        String reason = summary.unavailable().get(part);
        if (reason != null) {
            return new String[] {label, "unavailable (" + reason + ")"};
        }
        return new String[] {label, value == null ? "unknown" : value};
    }

    /** The pretty name, then the id and version a script would test. */
    private static String os(GuestSummary.Os os) {
        String name = os.prettyName() != null ? os.prettyName() : os.name();
        List<String> details = new ArrayList<>();
        if (os.id() != null) {
            details.add("id " + os.id());
        }
        String version = os.versionId() != null ? os.versionId() : os.version();
        if (version != null) {
            details.add("version " + version);
        }
        String detail = details.isEmpty() ? "" : "(" + String.join(", ", details) + ")";
        return name == null ? (detail.isEmpty() ? null : detail) : detail.isEmpty() ? name : name + " " + detail;
    }

    /** Like uname -rvm. */
    private static String join(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            if (part != null) {
                present.add(part);
            }
        }
        return present.isEmpty() ? null : String.join(" ", present);
    }

    /** The guest's time in its own offset (UTC when it does not say), and how far it is from this host's. */
    private static String time(GuestSummary.GuestTime time, GuestSummary.TimeZone zone) {
        ZoneOffset offset = ZoneOffset.UTC;
        if (zone != null && zone.offsetSeconds() != null) {
            try {
                offset = ZoneOffset.ofTotalSeconds(Math.toIntExact(zone.offsetSeconds()));
            } catch (DateTimeException | ArithmeticException e) {
                offset = ZoneOffset.UTC;
            }
        }
        String when = timeFormat().format(Instant.ofEpochSecond(0, time.nanoseconds()).atOffset(offset));
        int sign = time.skewSeconds().signum();
        String skew = time.skewSeconds().abs().toPlainString() + " s";
        return when + " (" + (sign > 0 ? skew + " ahead of this host" : sign < 0 ? skew + " behind this host"
                : "in step with this host, to the millisecond") + ")";
    }

    private static String zone(GuestSummary.TimeZone zone) {
        if (zone.offsetSeconds() == null) {
            return zone.name();
        }
        long seconds = Math.abs(zone.offsetSeconds());
        String offset = (zone.offsetSeconds() < 0 ? "-" : "+") + two(seconds / 3600) + ":" + two(seconds % 3600 / 60)
                + (seconds % 60 == 0 ? "" : ":" + two(seconds % 60));
        return zone.name() == null ? offset : zone.name() + " (" + offset + ")";
    }

    private static String two(long value) {
        return value < 10 ? "0" + value : Long.toString(value);
    }

    private static String users(List<LoggedInUser> users) {
        if (users.isEmpty()) {
            return "none";
        }
        List<String> names = new ArrayList<>();
        users.forEach(user -> names.add(UsersCommand.qualified(user)));
        return String.join(", ", names);
    }

    /** Made when needed, not held in a static: every start of qga builds every command, and java.time is 50 classes. */
    private static DateTimeFormatter timeFormat() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx", Locale.ROOT);
    }
}
