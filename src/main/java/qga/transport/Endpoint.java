package qga.transport;

import java.time.Duration;
import qga.base.QgaException;

/** Somewhere an agent can be reached; connect may be called again after a channel is lost. */
public interface Endpoint extends AutoCloseable {
    Channel connect(Duration timeout) throws QgaException;

    /** The address as the user would write it, for messages. */
    String display();

    /** Releases what the endpoint started (a private agent); never throws. */
    @Override
    default void close() {
    }
}
