package qga.cli;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.api.AgentOptions;
import qga.api.FanOut;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.format.TerminalText;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;
import qga.input.RequestParser;
import qga.protocol.Outcome;
import qga.protocol.Request;
import qga.schema.Catalog;
import qga.schema.Policies;

/**
 * One command on many targets at once (exec, run and the views): every target checked before
 * anything is sent, then asked --parallel at a time, each with its own timeouts. Output is one
 * JSON line per target as it completes (or in the order given, --ordered), or on a terminal one
 * table; a summary of the failures goes to stderr, and the exit status is the worst target's.
 */
final class ManyTargets {
    static final int DEFAULT_PARALLEL = 8;
    /** Each target in flight holds a thread or two and a socket; beyond this the host, not qga, is the limit. */
    static final int MAX_PARALLEL = 1024;
    /** Failures named in the summary line; the rest are counted. */
    static final int NAMED_FAILURES = 10;

    private final Invocation invocation;
    private final ParseResult top;
    private final ParseResult sub;
    private final ConfigFile config;
    /** Each agent's own settings, filled before the first task starts and only read after. */
    private final Map<Agent, Settings> targetSettings = new IdentityHashMap<>();

    ManyTargets(Invocation invocation, ParseResult top, ParseResult sub, ConfigFile config) {
        this.invocation = invocation;
        this.top = top;
        this.sub = sub;
        this.config = config;
    }

    /** The names of the commands that run over many targets, for messages and help. */
    static List<String> commands() {
        List<String> names = new ArrayList<>(List.of(CommandModel.EXEC, RunCommand.NAME));
        for (GuestCommand guest : GuestCommands.ALL) {
            if (guest instanceof ViewCommand) {
                names.add(guest.name());
            }
        }
        return names;
    }

    int run() throws QgaException, InterruptedException {
        String name = sub == null ? null : sub.commandSpec().name();
        if (name == null || !commands().contains(name)) {
            throw QgaException.badInput((name == null ? "the shell and piped requests work" : name + " works")
                    + " on one target at a time, and several were given: give one address, or use one of "
                    + String.join(", ", commands()) + " on many");
        }
        int parallel = parallel();
        Settings base = Settings.forTarget(null, null, top, sub, invocation.env(), config);
        FanOut.Task<TargetOutcome> task = task(name, base);
        List<TargetList.Entry> entries = TargetList.resolve(top, sub, config, invocation,
                base.timeout() != null ? base.timeout() : Policies.DEFAULT_TIMEOUT, log(base, null));
        if (entries.isEmpty()) {
            // only --all can come to nothing: a host with no domain running has nothing to ask
            message("no targets: no libvirt domain is running (virsh list --name is empty)");
            return ExitCode.OK.status();
        }
        List<FanOut.Target> targets = open(entries, GuestCommands.find(name));
        return report(entries, execute(targets, task, parallel));
    }

    private int parallel() throws QgaException {
        String text = Settings.value(top, sub, "--parallel");
        if (text == null) {
            return DEFAULT_PARALLEL;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 1 && value <= MAX_PARALLEL) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw QgaException.badInput("--parallel " + text + " is not a number from 1 to " + MAX_PARALLEL);
    }

    /** The work on one target, with everything that can be checked checked now, once for all. */
    private FanOut.Task<TargetOutcome> task(String name, Settings base) throws QgaException {
        if (CommandModel.EXEC.equals(name)) {
            RequestParser parser = base.validate() ? RequestParser.validating(Catalog.builtIn()) : RequestParser.asGiven();
            String command = sub.matchedPositionalValue(0, null);
            if (command == null || command.isBlank()) {
                throw QgaException.badInput("exec needs a command: " + invocation.program()
                        + " --targets FILE exec guest-ping, or a JSON request (" + invocation.program() + " help exec)");
            }
            Request request = new Exec(parser, null).request(command, List.of(sub.matchedPositionalValue(1, new String[0])),
                    sub.matchedOptionValue("--args", null));
            return (agent, stops) -> exec(agent, request);
        }
        if (RunCommand.NAME.equals(name)) {
            GuestCommand.Context context = new GuestCommand.Context(sub, invocation, base);
            GuestCommands.find(name).check(context);
            if (sub.hasMatchedOption("--stdin") && "-".equals(Settings.value(top, sub, "--targets"))) {
                throw QgaException.badInput("--targets - and run --stdin both read stdin: give the targets in a file");
            }
            byte[] input = RunCommand.input(context);
            return (agent, stops) -> RunCommand.runOn(agent.address(), agent, context(agent, base), input, stops);
        }
        ViewCommand view = (ViewCommand) GuestCommands.find(name);
        view.check(new GuestCommand.Context(sub, invocation, base));
        return (agent, stops) -> view.outcome(agent.address(), new GuestViews(agent));
    }

    private static TargetOutcome exec(Agent agent, Request request) throws QgaException {
        Outcome outcome = agent.execute(request);
        if (outcome instanceof Outcome.Accepted accepted) {
            return TargetOutcome.accepted(agent.address(), accepted.describe());
        }
        return TargetOutcome.replied(agent.address(), ((Outcome.Replied) outcome).reply());
    }

    /** run's context on one target: its own settings (a config target's timeout is its program's limit). */
    private GuestCommand.Context context(Agent agent, Settings base) {
        Settings settings = targetSettings.getOrDefault(agent, base);
        return new GuestCommand.Context(sub, invocation, settings);
    }

