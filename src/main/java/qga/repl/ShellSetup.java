package qga.repl;

import java.nio.file.Path;
import java.time.Duration;
import qga.format.ReplyFormat;
import qga.input.RequestParser;
import qga.protocol.AgentSession;
import qga.schema.Catalog;
import qga.schema.CommandGate;

/**
 * What the shell is given by the command line: the session and its checks, how to show replies,
 * where history goes. color is auto, always or never; noColor is NO_COLOR being set.
 */
public record ShellSetup(String program, AgentSession session, CommandGate gate, RequestParser parser, Catalog catalog,
        Duration timeout, ReplyFormat format, String color, boolean noColor, Path historyFile) {
}
