package qga.transport;

import java.time.Duration;
import qga.base.QgaException;

/** An endpoint that is a byte channel of qga's own (every kind but libvirt's virsh): opening it is connecting. */
public interface ChannelEndpoint extends Endpoint {
    /** A byte channel to the agent. */
    Channel connect(Duration timeout) throws QgaException;

    @Override
    default <T> T open(Duration timeout, Links<T> links) throws QgaException {
        return links.overChannel(connect(timeout));
    }
}
