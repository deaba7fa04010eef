package qga.schema;

import java.time.Duration;
import java.util.function.Function;
import qga.protocol.CallPolicy;

/** Timeouts and reply expectations per command, from the catalog unless the user set a timeout. */
public final class Policies {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private Policies() {
    }

    /** explicitTimeout (from --timeout) wins over the catalog's longer defaults for slow commands. */
    public static Function<String, CallPolicy> of(Catalog catalog, Duration explicitTimeout) {
        return command -> {
            CommandInfo info = catalog.find(command);
            Duration timeout = explicitTimeout != null ? explicitTimeout
                    : info != null && info.timeout() != null ? info.timeout() : DEFAULT_TIMEOUT;
            return new CallPolicy(timeout, info == null || info.replies());
        };
    }
}
