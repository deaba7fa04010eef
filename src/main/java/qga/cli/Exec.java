package qga.cli;

import java.util.List;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.input.RequestParser;
import qga.protocol.Outcome;
import qga.protocol.Reply;
import qga.protocol.Request;

/** qga exec: one request, one reply, an exit code that says which. */
final class Exec {
    private final RequestParser parser;
    private final Reporter reporter;

    Exec(RequestParser parser, Reporter reporter) {
        this.parser = parser;
        this.reporter = reporter;
    }

    /** Builds the request from COMMAND (or a JSON request), KEY=VALUE pairs and --args. */
    Request request(String command, List<String> pairs, String argsJson) throws QgaException {
        if (RequestParser.looksLikeJson(command)) {
            if (!pairs.isEmpty() || argsJson != null) {
                throw QgaException.badInput("a JSON request takes no KEY=VALUE arguments or --args:"
                        + " put them in its \"arguments\"");
            }
            return parser.fromJson(command);
        }
        return parser.fromShorthand(command, pairs, argsJson);
    }

    ExitCode run(Agent agent, Request request) throws QgaException {
        Outcome outcome = agent.execute(request);
        if (outcome instanceof Outcome.Accepted accepted) {
            reporter.message(accepted.describe());
            return ExitCode.OK;
        }
        Reply reply = ((Outcome.Replied) outcome).reply();
        reporter.reply(reply);
        reporter.flush();
        if (reply.isError()) {
            reporter.agentError(request.command(), reply);
            return ExitCode.AGENT_ERROR;
        }
        return ExitCode.OK;
    }
}
