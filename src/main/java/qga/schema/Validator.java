package qga.schema;

import qga.base.QgaException;
import com.google.gson.JsonElement;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import qga.base.Excerpt;
import qga.protocol.Request;

/**
 * Catches mistakes before they reach the guest: unknown commands and arguments, missing or
 * mistyped values, commands this agent does not have or has disabled, and (with --read-only)
 * anything that would change the guest. Every message names the fix.
 */
public final class Validator {
    /** The command line's ways to list commands and to send one qga does not know. */
    public static final String UNKNOWN_COMMAND_HINT = "qga commands lists them; --no-validate sends it anyway";

    private final Catalog catalog;
    private final String unknownCommandHint;

    public Validator(Catalog catalog) {
        this(catalog, UNKNOWN_COMMAND_HINT);
    }

    /** unknownCommandHint: what the front end offers after "unknown command X", in its own terms. */
    public Validator(Catalog catalog, String unknownCommandHint) {
        this.catalog = catalog;
        this.unknownCommandHint = unknownCommandHint;
    }

    /** Refuses every command that changes the guest, or that qga cannot vouch for. */
    public void checkReadOnly(Request request) throws QgaException {
        CommandInfo info = catalog.find(request.command());
        if (info == null) {
            throw QgaException.badInput(Excerpt.of(request.command()) + " is not in qga's catalog, so qga cannot tell whether it"
                    + " changes the guest; refused because of --read-only (QGA_READ_ONLY)");
        }
        if (info.changesState()) {
            throw QgaException.badInput(request.command() + " changes the guest; refused because of --read-only"
                    + " (QGA_READ_ONLY)");
        }
    }

    /** Checks the arguments of a catalog command; other commands pass (the agent may know them). */
    public void checkArguments(Request request) throws QgaException {
        CommandInfo info = catalog.find(request.command());
        if (info != null) {
            checkArguments(info, request, true);
        }
    }

    /** Checks a request's arguments against a command's; closed: an argument it does not declare is a mistake. */
    static void checkArguments(CommandInfo info, Request request, boolean closed) throws QgaException {
        Map<String, JsonElement> given = request.arguments().asMap();
        for (Map.Entry<String, JsonElement> argument : given.entrySet()) {
            var spec = info.argument(argument.getKey());
            if (spec.isEmpty()) {
                if (!closed) {
                    continue;
                }
                throw QgaException.badInput(unknownArgument(info, argument.getKey()));
            }
            String problem = TypeCheck.problem(spec.get().type(), argument.getValue());
            if (problem != null) {
                throw QgaException.badInput(info.name() + ": " + argument.getKey() + ": " + problem);
            }
        }
        for (Argument argument : info.arguments()) {
            if (!argument.optional() && !given.containsKey(argument.name())) {
                throw QgaException.badInput(info.name() + ": missing required argument " + argument.name()
                        + " (usage: " + info.usage() + ")");
            }
        }
    }

    private static String unknownArgument(CommandInfo info, String name) {
        if (info.arguments().isEmpty()) {
            return info.name() + " takes no arguments, but " + Excerpt.of(name) + " was given";
        }
        Set<String> names = new LinkedHashSet<>();
        info.arguments().forEach(a -> names.add(a.name()));
        String suggestion = DidYouMean.closest(name, names);
        return info.name() + ": unknown argument " + Excerpt.of(name) + (suggestion == null ? "" : ": did you mean " + suggestion + "?")
                + " (arguments: " + String.join(", ", names) + ")";
    }

