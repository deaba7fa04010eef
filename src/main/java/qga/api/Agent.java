package qga.api;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.function.Consumer;
import qga.base.QgaException;
import qga.protocol.AgentSession;
import qga.protocol.MonitorEvent;
import qga.protocol.Outcome;
import qga.protocol.Reply;
import qga.protocol.Request;
import qga.protocol.WireTap;
import qga.schema.AgentInfo;
import qga.schema.Catalog;
import qga.schema.CommandGate;
import qga.schema.MonitorSchema;
import qga.schema.Policies;
import qga.transport.Address;
import qga.transport.Endpoint;

/**
 * One guest agent, the way every front end and any Java program talks to it: open it by address,
 * run requests (checked first against read-only and the catalog, and against this agent's
 * guest-info where it decides, then sent on a resynchronised channel with the command's timeout;
 * a QEMU monitor is checked against its own schema), stream many in order through a
 * {@link Pipeline}, cancel a wait, close. Failures are {@link QgaException}s carrying the exit
 * code they map to. Not for concurrent use, except {@link #cancel()}.
 */
public final class Agent implements AutoCloseable {
    private final AgentSession session;
    private final CommandGate gate;
    private final AgentInfoCache target;
    private final Catalog catalog = Catalog.builtIn();

    private Agent(Endpoint endpoint, AgentOptions options) {
        this.session = new AgentSession(endpoint, options.maxReply(), options.log(), Policies.of(catalog, options.timeout()));
        this.gate = options.unknownCommandHint() == null
                ? new CommandGate(catalog, options.validate(), options.readOnly())
                : new CommandGate(catalog, options.validate(), options.readOnly(), options.unknownCommandHint());
        this.target = new AgentInfoCache(session, options.log(), SchemaCache.in(options.env(), options.log()));
    }

    /**
     * An agent at an address (unix:PATH, tcp:HOST:PORT, libvirt:DOMAIN, local:, ...). Nothing is
     * connected yet: the first request connects and resyncs. Throws for an address that cannot be.
     */
    public static Agent open(String address, AgentOptions options) throws QgaException {
        return new Agent(Address.parse(address, options.env(), options.log()), options);
    }

    /** The address as the user wrote it. */
    public String address() {
        return session.endpoint().display();
    }

    /**
     * Checks and runs one request: its reply, or for a command that replies only on failure,
     * acceptance. guest-info is asked only when needed: before sending when the catalog cannot
     * decide alone, else after the agent refused the command, to say why (exit 2, as a check before
     * sending would have).
     */
    public Outcome execute(Request request) throws QgaException {
        boolean checkAfter = gate.admitBeforeAsking(request, target);
        Outcome outcome = session.execute(request);
        if (checkAfter && outcome instanceof Outcome.Replied replied) {
            gate.explainRefusal(request, replied.reply(), target);
        }
        return outcome;
    }

    /**
     * Checks a request as {@link #execute} would (read-only, an agent on this host, the catalog,
     * this agent's guest-info) without sending it: for a workflow that must know a command will be
     * taken before it asks the user for something or starts what only that command ends.
     */
    public void admit(Request request) throws QgaException {
        gate.admit(request, target);
    }

    /**
     * Runs a command and returns the value of its "return" (null for a command the agent took
     * without replying); an error reply is an exception (exit code 1) naming its class and text.
     */
    public JsonElement call(String command, JsonObject arguments) throws QgaException {
        Outcome outcome = execute(Request.of(command, arguments));
        if (!(outcome instanceof Outcome.Replied replied)) {
            return null;
        }
        Reply reply = replied.reply();
        if (reply.isError()) {
            throw QgaException.agentError(command + ": " + reply.errorClass() + ": " + reply.errorDesc());
        }
        return reply.returnValue();
    }

    /** A stream of requests answered in order, up to {@link Pipeline#WINDOW} in flight. */
    public <T> Pipeline<T> pipeline() {
        return new Pipeline<>(session, gate, target);
    }

    /** This agent's guest-info (what it has and has enabled), asked once per connection; null if it will not say. */
    public AgentInfo info() throws QgaException {
        return target.info();
    }

    /**
     * The schema of the QEMU monitor at this address (connecting to find out; asked once per
     * connection), or null when a guest agent answers here.
     */
    public MonitorSchema monitor() throws QgaException {
        return target.monitor();
    }

    /** The monitor's schema as last asked, without asking; null if never, or when an agent answers here. */
    public MonitorSchema cachedMonitor() {
        return target.cachedSchema();
    }

    /** True when a QEMU monitor answers at this address rather than a guest agent (connecting to find out). */
    public boolean isMonitor() throws QgaException {
        session.client(session.policy("qmp_capabilities").timeout());
        return session.isMonitor();
    }

    /**
     * True when the QEMU monitor at this address sends its events to qga (connecting to find out);
     * false for a guest agent and for a monitor libvirt holds, which keeps them.
     */
    public boolean sendsEvents() throws QgaException {
        session.client(session.policy("qmp_capabilities").timeout());
        return session.sendsEvents();
    }

    /** Told of each QEMU monitor event as it comes, on another thread (null to stop). */
    public void setEventListener(Consumer<MonitorEvent> listener) {
        session.setEventListener(listener == null ? event -> { } : listener);
    }

    /** guest-info as last asked, without asking; null if never. */
    public AgentInfo cachedInfo() {
        return target.cached();
    }

    /** Stops the wait in progress, from any thread: the waiter gets a QgaException, the next request resyncs. */
    public void cancel() {
        session.cancel();
    }

    /** Every command's timeout from now on (null: each command's default). */
    public void setTimeout(Duration timeout) {
        session.setPolicies(Policies.of(catalog, timeout));
    }

    /** Whether a lost channel is opened again by the next request (true by default). */
    public void setReconnect(boolean reconnect) {
        session.setReconnect(reconnect);
    }

    /** Told, on another thread, when the peer closes the channel. */
    public void setClosedListener(Runnable listener) {
        session.setClosedListener(listener);
    }

    /** Sees every request and reply on the wire, exactly (null to stop). */
    public void setWireTap(WireTap tap) {
        session.setWireTap(tap);
    }

    /** How many times a channel was opened: it changes when the agent was reconnected. */
    public long connections() {
        return session.connections();
    }

    /** True when a channel existed and was lost. */
    public boolean isLost() {
        return session.isLost();
    }

    /** Drops the channel; the next request connects afresh. */
    public void disconnect() {
        session.disconnect();
    }

    @Override
    public void close() {
        session.close();
    }
}
