package qga.api;

import java.time.Duration;
import qga.base.Log;
import qga.base.QgaException;
import qga.protocol.AgentSession;
import qga.protocol.Reply;
import qga.protocol.Request;
import qga.schema.AgentInfo;
import qga.schema.CommandGate;

/** The gate's view of one agent: its address, and its guest-info asked once per connection. */
final class AgentInfoCache implements CommandGate.Target {
    private final AgentSession session;
    private final Log log;
    private AgentInfo info;
    private long askedOnConnection = -1;

    AgentInfoCache(AgentSession session, Log log) {
        this.session = session;
        this.log = log;
    }

    @Override
    public String address() {
        return session.endpoint().display();
    }

    @Override
    public boolean answersForThisHost() {
        return session.endpoint().answersForThisHost();
    }

    /** guest-info of the connected agent, or null if it will not say (guest-info blocked, say). */
    @Override
    public AgentInfo info() throws QgaException {
        Duration timeout = session.policy("guest-info").timeout();
        var link = session.client(timeout);
        if (info == null || askedOnConnection != session.connections()) {
            Reply reply = link.call(Request.of("guest-info", null), timeout);
            askedOnConnection = session.connections();
            if (reply.isError()) {
                log.verbose("guest-info refused (" + reply.errorDesc() + "): not checking commands against this agent");
                info = null;
            } else {
                info = AgentInfo.fromGuestInfo(reply.returnValue());
                log.verbose(info == null ? "guest-info did not list commands: not checking commands against this agent"
                        : "agent " + info.version() + " lists " + info.commands().size() + " commands");
            }
        }
        return info;
    }

    @Override
    public boolean infoKnown() {
        return askedOnConnection == session.connections() && session.connections() > 0 && !session.isLost();
    }

    /** What the agent said last time it was asked, without asking again (null if never). */
    AgentInfo cached() {
        return info;
    }
}
