package qga.guest;

import com.google.gson.JsonObject;
import java.math.BigDecimal;

/**
 * One user of guest-get-users, with the fields of virsh guestinfo --user: name, domain (Windows
 * guests only) and login time in milliseconds since the epoch (the agent sends fractional seconds).
 */
public record LoggedInUser(String name, String domain, Long loginTimeMillis) implements ViewRecord {
    static LoggedInUser from(JsonObject reply) {
        BigDecimal seconds = JsonFields.decimal(reply.get("login-time"));
        Long millis = null;
        if (seconds != null) {
            try {
                millis = seconds.movePointRight(3).toBigInteger().longValueExact();
            } catch (ArithmeticException e) {
                millis = null;
            }
        }
        return new LoggedInUser(JsonFields.string(reply, "user"), JsonFields.string(reply, "domain"), millis);
    }

    @Override
    public JsonObject json() {
        JsonObject json = new JsonObject();
        json.addProperty("name", name);
        json.addProperty("domain", domain);
        json.add("login-time", JsonFields.number(loginTimeMillis));
        return json;
    }
}
