/**
 * The guest-agent protocol on a channel: framing replies, the 0xFF resync, ids, timeouts,
 * commands without a reply, cancel, and requests through libvirt. May import qga.base and
 * qga.transport (and JSON); knows nothing of the command catalog or of users.
 */
package qga.protocol;
