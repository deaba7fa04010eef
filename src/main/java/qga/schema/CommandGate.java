package qga.schema;

import java.time.Duration;
import qga.base.Excerpt;
import qga.base.Log;
import qga.base.QgaException;
import qga.protocol.AgentLink;
import qga.protocol.AgentSession;
import qga.protocol.Reply;
import qga.protocol.Request;

/**
 * Decides whether a request may go to the agent: --read-only first, then (unless --no-validate)
 * its arguments against the catalog before connecting, then the command against what this agent
 * lists in guest-info, asked once per connection.
 */
public final class CommandGate {
    private final Catalog catalog;
    private final Validator validator;
    private final boolean validate;
    private final boolean readOnly;
    private final Log log;
    private AgentInfo agent;
    private long agentConnection = -1;

    public CommandGate(Catalog catalog, boolean validate, boolean readOnly, Log log) {
        this(catalog, validate, readOnly, log, Validator.UNKNOWN_COMMAND_HINT);
    }

    /** unknownCommandHint: what the front end offers after "unknown command X" (see Validator). */
    public CommandGate(Catalog catalog, boolean validate, boolean readOnly, Log log, String unknownCommandHint) {
        this.catalog = catalog;
        this.validator = new Validator(catalog, unknownCommandHint);
        this.validate = validate;
        this.readOnly = readOnly;
        this.log = log;
    }

    public boolean validates() {
        return validate;
    }

    /** Throws QgaException (exit 2) for a request that must not be sent. */
    public void admit(Request request, AgentSession session) throws QgaException {
        if (session.endpoint().answersForThisHost()) {
            checkHostSafe(request, session.endpoint().display());
        }
        if (readOnly) {
            validator.checkReadOnly(request);
        }
        if (!validate) {
            return;
        }
        validator.checkArguments(request);
        validator.checkAvailability(request, agentInfo(session));
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

    /** What the agent said last time it was asked, without asking again (null if never). */
    public AgentInfo cachedAgentInfo() {
        return agent;
    }

    /** guest-info of the connected agent, or null if it will not say (e.g. guest-info is blocked). */
    public AgentInfo agentInfo(AgentSession session) throws QgaException {
        Duration timeout = session.policy("guest-info").timeout();
        AgentLink client = session.client(timeout);
        if (agent == null || agentConnection != session.connections()) {
            Reply reply = client.call(Request.of("guest-info", null), timeout);
            agentConnection = session.connections();
            if (reply.isError()) {
                log.verbose("guest-info refused (" + reply.errorDesc() + "): not checking commands against this agent");
                agent = null;
            } else {
                agent = AgentInfo.fromGuestInfo(reply.returnValue());
                log.verbose(agent == null ? "guest-info did not list commands: not checking commands against this agent"
                        : "agent " + agent.version() + " lists " + agent.commands().size() + " commands");
            }
        }
        return agent;
    }
}
