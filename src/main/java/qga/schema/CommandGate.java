package qga.schema;

import qga.base.Excerpt;
import qga.base.QgaException;
import qga.protocol.Request;

/**
 * Decides whether a request may go to the agent: --read-only first, then (unless --no-validate)
 * its arguments against the catalog before connecting, then the command against what this agent
 * lists in guest-info, which the target asks for (the gate itself does no I/O). When the target
 * turns out to be a QEMU monitor, the monitor's own schema takes the catalog's place.
 */
public final class CommandGate {
    /** The agent a request is for, as far as the gate needs to know it. */
    public interface Target {
        String address();

        /** True for an agent on this host (local:): it may only be sent commands that change nothing. */
        boolean answersForThisHost();

        /** The agent's guest-info, or null if it will not say. */
        AgentInfo info() throws QgaException;

        /** The schema of the QEMU monitor this is (connecting to find out), or null for a guest agent. */
        MonitorSchema monitor() throws QgaException;
    }

    private final Catalog catalog;
    private final Validator validator;
    private final MonitorValidator monitorValidator;
    private final boolean validate;
    private final boolean readOnly;

    public CommandGate(Catalog catalog, boolean validate, boolean readOnly) {
        this(catalog, validate, readOnly, Validator.UNKNOWN_COMMAND_HINT);
    }

    /** unknownCommandHint: what the front end offers after "unknown command X" (see Validator). */
    public CommandGate(Catalog catalog, boolean validate, boolean readOnly, String unknownCommandHint) {
        this.catalog = catalog;
        this.validator = new Validator(catalog, unknownCommandHint);
        this.monitorValidator = new MonitorValidator(unknownCommandHint);
        this.validate = validate;
        this.readOnly = readOnly;
    }

    public boolean validates() {
        return validate;
    }

    /** Throws QgaException (exit 2) for a request that must not be sent. */
    public void admit(Request request, Target target) throws QgaException {
        if (target.answersForThisHost()) {
            checkHostSafe(request, target.address());
        }
        // guest-* commands are checked before connecting, as they always were: no monitor has one
        boolean agentCommand = request.command().startsWith("guest-") || catalog.find(request.command()) != null;
        if (agentCommand) {
            if (readOnly) {
                validator.checkReadOnly(request);
            }
            if (validate) {
                validator.checkArguments(request);
            }
        }
        if (!readOnly && !validate) {
            return;
        }
        MonitorSchema monitor = target.monitor();
        if (monitor != null) {
            if (readOnly) {
                monitorValidator.checkReadOnly(request);
            }
            if (validate) {
                monitorValidator.check(request, monitor);
            }
            return;
        }
        if (readOnly && !agentCommand) {
            validator.checkReadOnly(request);
        }
        if (validate) {
            validator.checkAvailability(request, target.info());
        }
    }

    /**
     * An agent on this host acts on this host: whatever --no-validate says, only the catalog's
     * commands that change nothing go to it (the agent also blocks the others itself).
     */
    private void checkHostSafe(Request request, String address) throws QgaException {
        for (String member : request.json().keySet()) {
            if (!member.equals("execute") && !member.equals("arguments") && !member.equals("id")) {
                throw QgaException.badInput("\"" + Excerpt.of(member) + "\" is not sent to " + address
                        + ", which runs on this host: it takes plain requests of execute, arguments and id");
            }
        }
        CommandInfo info = catalog.find(request.command());
        if (info == null) {
            throw QgaException.badInput(request.command() + " is not in qga's catalog, and " + address
                    + " runs on this host: it takes only commands known to change nothing; send it to a guest's agent");
        }
        if (info.changesState()) {
            throw QgaException.badInput(request.command() + " would act on this host, which " + address
                    + " never does (it answers about this machine): send it to a guest's agent");
        }
    }
}
