package qga.transport;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open byte stream to an agent. Closing it is the only way to end it: the write side is never
 * half-closed, because QEMU treats a half-close as a disconnect and drops the reply.
 */
public interface Channel extends AutoCloseable {
    InputStream input();

    OutputStream output();

    /** Why the peer went away, when the channel can tell (a child's exit status and stderr), else null. */
    default String closeReason() {
        return null;
    }

    /** Idempotent; never throws. Unblocks a thread blocked reading or writing. */
    @Override
    void close();
}
