/**
 * What the user typed, made into requests: shorthand KEY=VALUE, JSON, streams of requests on
 * stdin, and history redaction. May import base, protocol and schema; not api, format or a front end.
 */
package qga.input;
