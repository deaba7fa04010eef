package qga.guest;

import com.google.gson.JsonObject;
import java.util.Base64;
import qga.api.Agent;
import qga.base.QgaException;
import qga.protocol.Request;

/**
 * guest-set-user-password: a guest account's new password, as plain text or as a crypt() hash
 * the guest understands. It travels base64-encoded in one request; qga neither keeps nor shows
 * it (the request is not logged, and the shell's history redacts the argument by name).
 */
public final class GuestPassword {
    private GuestPassword() {
    }

    /** The request for user's password; the bytes are the password's as the guest will see them (UTF-8 text). */
    public static Request request(String user, byte[] password, boolean crypted) {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("username", user);
        arguments.addProperty("password", Base64.getEncoder().encodeToString(password));
        arguments.addProperty("crypted", crypted);
        return Request.of("guest-set-user-password", arguments);
    }

    /**
     * Checks, without sending anything that matters, that the agent would take a new password for
     * user (not read-only, not an agent on this host, the command enabled): before asking for one.
     */
    public static void admit(Agent agent, String user, boolean crypted) throws QgaException {
        agent.admit(request(user, new byte[0], crypted));
    }

    /** Sets it; an error reply (no such user, a password the guest refuses) is an exception (exit 1). */
    public static void set(Agent agent, String user, byte[] password, boolean crypted) throws QgaException {
        Request request = request(user, password, crypted);
        agent.call(request.command(), request.arguments());
    }
}
