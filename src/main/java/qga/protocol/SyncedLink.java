package qga.protocol;

import java.time.Duration;
import qga.base.QgaException;

/**
 * A link over a byte channel that qga must bring to a known state itself before trusting it, and
 * that the peer can close (VirshLink needs neither: libvirt syncs, and each request is its own run).
 */
public interface SyncedLink extends AgentLink {
    boolean isSynced();

    /** Brings the conversation to a known state; everything before it is someone else's. */
    void sync(Duration timeout) throws QgaException;

    /** Called (on another thread) when the peer closes the conversation. */
    void setClosedListener(Runnable listener);
}
