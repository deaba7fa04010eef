package qga.protocol;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import qga.base.Log;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.base.Seconds;
import qga.transport.Channel;
import qga.transport.Endpoint;
import qga.transport.VirshEndpoint;

/**
 * One agent for as long as a front end needs it: connects on first use, and connects again
 * after the channel is lost (VM restarted, agent restarted), resynchronising each time.
 */
public final class AgentSession implements AutoCloseable {
    private final Endpoint given;
    private Endpoint endpoint;
    private final long maxReply;
    private final Log log;
    private volatile Function<String, CallPolicy> policies;
    /** Volatile so that cancel() can reach it from the signal thread without the session's lock. */
    private volatile AgentLink client;
    private WireTap tap;
    private Runnable closedListener;
    private Consumer<MonitorEvent> eventListener;
    private boolean reconnect = true;
    private long connections;
    /** A guest-suspend-* the agent accepted in this session: later silence likely means a sleeping guest. */
    private String suspendedBy;

    public AgentSession(Endpoint endpoint, long maxReply, Log log, Function<String, CallPolicy> policies) {
        this.given = endpoint;
        this.maxReply = maxReply;
        this.log = log;
        this.policies = policies;
    }

    /** The endpoint as the user gave it (libvirt:DOMAIN, not the socket it led to). */
    public Endpoint endpoint() {
        return given;
    }

    public CallPolicy policy(String command) {
        return policies.apply(command);
    }

    public void setPolicies(Function<String, CallPolicy> policies) {
        this.policies = policies;
    }

    /** Whether a lost channel is opened again on the next request (the shell) or not (pipe mode). */
    public synchronized void setReconnect(boolean reconnect) {
        this.reconnect = reconnect;
    }

    public synchronized boolean reconnects() {
        return reconnect;
    }

    /** Told when the peer closes the channel, on the reader thread. */
    public synchronized void setClosedListener(Runnable listener) {
        this.closedListener = listener;
        if (client instanceof SyncedLink synced) {
            synced.setClosedListener(listener);
        }
    }

    /** Told of each QEMU monitor event, on the reader thread, on this and every later connection. */
    public synchronized void setEventListener(Consumer<MonitorEvent> listener) {
        this.eventListener = listener;
        if (client != null && listener != null) {
            client.setEventListener(listener);
        }
    }

    /** The greeting of the QEMU monitor this session is connected to, or null (an agent, or not connected). */
    public synchronized JsonObject greeting() {
        return client == null ? null : client.greeting();
    }

    /** True when the connected peer is a QEMU monitor (false for an agent, or when not connected). */
    public synchronized boolean isMonitor() {
        return client != null && client.isMonitor();
    }

    /** True when the connected QEMU monitor's events reach qga (libvirt keeps those of the monitors it holds). */
    public synchronized boolean sendsEvents() {
        return client != null && client.sendsEvents();
    }

    /**
     * The version of the QEMU monitor this session is connected to (7.2.22) from its greeting, or
     * null (an agent, not connected, or a monitor held by libvirt, which has no greeting for us).
     */
    public synchronized String monitorVersion() {
        JsonObject greeting = greeting();
        return greeting == null ? null : Negotiation.version(greeting);
    }

    /** The package string of the connected QEMU monitor's version ("Debian 1:7.2+dfsg-7"), "" if none, null for an agent. */
    public synchronized String monitorPackage() {
        JsonObject greeting = greeting();
        return greeting == null ? null : Negotiation.packageName(greeting);
    }

    public synchronized void setWireTap(WireTap tap) {
        this.tap = tap;
        if (client != null) {
            client.setWireTap(tap);
            if (client instanceof SyncedLink synced) {
                synced.setClosedListener(closedListener);
            }
        }
    }

    /** The open, synchronised link; connects (again) and syncs as needed. */
    public synchronized AgentLink client(Duration timeout) throws QgaException {
        if (client != null && !client.isOpen()) {
            if (!reconnect) {
                throw QgaException.cannotConnect("the channel to " + given.display() + " was lost");
            }
            log.verbose("channel lost; reconnecting to " + given.display());
            client.close();
            client = null;
        }
        boolean fresh = client == null;
        if (fresh) {
            connect(timeout);
        }
        if (client instanceof SyncedLink synced && !synced.isSynced()) {
            try {
                synced.sync(timeout);
            } catch (QgaException e) {
                if (e.exitCode() == ExitCode.NO_ANSWER && !e.cancelled()) {
                    throw diagnosed(e, timeout);
                }
                if (e.exitCode() != ExitCode.CANNOT_CONNECT || !fresh || client.isOpen()) {
                    throw e;
                }
                // qemu-ga -m unix-listen, failing to answer a client that left, remakes its socket:
                // a client queued meanwhile is cut off before the first sync. One more try.
                log.verbose("the channel closed before the first sync (" + e.getMessage() + "); connecting again");
                client.close();
                connect(timeout);
                ((SyncedLink) client).sync(timeout);
            }
        }
        return client;
    }

    private void connect(Duration timeout) throws QgaException {
        client = open(timeout);
        connections++;
        client.setWireTap(tap);
        if (eventListener != null) {
            client.setEventListener(eventListener);
        }
        if (client instanceof SyncedLink synced) {
            synced.setClosedListener(closedListener);
        }
    }

    private AgentLink open(Duration timeout) throws QgaException {
        if (endpoint == null) {
            endpoint = given.resolve(timeout);
        }
        return endpoint.open(timeout, new Endpoint.Links<AgentLink>() {
            @Override
            public AgentLink overChannel(Channel channel) {
                return new AgentClient(channel, maxReply, log, given.speaksQmp());
            }

            @Override
            public AgentLink throughVirsh(VirshEndpoint virsh) {
                return virsh.speaksQmp() ? new VirshMonitorLink(virsh, maxReply) : new VirshLink(virsh, maxReply);
            }
        });
    }

    /** A silent first sync, with the likely reason the endpoint can name. */
    private QgaException diagnosed(QgaException e, Duration timeout) {
        String reason = suspendedBy != null ? "the guest is probably asleep: the agent accepted " + suspendedBy
                + " earlier; wake it (virsh dompmwakeup, or system_wakeup on the QEMU monitor)" : endpoint.diagnoseSilence();
        if (reason == null) {
            return e;
        }
        return QgaException.noAnswer(e.phase(), "no answer from the agent within " + Seconds.text(timeout) + ": " + reason, e);
    }

    /** How many times a channel was opened: changes when the session reconnected. */
    public synchronized long connections() {
        return connections;
    }

    /** Stops the wait in progress (Ctrl-C), from any thread. */
    public void cancel() {
        AgentLink current = client;
        if (current != null) {
            current.cancel();
        }
    }

    /** True when a client existed and its channel is gone. */
    public synchronized boolean isLost() {
        return client != null && !client.isOpen();
    }

    /** Runs one request with its command's policy. */
    public Outcome execute(Request request) throws QgaException {
        CallPolicy policy = policy(request.command());
        AgentLink current = client(policy.timeout());
        if (policy.replies()) {
            return new Outcome.Replied(current.call(request, policy.timeout()));
        }
        Outcome outcome = current.callWithoutReply(request, policy.timeout(), policy.grace());
        if (outcome instanceof Outcome.Accepted && request.command().startsWith("guest-suspend-")) {
            synchronized (this) {
                suspendedBy = request.command();
            }
        }
        return outcome;
    }

    /** Drops the channel; the next request connects afresh. */
    public synchronized void disconnect() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
        given.close();
        if (endpoint != null && endpoint != given) {
            endpoint.close();
        }
    }
}
