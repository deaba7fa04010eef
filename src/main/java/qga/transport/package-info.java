/**
 * Bytes to and from an agent: addresses parsed into endpoints (Unix and TCP sockets, child
 * processes, vsock through socat, local:, libvirt lookups through virsh) and the channels they
 * open. May import qga.base and Gson; knows nothing of requests or replies.
 */
package qga.transport;
