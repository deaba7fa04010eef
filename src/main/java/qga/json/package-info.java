/**
 * JSON text to Gson trees and back, for agent replies and user input alike: the strict and
 * lenient parser and the compact writer with its terminal-safe string escaping. It imports only
 * Gson and the JDK: the protocol, schema, input and format layers all build on it.
 */
package qga.json;
