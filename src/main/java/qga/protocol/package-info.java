/**
 * The guest-agent protocol on a channel: framing replies, the 0xFF resync, ids, timeouts,
 * commands without a reply, cancel, and requests through libvirt. AgentClient is assembled from
 * parts each with one job: Handshake (the sync), ReplyRouter (ids, replies to requests in flight),
 * RequestWriter (batched writes, the write watchdog), ChannelReader (the reader thread, framing
 * and parsing), Inbox (waiting, cancel). May import qga.base, qga.json and qga.transport (and
 * Gson); knows nothing of the command catalog or of users.
 */
package qga.protocol;
