package qga.base;

/** Where a request's journey failed: what a caller can act on without reading the message. */
public enum Phase {
    /** Before anything was sent: the request or the command line is wrong (exit 2). */
    VALIDATE,
    /** Opening the channel: no such socket, refused, denied, no program. */
    CONNECT,
    /**
     * Bringing the channel to a known state before the request: 0xFF and guest-sync-delimited, or
     * a QEMU monitor's greeting and qmp_capabilities.
     */
    SYNC,
    /** Writing the request: the channel broke or the agent did not take it. */
    SEND,
    /** Waiting for the reply: silence, a lost channel, garbage, an error reply, or a cancel. */
    REPLY
}