    /** An agent for each target, with its own settings; an address that cannot be is refused before anything is sent. */
    private List<FanOut.Target> open(List<TargetList.Entry> entries, GuestCommand guest) throws QgaException {
        List<FanOut.Target> targets = new ArrayList<>();
        try {
            for (TargetList.Entry entry : entries) {
                Settings settings = Settings.forTarget(entry.address(), entry.section(), top, sub, invocation.env(), config);
                Settings forAgent = guest != null && guest.ownsTimeout() ? settings.withTimeout(null) : settings;
                AgentOptions options = new AgentOptions(forAgent.timeout(), settings.maxReply(), settings.validate(),
                        settings.readOnly(), invocation.env(), log(settings, entry.name()), null);
                Agent agent;
                try {
                    agent = Agent.open(entry.address(), options);
                } catch (QgaException e) {
                    throw new QgaException(e.exitCode(), e.phase(), entry.where() + ": " + e.getMessage(), e);
                }
                targetSettings.put(agent, settings);
                targets.add(new FanOut.Target(entry.name(), agent));
            }
            return targets;
        } catch (QgaException | RuntimeException e) {
            targets.forEach(target -> target.agent().close());
            throw e;
        }
    }

    /** Runs the task everywhere, printing JSON lines as results come; Ctrl-C, SIGTERM and SIGHUP cancel it all. */
    private Results execute(List<FanOut.Target> targets, FanOut.Task<TargetOutcome> task, int parallel)
            throws InterruptedException {
        FanOut<TargetOutcome> fanOut = new FanOut<>(parallel);
        Results results = new Results(targets.size(), !invocation.stdoutIsTerminal(), Settings.flag(top, sub, "--ordered"));
        try (Interrupts interrupts = Interrupts.handle(signal -> fanOut.cancel())) {
            fanOut.run(targets, task, result -> results.add(result.index(), outcome(targets.get(result.index()), result,
                    interrupts.received())));
            results.signal = interrupts.received();
        }
        return results;
    }

    /** The target's outcome under the name the user gave it; a failure of qga's own with its exit code. */
    private static TargetOutcome outcome(FanOut.Target target, FanOut.Result<TargetOutcome> result, int signal) {
        if (result.failure() == null) {
            return result.value().named(target.name());
        }
        QgaException failure = result.failure();
        if (failure.cancelled() && signal != 0) {
            return TargetOutcome.failed(target.name(), 128 + signal, "interrupted", failure.getMessage());
        }
        return TargetOutcome.failed(target.name(), failure.exitCode().status(), reason(failure.exitCode()), failure.getMessage());
    }

    /** Every target's outcome by its index; JSON lines go out as soon as they may. */
    private final class Results {
        final TargetOutcome[] outcomes;
        final boolean lines;
        final boolean ordered;
        int printed;
        int signal;

        Results(int size, boolean lines, boolean ordered) {
            this.outcomes = new TargetOutcome[size];
            this.lines = lines;
            this.ordered = ordered;
        }

        void add(int index, TargetOutcome outcome) {
            outcomes[index] = outcome;
            if (!lines) {
                return;
            }
            if (!ordered) {
                invocation.out().println(outcome.jsonLine());
            } else {
                while (printed < outcomes.length && outcomes[printed] != null) {
                    invocation.out().println(outcomes[printed++].jsonLine());
                }
            }
            invocation.out().flush();
        }
    }

    /** The table (on a terminal), the summary line, and the exit status. */
    private int report(List<TargetList.Entry> entries, Results results) {
        if (!results.lines) {
            TextTable table = new TextTable("TARGET", "EXIT", "RESULT");
            for (TargetOutcome outcome : results.outcomes) {
                table.row(outcome.target(), Integer.toString(outcome.exit()), outcome.brief());
            }
            invocation.out().print(table.text());
            invocation.out().flush();
        }
        int worst = 0;
        List<String> failed = new ArrayList<>();
        for (TargetOutcome outcome : results.outcomes) {
            worst = Math.max(worst, outcome.exit());
            if (outcome.exit() != 0) {
                failed.add(outcome.target() + " " + outcome.reason() + " (" + outcome.exit() + ")");
            }
        }
        if (!failed.isEmpty()) {
            int more = failed.size() - NAMED_FAILURES;
            String named = String.join(", ", failed.subList(0, Math.min(failed.size(), NAMED_FAILURES)));
            message(failed.size() + " of " + entries.size() + " failed: " + named + (more > 0 ? ", and " + more + " more" : ""));
        }
        return results.signal != 0 ? 128 + results.signal : worst;
    }

    /** A few words for a failure of qga's own, by its exit code. */
    private static String reason(ExitCode code) {
        return switch (code) {
            case AGENT_ERROR -> "agent error";
            case BAD_INPUT -> "refused";
            case CANNOT_CONNECT -> "cannot connect";
            case NO_ANSWER -> "no answer";
            case PROTOCOL -> "protocol violation";
            default -> "internal error";
        };
    }

    private Log log(Settings settings, String target) {
        if (!settings.verbose()) {
            return Log.SILENT;
        }
        return text -> message(target == null ? text : target + ": " + text);
    }

    private void message(String text) {
        synchronized (invocation.err()) {
            invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(text));
        }
    }
}
