/**
 * JSON text to Gson trees and back, for agent replies and user input alike: the strict and
 * lenient parser, and one writer for the compact and the pretty layout with terminal-safe string
 * escaping in both. Colours are the caller's choice, handed in as TokenColors. It imports only
 * Gson and the JDK: the protocol, schema, input and format layers all build on it.
 */
package qga.json;
