package qga.guest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.json.JsonCodec;
import qga.protocol.Request;

/**
 * A guest user's ~/.ssh/authorized_keys through guest-ssh-get/add/remove-authorized-keys. The
 * agent matches keys as exact lines and says nothing about what changed, so add and remove read
 * the list first to tell how many keys were new or present.
 */
public final class GuestSshKeys {
    /** What the agent listed, as strings and as the JSON it sent. */
    public record Listing(List<String> keys, String json) {
    }

    /**
     * What a change did.
     *
     * @param changed keys added (add) or removed (remove)
     * @param unchanged keys already there (add) or not there (remove); -1 with changed when the
     *     list could not be read first (no authorized_keys yet), so the counts are the keys given
     * @param replaced keys thrown away by reset, -1 if unknown
     */
    public record Change(int changed, int unchanged, int replaced) {
    }

    private GuestSshKeys() {
    }

    public static Listing list(Agent agent, String user) throws QgaException {
        JsonElement value = agent.call("guest-ssh-get-authorized-keys", userArgument(user));
        JsonElement keys = value != null && value.isJsonObject() ? value.getAsJsonObject().get("keys") : null;
        if (keys == null || !keys.isJsonArray()) {
            throw QgaException.protocol("guest-ssh-get-authorized-keys returned no list of keys: " + value);
        }
        List<String> strings = new ArrayList<>();
        for (JsonElement key : keys.getAsJsonArray()) {
            if (!key.isJsonPrimitive() || !key.getAsJsonPrimitive().isString()) {
                throw QgaException.protocol("guest-ssh-get-authorized-keys returned a key that is not a string: " + key);
            }
            strings.add(key.getAsString());
        }
        return new Listing(strings, JsonCodec.compact(value));
    }

    /** Adds keys (reset: they replace every key there). */
    public static Change add(Agent agent, String user, List<String> keys, boolean reset) throws QgaException {
        JsonObject arguments = keysArguments(user, keys);
        if (reset) {
            arguments.addProperty("reset", true);
        }
        Set<String> before = present(agent, user, Request.of("guest-ssh-add-authorized-keys", arguments));
        agent.call("guest-ssh-add-authorized-keys", arguments);
        Set<String> given = new LinkedHashSet<>(keys);
        if (before == null) {
            return new Change(given.size(), -1, -1);
        }
        if (reset) {
            Set<String> dropped = new LinkedHashSet<>(before);
            dropped.removeAll(given);
            return new Change(given.size(), 0, dropped.size());
        }
        Set<String> added = new LinkedHashSet<>(given);
        added.removeAll(before);
        return new Change(added.size(), given.size() - added.size(), 0);
    }

    public static Change remove(Agent agent, String user, List<String> keys) throws QgaException {
        JsonObject arguments = keysArguments(user, keys);
        Set<String> before = present(agent, user, Request.of("guest-ssh-remove-authorized-keys", arguments));
        agent.call("guest-ssh-remove-authorized-keys", arguments);
        Set<String> given = new LinkedHashSet<>(keys);
        if (before == null) {
            return new Change(given.size(), -1, 0);
        }
        Set<String> removed = new LinkedHashSet<>(given);
        removed.retainAll(before);
        return new Change(removed.size(), given.size() - removed.size(), 0);
    }

    /**
     * The keys there now, once the change is known to be admitted (nothing is read for a change
     * that will be refused); null when the agent cannot list them (no authorized_keys file yet, say).
     */
    private static Set<String> present(Agent agent, String user, Request change) throws QgaException {
        agent.admit(change);
        try {
            return new LinkedHashSet<>(list(agent, user).keys());
        } catch (QgaException e) {
            if (e.exitCode() != ExitCode.AGENT_ERROR && !e.isBadInput()) {
                throw e;
            }
            return null;
        }
    }

    private static JsonObject userArgument(String user) {
        JsonObject arguments = new JsonObject();
        arguments.addProperty("username", user);
        return arguments;
    }

    private static JsonObject keysArguments(String user, List<String> keys) {
        JsonObject arguments = userArgument(user);
        JsonArray array = new JsonArray();
        keys.forEach(array::add);
        arguments.add("keys", array);
        return arguments;
    }
}
