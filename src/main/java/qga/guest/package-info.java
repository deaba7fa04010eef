/**
 * Guest workflows on the client API: what people do with an agent beyond one command (run a
 * program and collect its output, copy a file in or out, read the guest at a glance, freeze its
 * file systems and always thaw them). Each is usable from Java as it is from the command line.
 * May use api, schema, format, json and base, and the data that crosses the API
 * (qga.protocol.Request, Reply, Outcome); never a link, session, endpoint or channel, and no
 * picocli or JLine: parsing options and drawing belong to the front ends.
 */
package qga.guest;
