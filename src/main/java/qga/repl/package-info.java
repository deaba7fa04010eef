/**
 * The interactive shell on JLine: the loop, completion, meta commands, history. May import api,
 * input, format and the layers below; talks to agents only through qga.api. The only room with JLine.
 */
package qga.repl;
