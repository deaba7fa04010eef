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
 * process, opening and reading its output costs one wait for the agent, not one per request.
 */
final class Round {
    /** What came of one request: its "return", or the failure (an error reply included). */
    record Answer(JsonElement value, QgaException failure) {
        JsonElement orThrow() throws QgaException {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    private Round() {
    }

    /** Each request's answer, in order; nothing is left in flight. */
    static List<Answer> answers(Agent agent, List<Request> requests) {
        Pipeline<Integer> pipeline = agent.pipeline();
        for (int i = 0; i < requests.size(); i++) {
            pipeline.submit(i, requests.get(i));
        }
        List<Answer> answers = new ArrayList<>();
        while (!pipeline.isEmpty()) {
            Pipeline.Result<Integer> result = pipeline.next();
            if (result instanceof Pipeline.Result.Answered<Integer> answered) {
                Reply reply = answered.reply();
                answers.add(reply.isError()
                        ? new Answer(null, QgaException.agentError(answered.request().command() + ": " + reply.errorClass()
                                + ": " + reply.errorDesc()))
                        : new Answer(reply.returnValue(), null));
            } else if (result instanceof Pipeline.Result.Failed<Integer> failed) {
                answers.add(new Answer(null, new QgaException(failed.code(), Phase.REPLY, failed.message(), null)));
            } else {
                answers.add(new Answer(null, null));
            }
        }
        return answers;
    }

    /** The "return" of each request, in order; the first failure is thrown once all are in. */
    static List<JsonElement> of(Agent agent, List<Request> requests) throws QgaException {
        List<JsonElement> values = new ArrayList<>();
        for (Answer answer : answers(agent, requests)) {
            values.add(answer.orThrow());
        }
        return values;
    }
}
