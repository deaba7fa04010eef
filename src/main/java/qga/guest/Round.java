package qga.guest;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import qga.api.Agent;
import qga.api.Pipeline;
import qga.base.Phase;
import qga.base.QgaException;
import qga.protocol.Reply;
import qga.protocol.Request;

/**
 * Several requests in one round trip: all are sent before the first reply is awaited, so polling a
 * process and reading its output costs one wait for the agent, not one per request.
 */
final class Round {
    private Round() {
    }

    /** The "return" of each request, in order; the first failure (an error reply included) is thrown once all are in. */
    static List<JsonElement> of(Agent agent, List<Request> requests) throws QgaException {
        Pipeline<Integer> pipeline = agent.pipeline();
        for (int i = 0; i < requests.size(); i++) {
            pipeline.submit(i, requests.get(i));
        }
        List<JsonElement> values = new ArrayList<>();
        QgaException first = null;
        while (!pipeline.isEmpty()) {
            Pipeline.Result<Integer> result = pipeline.next();
            QgaException failure = null;
            if (result instanceof Pipeline.Result.Answered<Integer> answered) {
                Reply reply = answered.reply();
                if (reply.isError()) {
                    failure = QgaException.agentError(answered.request().command() + ": " + reply.errorClass() + ": "
                            + reply.errorDesc());
                } else {
                    values.add(reply.returnValue());
                }
            } else if (result instanceof Pipeline.Result.Failed<Integer> failed) {
                failure = new QgaException(failed.code(), Phase.REPLY, failed.message(), null);
            } else {
                values.add(null);
            }
            if (failure != null) {
                values.add(null);
                first = first == null ? failure : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return values;
    }
}
