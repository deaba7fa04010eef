package qga.transport;

import java.time.Duration;
import qga.base.QgaException;

/** Somewhere an agent can be reached; connect may be called again after a channel is lost. */
public interface Endpoint extends AutoCloseable {
    /**
     * The two kinds of conversation an endpoint can open; the protocol layer makes a link of
     * each. Every endpoint calls the one it is, so nobody asks an endpoint what it is.
     */
    interface Links<T> {
        /** A byte channel to the agent, which the caller must resync before trusting. */
        T overChannel(Channel channel) throws QgaException;

        /** libvirt speaking for the agent, one virsh run per request. */
        T throughVirsh(VirshEndpoint virsh) throws QgaException;
    }

    /** Opens a conversation of this endpoint's kind, made into a link by links. */
    <T> T open(Duration timeout, Links<T> links) throws QgaException;

    /** The address as the user would write it, for messages. */
    String display();

    /**
     * The endpoint to use: itself, or what it stands for once looked up (libvirt:DOMAIN becomes a
     * channel socket or virsh). May run programs; called once, before the first connect.
     */
    default Endpoint resolve(Duration timeout) throws QgaException {
        return this;
    }

    /**
     * True for an agent that runs on this machine rather than in a guest (local:): what it is
     * asked to do happens to the host, so only commands that change nothing may be sent to it.
     */
    default boolean answersForThisHost() {
        return false;
    }

    /**
     * True when the user said a QEMU monitor answers here (qmp:ADDRESS, --qmp): its greeting is
     * awaited instead of trying an agent's sync first.
     */
    default boolean speaksQmp() {
        return false;
    }

    /** A likely reason the agent behind this endpoint stays silent, or null (called after a sync timed out). */
    default String diagnoseSilence() {
        return null;
    }

    /** Releases what the endpoint started (a private agent); never throws. */
    @Override
    default void close() {
    }
}
