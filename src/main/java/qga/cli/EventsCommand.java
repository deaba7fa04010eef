package qga.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.Excerpt;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.format.ReplyFormat;
import qga.format.ReplyPrinter;
import qga.protocol.MonitorEvent;
import qga.schema.DidYouMean;
import qga.schema.MonitorSchema;

/**
 * qga ADDRESS events: a QEMU monitor's events as they come, one JSON line each, until Ctrl-C, a
 * count or a time limit. Events are taken on the reader thread and printed here, in order.
 */
final class EventsCommand implements GuestCommand {
    /** Events read but not yet printed; a full queue holds the reader back, and so the monitor. */
    private static final int QUEUE = 4096;
    private static final Object CLOSED = new Object();

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String synopsis() {
        return "events [--count N] [NAME...]";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(name());
        spec.usageMessage().width(80)
                .header("Print a QEMU monitor's events as they come, one JSON line each.")
                .description(HelpText.paragraphs(
                        "Needs a QEMU monitor (QMP) that qga reaches itself, not a guest agent, nor a monitor"
                                + " libvirt holds (qmp:virsh:DOMAIN; virsh qemu-monitor-event shows those). Prints every event the monitor sends, or only"
                                + " those named (STOP, RESUME, SHUTDOWN, ...; checked against the monitor's schema), as"
                                + " one compact JSON object per line with QEMU's timestamp, until Ctrl-C, --count events"
                                + " or --timeout seconds; these end it with exit 0. The monitor closing the channel"
                                + " (QEMU quit) ends it with exit 3."));
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("--count").paramLabel("N").type(String.class)
                .description("Stop after N events.").build());
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").paramLabel("NAME").type(String[].class)
                .description("Only events of these names (any case).").build());
        return spec;
    }

    @Override
    public boolean ownsTimeout() {
        return true;
    }

    @Override
    public String timeoutMeaning() {
        return "Stop after SECONDS (default: no limit).";
    }

    @Override
    public void check(Context context) throws QgaException {
        count(context.parsed());
    }

    private static long count(ParseResult parsed) throws QgaException {
        String text = parsed.matchedOptionValue("--count", null);
        if (text == null) {
            return Long.MAX_VALUE;
        }
        if (!text.matches("[0-9]{1,9}") || Long.parseLong(text) == 0) {
            throw QgaException.badInput("--count " + Excerpt.of(text) + " is not a number of events: give 1 or more");
        }
        return Long.parseLong(text);
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException, InterruptedException {
        long count = count(context.parsed());
        List<String> names = new ArrayList<>();
        for (String name : context.parsed().matchedPositionalValue(0, new String[0])) {
            names.add(name.toUpperCase(java.util.Locale.ROOT));
        }
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE);
        agent.setEventListener(event -> {
            if (names.isEmpty() || names.contains(event.name())) {
                put(queue, event);
            }
        });
        agent.setClosedListener(() -> put(queue, CLOSED));
        if (!agent.isMonitor()) {
            throw QgaException.badInput(agent.address() + " is a guest agent, which sends no events: give a QEMU"
                    + " monitor's address (qmp:PATH)");
        }
        if (!agent.sendsEvents()) {
            throw QgaException.badInput(agent.address() + " is a monitor libvirt holds, and libvirt keeps its events:"
                    + " watch them with virsh qemu-monitor-event, or give the monitor's own socket (qmp:PATH)");
        }
        if (context.settings().validate()) {
            checkNames(names, agent.monitor());
        }
        Invocation invocation = context.invocation();
        Reporter reporter = new Reporter(invocation.out(), invocation.err(),
                ReplyPrinter.oneLinePerReply(ReplyFormat.COMPACT, invocation.stdoutIsTerminal()), invocation.program());
        Duration limit = context.settings().timeout();
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        for (long printed = 0; printed < count; printed++) {
            Object next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                return ExitCode.OK.status();
            }
            if (next == CLOSED) {
                throw QgaException.cannotConnect("the monitor closed the channel (QEMU quit?)");
            }
            reporter.event((MonitorEvent) next);
            reporter.flush();
            if (reporter.outputFailed()) {
                return ExitCode.OK.status();
            }
        }
        return ExitCode.OK.status();
    }

    private static void checkNames(List<String> names, MonitorSchema schema) throws QgaException {
        Set<String> known = schema.events();
        if (known.isEmpty()) {
            return;
        }
        for (String name : names) {
            if (!known.contains(name)) {
                String suggestion = DidYouMean.closest(name, known);
                throw QgaException.badInput("no event " + Excerpt.of(name) + " on this QEMU monitor (" + schema.version() + ")"
                        + (suggestion == null ? "" : ": did you mean " + suggestion + "?") + " (--no-validate waits for it anyway)");
            }
        }
    }

    private static void put(BlockingQueue<Object> queue, Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
