package qga.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import qga.json.JsonCodec;
import qga.schema.AgentInfo;
import qga.schema.Catalog;
import qga.schema.CommandInfo;
import qga.schema.GuestOs;
import qga.schema.MonitorSchema;

/**
 * qga commands: every command in the catalog, and with an agent, what this agent has: available,
 * other-os (built only for other operating systems than the guest's), disabled (blocked), or
 * absent (the catalog knows it, this agent does not). Commands only the agent lists (a newer
 * agent) are shown too.
 */
public final class CommandTable {
    /** One row: name, status on the agent (null offline), replies, since, purpose. */
    public record Row(String name, String status, boolean replies, String since, String purpose) {
    }

    private CommandTable() {
    }

    public static List<Row> rows(Catalog catalog, AgentInfo agent) {
        List<Row> rows = new ArrayList<>();
        String guestOs = agent == null ? null : GuestOs.of(catalog, agent);
        for (CommandInfo info : catalog.all()) {
            String status = agent == null ? null
                    : agent.isEnabled(info.name()) ? "available" : !info.runsOn(guestOs) ? "other-os"
                    : agent.lists(info.name()) ? "disabled" : "absent";
            rows.add(new Row(info.name(), status, info.replies(), info.since(), info.purpose()));
        }
        if (agent != null) {
            for (Map.Entry<String, AgentInfo.Entry> entry : agent.commands().entrySet()) {
                if (catalog.find(entry.getKey()) == null) {
                    rows.add(new Row(entry.getKey(), entry.getValue().enabled() ? "available" : "disabled",
                            entry.getValue().replies(), "?", "(not in qga's catalog: arguments unchecked)"));
                }
            }
        }
        return rows;
    }

    public static String text(List<Row> rows) {
        boolean online = !rows.isEmpty() && rows.get(0).status() != null;
        StringBuilder out = new StringBuilder();
        String format = online ? "%-33s %-9s %-7s %-6s %s%n" : "%-33s %-7s %-6s %s%n";
        if (online) {
            out.append(String.format(format, "COMMAND", "AGENT", "REPLIES", "SINCE", "PURPOSE"));
        } else {
            out.append(String.format(format, "COMMAND", "REPLIES", "SINCE", "PURPOSE"));
        }
        for (Row row : rows) {
            String replies = row.replies() ? "yes" : "no";
            if (online) {
                out.append(String.format(format, row.name(), row.status(), replies, row.since(), row.purpose()));
            } else {
                out.append(String.format(format, row.name(), replies, row.since(), row.purpose()));
            }
        }
        return TerminalText.sanitize(out.toString());
    }

    public static String json(List<Row> rows) {
        JsonArray array = new JsonArray();
        for (Row row : rows) {
            JsonObject object = new JsonObject();
            object.addProperty("name", row.name());
            if (row.status() != null) {
                object.addProperty("agent", row.status());
            }
            object.addProperty("replies", row.replies());
            object.addProperty("since", row.since());
            object.addProperty("purpose", row.purpose());
            array.add(object);
        }
        return JsonCodec.compact(array) + "\n";
    }

    /** A QEMU monitor's commands, each with its usage from the monitor's schema. */
    public static String monitorText(MonitorSchema schema) {
        StringBuilder out = new StringBuilder(String.format("%-33s %s%n", "COMMAND", "USAGE"));
        for (String name : schema.commands()) {
            out.append(String.format("%-33s %s%n", name, usage(schema, name)));
        }
        return TerminalText.sanitize(out.toString());
    }

    /** The same as one JSON array of {"name", "usage"}. */
    public static String monitorJson(MonitorSchema schema) {
        JsonArray array = new JsonArray();
        for (String name : schema.commands()) {
            JsonObject object = new JsonObject();
            object.addProperty("name", name);
            object.addProperty("usage", usage(schema, name));
            array.add(object);
        }
        return JsonCodec.compact(array) + "\n";
    }

    private static String usage(MonitorSchema schema, String name) {
        CommandInfo info = schema.find(name);
        return info == null ? name : info.usage() + (schema.closed(name) ? "" : " ...");
    }
}
