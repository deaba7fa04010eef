/**
 * What every layer shares and nothing else: the exit-code table, the exception that carries an
 * exit code, the log hook, shell-like word splitting, the cut for echoing long input, timeouts
 * in seconds. Imports nothing of qga; every other package may import it.
 */
package qga.base;
