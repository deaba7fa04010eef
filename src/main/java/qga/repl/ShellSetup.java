package qga.repl;

import java.nio.file.Path;
import java.time.Duration;
import qga.api.Agent;
import qga.format.ReplyFormat;
import qga.input.RequestParser;
import qga.schema.Catalog;

/**
 * What the shell is given by the command line: the agent (with its checks), how to show replies,
 * where history goes, qga's own commands as :NAME. color is auto, always or never; noColor is
 * NO_COLOR being set.
 */
public record ShellSetup(String program, Agent agent, RequestParser parser, Catalog catalog,
        Duration timeout, ReplyFormat format, String color, boolean noColor, Path historyFile, Workflows workflows) {
}
