/**
 * The client every front end uses and a Java program can: {@link qga.api.Agent} (open by address,
 * call, execute, cancel, close), {@link qga.api.Pipeline} (many requests answered in order) and
 * {@link qga.api.FanOut} (one task on many agents, N at a time).
 * May import every layer below it (base, transport, protocol, schema), never input, format or a
 * front end; the front ends reach agents only through it.
 */
package qga.api;
