package qga.schema;

import qga.base.Excerpt;
import qga.base.QgaException;
import qga.protocol.Reply;
import qga.protocol.Request;

/**
 * Decides whether a request may go to the agent: --read-only first, then (unless --no-validate)
 * its arguments against the catalog before connecting, then the command against what this agent
 * lists in guest-info, which the target asks for (the gate itself does no I/O). guest-info costs a
 * round trip, so a one-off request the catalog knows is sent without it and the agent's refusal
 * (CommandNotFound: not there, blocked, frozen) is explained from guest-info afterwards. When the
 * target turns out to be a QEMU monitor, the monitor's own schema takes the catalog's place.
 */
public final class CommandGate {
    /** The agent a request is for, as far as the gate needs to know it. */
    public interface Target {
        String address();

        /** True for an agent on this host (local:): it may only be sent commands that change nothing. */
        boolean answersForThisHost();

        /** The agent's guest-info, or null if it will not say. */
        AgentInfo info() throws QgaException;

        /** True when guest-info was asked on the current connection, so {@link #info()} costs nothing. */
        boolean infoKnown();

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

    /** Throws QgaException (exit 2) for a request that must not be sent, asking guest-info if not yet known. */
    public void admit(Request request, Target target) throws QgaException {
        if (checkBeforeAgent(request, target) && validate) {
            validator.checkAvailability(request, target.info());
        }
    }

    /**
     * As {@link #admit}, but asks guest-info only when the catalog alone cannot decide (a command
     * it does not know, an argument value newer than the command): true when the request is to be
     * sent with its refusal checked afterwards by {@link #explainRefusal}.
     */
    public boolean admitBeforeAsking(Request request, Target target) throws QgaException {
        if (!checkBeforeAgent(request, target) || !validate) {
            return false;
        }
        if (target.infoKnown() || validator.needsAgentInfo(request)) {
            validator.checkAvailability(request, target.info());
            return false;
        }
        return true;
    }

    /**
     * After the agent refused a request sent by {@link #admitBeforeAsking}: the same exit-2 message
     * an early check would have given (disabled, not in this version, other OS, frozen), from
     * guest-info; returns normally when guest-info does not explain the refusal.
     */
    public void explainRefusal(Request request, Reply reply, Target target) throws QgaException {
        if (reply.isError() && "CommandNotFound".equals(reply.errorClass())) {
            validator.checkAvailability(request, target.info());
        }
    }

    /**
     * Everything short of the agent's guest-info: this host, then --read-only and the arguments of
     * a guest-* command before connecting, then, connected, a QEMU monitor's checks from its own
     * schema. True when the peer is an agent and its guest-info may still have a say.
     */
    private boolean checkBeforeAgent(Request request, Target target) throws QgaException {
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
            return false;
        }
        MonitorSchema monitor = target.monitor();
        if (monitor != null) {
            if (readOnly) {
                monitorValidator.checkReadOnly(request);
            }
            if (validate) {
                monitorValidator.check(request, monitor);
            }
            return false;
        }
        if (readOnly && !agentCommand) {
            validator.checkReadOnly(request);
        }
        return true;
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
