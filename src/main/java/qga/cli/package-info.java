/**
 * The command line on picocli: options, settings and the config file, exec, pipe mode, and the
 * way into the shell; Main is the only class that touches the process streams and exit. May
 * import every other package; talks to agents only through qga.api.
 */
package qga.cli;
