package qga.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import qga.json.JsonCodec;
import qga.transport.LibvirtHost;

/** qga domains: the agents a libvirt host offers, as a table or JSON. */
public final class DomainTable {
    private DomainTable() {
    }

    public static String text(List<LibvirtHost.Agent> agents) {
        if (agents.isEmpty()) {
            return "no running libvirt domains\n";
        }
        int width = Math.max(6, agents.stream().mapToInt(a -> a.domain().length()).max().orElse(6));
        StringBuilder out = new StringBuilder();
        String format = "%-" + width + "s  %-23s %-12s %s%n";
        out.append(String.format(format, "DOMAIN", "CHANNEL", "STATE", "ADDRESS"));
        for (LibvirtHost.Agent agent : agents) {
            String address = agent.address() == null ? "" : agent.address();
            if (agent.note() != null) {
                address = address.isEmpty() ? "(" + agent.note() + ")" : address + "  (" + agent.note() + ")";
            }
            out.append(String.format(format, agent.domain(), dash(agent.channel()), dash(agent.state()), address));
        }
        return TerminalText.sanitize(out.toString());
    }

    public static String json(List<LibvirtHost.Agent> agents) {
        JsonArray array = new JsonArray();
        for (LibvirtHost.Agent agent : agents) {
            JsonObject object = new JsonObject();
            object.addProperty("domain", agent.domain());
            object.addProperty("channel", agent.channel());
            object.addProperty("state", agent.state());
            object.addProperty("address", agent.address());
            object.addProperty("note", agent.note());
            array.add(object);
        }
        return JsonCodec.compact(array) + "\n";
    }

    private static String dash(String text) {
        return text == null ? "-" : text;
    }
}
