package qga.api;

import com.google.gson.JsonElement;
import java.time.Duration;
import qga.base.Log;
import qga.base.QgaException;
import qga.protocol.AgentLink;
import qga.protocol.AgentSession;
import qga.protocol.QemuVersion;
import qga.protocol.Reply;
import qga.protocol.Request;
import qga.schema.AgentInfo;
import qga.schema.CommandGate;
import qga.schema.MonitorSchema;

/**
 * The gate's view of one peer: its address, and what it says it takes, asked once per connection:
 * an agent's guest-info, or a QEMU monitor's query-commands and query-qmp-schema.
 */
final class AgentInfoCache implements CommandGate.Target {
    private final AgentSession session;
    private final Log log;
    private AgentInfo info;
    private long askedOnConnection = -1;
    private final SchemaCache cache;
    private MonitorSchema schema;
    private long schemaOnConnection = -1;

    AgentInfoCache(AgentSession session, Log log, SchemaCache cache) {
        this.session = session;
        this.log = log;
        this.cache = cache;
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

    /** The connected monitor's schema (asked once per connection), or null when the peer is a guest agent. */
    @Override
    public MonitorSchema monitor() throws QgaException {
        Duration timeout = session.policy("query-qmp-schema").timeout();
        var link = session.client(timeout);
        if (!session.isMonitor()) {
            return null;
        }
        if (schema == null || schemaOnConnection != session.connections()) {
            String version = session.monitorVersion();
            String packageName = session.monitorPackage();
            if (version == null) {
                // a monitor libvirt holds: libvirt read the greeting, so QEMU is asked its version
                Reply asked = link.call(Request.of("query-version", null), timeout);
                version = QemuVersion.number(asked.returnValue());
                packageName = QemuVersion.packageName(asked.returnValue());
            }
            Reply commands = link.call(Request.of("query-commands", null), timeout);
            String build = build(link, version, packageName, timeout);
            JsonElement introspection = cache.get(build);
            if (introspection == null) {
                Reply asked = link.call(Request.of("query-qmp-schema", null), timeout);
                introspection = asked.returnValue();
                if (asked.isError()) {
                    log.verbose("QEMU " + version + " does not describe its commands' arguments (" + asked.errorDesc() + ")");
                } else {
                    cache.put(build, introspection);
                }
            }
            schemaOnConnection = session.connections();
            schema = MonitorSchema.of(version, commands.returnValue(), introspection);
            log.verbose("QEMU " + version + " lists " + schema.commands().size() + " commands");
        }
        return schema;
    }

    /**
     * What tells one QEMU build's schema from another's: its version and package (from the
     * greeting or query-version) and the target it emulates (query-target), since one version's
     * qemu-system-x86_64 and qemu-system-aarch64 differ.
     */
    private String build(AgentLink link, String version, String packageName, Duration timeout) throws QgaException {
        Reply target = link.call(Request.of("query-target", null), timeout);
        JsonElement arch = target.isError() || !target.returnValue().isJsonObject() ? null
                : target.returnValue().getAsJsonObject().get("arch");
        return version + "-" + packageName + "-" + (arch == null ? "unknown" : arch.getAsString());
    }

    /** The monitor's schema as last asked, without asking (null if never, or the peer is an agent). */
    MonitorSchema cachedSchema() {
        return schema;
    }

    /** What the agent said last time it was asked, without asking again (null if never). */
    AgentInfo cached() {
        return info;
    }
}
