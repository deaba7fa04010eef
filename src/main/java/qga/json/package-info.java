/**
 * JSON text to Gson trees and back, for agent replies and user input alike: the strict and
 * lenient parser; one writer for the compact and the pretty layout, with terminal-safe string
 * escaping in both and colours handed in as TokenColors; and the bracket scanner that tells where
 * a value ends, or whether typed text is complete, without parsing it. It imports only Gson and
 * the JDK: the protocol, schema, input and format layers all build on it.
 */
package qga.json;
