package qga.guest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import qga.api.Agent;
import qga.base.QgaException;

/** The human monitor (HMP) through a QEMU monitor's human-monitor-command. */
public final class HumanMonitor {
    private HumanMonitor() {
    }

    /**
     * Runs one human monitor command line and returns QEMU's text with \n line ends (QEMU sends
     * \r\n). An error reply is an exception (exit 1); QEMU reports most mistakes in the text.
     */
    public static String run(Agent agent, String line) throws QgaException {
        if (!agent.isMonitor()) {
            throw QgaException.badInput(agent.address() + " is a guest agent: the human monitor needs a QEMU monitor's"
                    + " address (qmp:PATH)");
        }
        JsonObject arguments = new JsonObject();
        arguments.addProperty("command-line", line);
        JsonElement text = agent.call("human-monitor-command", arguments);
        return text != null && text.isJsonPrimitive() ? text.getAsString().replace("\r\n", "\n") : "";
    }
}
