package qga.transport;

import java.time.Duration;
import qga.base.QgaException;

/**
 * qmp:ADDRESS: the endpoint ADDRESS names, with a QEMU monitor behind it rather than an agent.
 * Everything else is the inner endpoint's.
 */
final class MonitorEndpoint implements Endpoint {
    private final Endpoint inner;
    private final String display;

    MonitorEndpoint(Endpoint inner, String display) {
        this.inner = inner;
        this.display = display;
    }

    @Override
    public <T> T open(Duration timeout, Links<T> links) throws QgaException {
        return inner.open(timeout, links);
    }

    @Override
    public String display() {
        return display;
    }

    @Override
    public Endpoint resolve(Duration timeout) throws QgaException {
        Endpoint resolved = inner.resolve(timeout);
        return resolved == inner ? this : new MonitorEndpoint(resolved, display);
    }

    @Override
    public boolean speaksQmp() {
        return true;
    }

    @Override
    public void close() {
        inner.close();
    }
}