    /** Checks the command against what this agent has (agent is null when it could not be asked). */
    public void checkAvailability(Request request, AgentInfo agent) throws QgaException {
        String command = request.command();
        CommandInfo info = catalog.find(command);
        if (agent == null) {
            if (info == null) {
                throw QgaException.badInput(unknownCommand(command, null));
            }
            return;
        }
        if (agent.lists(command) && !agent.isEnabled(command) && agent.looksFrozen()) {
            throw QgaException.badInput(command + " is refused while the guest's file systems are frozen (the agent then"
                    + " takes only guest-ping, guest-info, guest-sync and guest-fsfreeze-status/-thaw): thaw them first"
                    + " with guest-fsfreeze-thaw (qga ADDRESS fsfreeze thaw)");
        }
        if (!agent.isEnabled(command) && info != null) {
            String guestOs = GuestOs.of(catalog, agent);
            if (!info.runsOn(guestOs)) {
                throw QgaException.badInput(command + " is not available on this guest's OS: it is for " + info.osList()
                        + " only, and this guest runs " + guestOs);
            }
        }
        if (!agent.lists(command)) {
            if (info == null) {
                throw QgaException.badInput(unknownCommand(command, agent));
            }
            throw QgaException.badInput(command + ": not provided by this agent (" + agent.version() + "); added in "
                    + info.since());
        }
        if (!agent.isEnabled(command)) {
            String otherOs = info == null || info.os() == null ? ""
                    : ", or not available on this guest's OS: it is for " + info.osList() + " only";
            throw QgaException.badInput(command + " is disabled on this agent (blocked with qemu-ga -b or its config"
                    + otherOs + ")");
        }
        if (info != null) {
            checkVersionedValues(info, request, agent);
        }
    }

    /**
     * True when only guest-info can say whether the agent takes a request: a command the catalog
     * does not know (a newer agent may have it), or an argument value added after the command.
     */
    public boolean needsAgentInfo(Request request) {
        CommandInfo info = catalog.find(request.command());
        if (info == null) {
            return true;
        }
        for (Map.Entry<String, JsonElement> given : request.arguments().asMap().entrySet()) {
            var spec = info.argument(given.getKey());
            if (spec.isPresent() && given.getValue().isJsonPrimitive() && given.getValue().getAsJsonPrimitive().isString()
                    && enumerationSince(spec.get().type(), given.getValue().getAsString()) != null) {
                return true;
            }
        }
        return false;
    }

    /** Refuses a command the catalog does not know, naming the closest one it does. */
    public void checkKnown(String command) throws QgaException {
        if (catalog.find(command) == null) {
            throw QgaException.badInput(unknownCommand(command, null));
        }
    }

    private String unknownCommand(String command, AgentInfo agent) {
        Set<String> names = new LinkedHashSet<>();
        catalog.all().forEach(c -> names.add(c.name()));
        if (agent != null) {
            names.addAll(agent.commands().keySet());
        }
        String suggestion = DidYouMean.closest(command, names);
        return "unknown command " + Excerpt.of(command) + (suggestion == null ? "" : ": did you mean " + suggestion + "?")
                + " (" + unknownCommandHint + ")";
    }

    /** Enumeration values added after the command itself (guest-exec's capture-output modes, 8.0). */
    private static void checkVersionedValues(CommandInfo info, Request request, AgentInfo agent) throws QgaException {
        for (Map.Entry<String, JsonElement> given : request.arguments().asMap().entrySet()) {
            var spec = info.argument(given.getKey());
            if (spec.isEmpty() || !given.getValue().isJsonPrimitive() || !given.getValue().getAsJsonPrimitive().isString()) {
                continue;
            }
            String since = enumerationSince(spec.get().type(), given.getValue().getAsString());
            if (since != null && Versions.compare(agent.version(), since) < 0) {
                throw QgaException.badInput(info.name() + ": " + given.getKey() + "=" + given.getValue().getAsString()
                        + " needs qemu-ga " + since + " or later (this agent is " + agent.version() + ")");
            }
        }
    }

    private static String enumerationSince(ArgType type, String value) {
        if (type instanceof ArgType.Enumeration enumeration) {
            return enumeration.values().contains(value) ? enumeration.since() : null;
        }
        if (type instanceof ArgType.Alternate alternate) {
            for (ArgType choice : alternate.choices()) {
                String since = enumerationSince(choice, value);
                if (since != null) {
                    return since;
                }
            }
        }
        return null;
    }
}
