/**
 * What the user sees: replies as pretty, compact or --return output (made terminal-safe), help
 * text, tables. May import base, transport (the domain listing it tabulates), protocol and schema;
 * not api, input or a front end.
 */
package qga.format;
