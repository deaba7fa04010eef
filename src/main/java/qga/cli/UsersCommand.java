package qga.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ParseResult;
import qga.base.QgaException;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;
import qga.guest.LoggedInUser;
import qga.guest.ViewRecord;

/** qga users: who is logged in to the guest, as virsh guestinfo --user. */
final class UsersCommand extends ViewCommand {
    UsersCommand() {
        super("users", "Show the users logged in to the guest.",
                "The users logged in to the guest (guest-get-users), each once, with the time of",
                "their first login in UTC, and their domain on Windows guests.");
    }

    @Override
    String jsonHelp() {
        return "One JSON array instead of the table: per user name, domain and login-time (milliseconds since the epoch,"
                + " as virsh guestinfo).";
    }

    @Override
    TargetOutcome outcome(String target, GuestViews views) throws QgaException {
        return TargetOutcome.view(target, views.users());
    }

    @Override
    String render(GuestViews views, boolean json, ParseResult parsed) throws QgaException {
        List<LoggedInUser> users = views.users();
        if (json) {
            return ViewRecord.jsonText(users);
        }
        return table(users);
    }

    static String table(List<LoggedInUser> users) {
        boolean domains = users.stream().anyMatch(user -> user.domain() != null);
        TextTable table = domains ? new TextTable("USER", "DOMAIN", "LOGIN") : new TextTable("USER", "LOGIN");
        for (LoggedInUser user : users) {
            String login = loginTime(user.loginTimeMillis());
            if (domains) {
                table.row(user.name(), user.domain(), login);
            } else {
                table.row(user.name(), login);
            }
        }
        return tableOr(table, "no users logged in");
    }

    static String loginTime(Long millis) {
        return millis == null ? null : loginFormat().format(Instant.ofEpochMilli(millis));
    }

    /** A user as Windows writes one with a domain (DOMAIN\name), or just the name. */
    static String qualified(LoggedInUser user) {
        String name = user.name() == null ? "?" : user.name();
        return user.domain() == null ? name : user.domain() + "\\" + name;
    }

    /** Made when needed, not held in a static: every start of qga builds every command, and java.time is 50 classes. */
    private static DateTimeFormatter loginFormat() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    }
}
