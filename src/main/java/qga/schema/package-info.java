/**
 * What commands exist and take: the built-in catalog, argument validation, per-command timeouts,
 * and the gate that admits a request (read-only, catalog, this agent's guest-info, which the
 * caller asks for: nothing here does I/O). May import
 * qga.base, qga.transport and qga.protocol.
 */
package qga.schema;
