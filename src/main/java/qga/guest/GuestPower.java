package qga.guest;

import com.google.gson.JsonObject;
import qga.api.Agent;
import qga.base.QgaException;
import qga.protocol.Outcome;
import qga.protocol.Request;

/**
 * guest-shutdown: power off, reboot or halt the guest. The agent sends no reply when it starts
 * the shutdown, only an error when it cannot: the outcome says whether it was accepted (no error
 * within a grace period, or the channel closed as the guest went down) or refused.
 */
public final class GuestPower {
    /** guest-shutdown's modes. */
    public enum Mode {
        POWERDOWN("powerdown"), REBOOT("reboot"), HALT("halt");

        private final String value;

        Mode(String value) {
            this.value = value;
        }

        /** As guest-shutdown's mode argument takes it. */
        public String value() {
            return value;
        }
    }

    private GuestPower() {
    }

    /** Asks for the shutdown: Accepted, or the agent's reply (an error, or a reply from an agent that sends one). */
    public static Outcome shutdown(Agent agent, Mode mode) throws QgaException {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("mode", mode.value());
        return agent.execute(Request.of("guest-shutdown", arguments));
    }
}
