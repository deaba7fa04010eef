package qga.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.Excerpt;
import qga.base.ExitCode;
import qga.base.Log;
import qga.base.QgaException;
import qga.base.Seconds;
import qga.format.TerminalText;
import qga.guest.GuestFreeze;

/**
 * qga fsfreeze freeze|thaw|status: a freeze that always ends with a thaw (after --thaw-after, when
 * the host command run while frozen exits, on Ctrl-C, SIGTERM or SIGHUP, after a failure), a thaw
 * for a freeze left behind, and the agent's freeze status.
 */
final class FsfreezeCommand implements GuestCommand {
    static final String NAME = "fsfreeze";
    static final Duration DEFAULT_THAW_AFTER = Duration.ofSeconds(60);
    /** The longest qga holds a freeze: the guest's writers wait all that time (Linux warns of hung tasks after 120 s). */
    static final Duration MAX_THAW_AFTER = Duration.ofSeconds(600);
    /** As timeout(1) reports a command it stopped. */
    static final int TIMED_OUT = 124;
    private static final List<String> ACTIONS = List.of("freeze", "thaw", "status");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().width(80)
                .header("Freeze the guest's file systems for a snapshot, and always thaw them.")
                .customSynopsis("qga [OPTIONS] [ADDRESS] fsfreeze freeze [--thaw-after SECONDS]",
                        "                                  [MOUNTPOINT...] [-- COMMAND [ARGS...]]",
                        "       qga [OPTIONS] [ADDRESS] fsfreeze thaw|status [--json]")
                .description(HelpText.paragraphs(
                        "freeze [MOUNTPOINT...] [-- COMMAND [ARGS...]] flushes and freezes the guest's file systems"
                                + " (every one the agent can, or the MOUNTPOINTs as guest-get-fsinfo lists them), holds"
                                + " the freeze, and always thaws: after --thaw-after SECONDS (default "
                                + DEFAULT_THAW_AFTER.toSeconds() + ", at most " + MAX_THAW_AFTER.toSeconds() + "); when"
                                + " COMMAND, run on this host while frozen (the snapshot), exits; at once on Ctrl-C,"
                                + " SIGTERM or SIGHUP; and after any failure once the freeze was sent. qga exits with"
                                + " COMMAND's status (0 without one), 124 if COMMAND ran past --thaw-after (it is stopped"
                                + " after the thaw: TERM, KILL 2 s later), 128+N on signal N. While frozen, writers in the"
                                + " guest wait, and the agent takes only ping, info, sync and fsfreeze status and thaw.",
                        "Killed with SIGKILL, qga cannot thaw: the guest stays frozen until qga fsfreeze thaw. qemu-ga"
                                + " on Linux has no time limit of its own, ignores SIGTERM while frozen and keeps the"
                                + " frozen state across its restarts; Windows (VSS) thaws by itself after about 10 s.",
                        "thaw thaws what the agent froze (a freeze left behind) and prints how many; status prints"
                                + " frozen or thawed."))
                .footerHeading("%nExamples:%n")
                .footer("  qga vm1 fsfreeze freeze -- virsh snapshot-create-as vm1 --disk-only --atomic",
                        "  qga vm1 fsfreeze freeze /data -- lvcreate -s -n data-snap -L 1G vg/data",
                        "  qga vm1 fsfreeze status");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("--thaw-after").paramLabel("SECONDS").type(String.class)
                .description("freeze: thaw after this long at the latest (default " + DEFAULT_THAW_AFTER.toSeconds()
                        + ", at most " + MAX_THAW_AFTER.toSeconds() + ").").build());
        spec.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
                .description("status, thaw: print one JSON object ({\"status\":...} or {\"thawed\":N}).").build());
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").paramLabel("ACTION").type(String.class)
                .completionCandidates(ACTIONS).description("freeze, thaw or status.").build());
        spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").paramLabel("MOUNTPOINT")
                .type(String[].class).description("freeze: the guest mount points to freeze (default: all); after --,"
                        + " the host command to run while frozen.").build());
        return spec;
    }

    /** The freeze as the command line gives it. */
    private record Freeze(List<String> mountpoints, List<String> command, Duration thawAfter) {
    }

    @Override
    public void check(Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        String action = parsed.matchedPositionalValue(0, "");
        if (!ACTIONS.contains(action)) {
            throw QgaException.badInput("fsfreeze " + action + ": give freeze, thaw or status (qga help fsfreeze)");
        }
        if (action.equals("freeze")) {
            freeze(context);
            return;
        }
        if (parsed.matchedPositionalValue(1, new String[0]).length > 0) {
            throw QgaException.badInput("fsfreeze " + action + " takes no mount points: the agent " + (action.equals("thaw")
                    ? "thaws every file system it froze" : "keeps one state for all"));
        }
        if (parsed.hasMatchedOption("--thaw-after")) {
            throw QgaException.badInput("--thaw-after is for fsfreeze freeze");
        }
    }

    /** Mount points, the command after --, and --thaw-after, checked; nothing is sent for a mistake here. */
    private static Freeze freeze(Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        if (parsed.hasMatchedOption("--json")) {
            throw QgaException.badInput("--json is for fsfreeze status and thaw");
        }
        Duration thawAfter = DEFAULT_THAW_AFTER;
        String given = parsed.matchedOptionValue("--thaw-after", null);
        if (given != null) {
            try {
                thawAfter = Seconds.parse(given, "--thaw-after", "--thaw-after");
            } catch (QgaException e) {
                throw QgaException.badInput("--thaw-after " + Excerpt.of(given) + " is not a number of seconds from 0.001 to "
                        + MAX_THAW_AFTER.toSeconds() + " (e.g. --thaw-after 30)", e);
            }
            if (thawAfter.compareTo(MAX_THAW_AFTER) > 0) {
                throw QgaException.badInput("--thaw-after " + given + " is longer than the " + MAX_THAW_AFTER.toSeconds()
                        + " s qga holds a freeze: the guest's writers wait all that time (thaw, and freeze again if need be)");
            }
        }
        List<String> rest = List.of(parsed.matchedPositionalValue(1, new String[0]));
        // picocli gives the words before and after -- as one list: the count after it splits them
        List<String> words = parsed.expandedArgs();
        int delimiter = words.indexOf("--");
        int commandLength = delimiter < 0 ? 0 : Math.min(rest.size(), words.size() - delimiter - 1);
        List<String> mountpoints = new ArrayList<>();
        for (String mountpoint : rest.subList(0, rest.size() - commandLength)) {
            if (mountpoint.isEmpty()) {
                throw QgaException.badInput("fsfreeze freeze: an empty mount point");
            }
            mountpoints.add(mountpoint.length() > 1 && mountpoint.endsWith("/") ? mountpoint.replaceAll("/+$", "") : mountpoint);
        }
        List<String> command = rest.subList(rest.size() - commandLength, rest.size());
        if (delimiter >= 0 && command.isEmpty()) {
            throw QgaException.badInput("nothing after --: give the command to run on this host while frozen,"
                    + " or leave out the --");
        }
        if (!command.isEmpty()) {
            String problem = HostCommand.problem(command.get(0), context.invocation().env());
            if (problem != null) {
                throw QgaException.badInput("fsfreeze freeze -- " + problem + " (nothing was frozen)");
            }
        }
        return new Freeze(mountpoints, command, thawAfter);
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException, InterruptedException {
        ParseResult parsed = context.parsed();
        Invocation invocation = context.invocation();
        boolean json = parsed.hasMatchedOption("--json");
        switch (parsed.matchedPositionalValue(0, "")) {
            case "status": {
                String status = GuestFreeze.isFrozen(agent) ? "frozen" : "thawed";
                invocation.out().println(json ? "{\"status\":\"" + status + "\"}" : status);
                return ExitCode.OK.status();
            }
            case "thaw": {
                long thawed = GuestFreeze.thaw(agent);
                invocation.out().println(json ? "{\"thawed\":" + thawed + "}"
                        : "thawed " + GuestFreeze.plural(thawed, "file system"));
                return ExitCode.OK.status();
            }
            default:
                return freeze(agent, context, freeze(context));
        }
    }

    private static int freeze(Agent agent, Context context, Freeze freeze) throws QgaException, InterruptedException {
        Invocation invocation = context.invocation();
        Duration timeout = context.settings().timeout();
        Duration thawTimeout = timeout != null && timeout.compareTo(GuestFreeze.THAW_WAIT) > 0 ? timeout : GuestFreeze.THAW_WAIT;
        Log log = context.settings().verbose() ? text -> message(invocation, text) : Log.SILENT;
        HostCommand host = freeze.command().isEmpty() ? null : new HostCommand(freeze.command(), invocation);
        GuestFreeze guestFreeze = new GuestFreeze(agent, freeze.mountpoints(), freeze.thawAfter(), thawTimeout, log);
        String limit = "--thaw-after " + Seconds.text(freeze.thawAfter());
        try (Interrupts interrupts = Interrupts.handle(signal -> guestFreeze.interrupt())) {
            GuestFreeze.Result result;
            int hostStatus = -1;
            try {
                result = guestFreeze.run(frozen -> {
                    String froze = "froze " + GuestFreeze.plural(frozen, "file system");
                    if (host == null) {
                        message(invocation, froze + "; thawing after " + Seconds.text(freeze.thawAfter()) + ", or at once on Ctrl-C");
                        return null;
                    }
                    message(invocation, froze + "; running " + host.program() + " (thawing when it exits, or after "
                            + Seconds.text(freeze.thawAfter()) + ")");
                    return host.start();
                });
            } finally {
                // after the thaw: a command still running when the freeze ended is stopped
                if (host != null && host.started()) {
                    hostStatus = host.finish();
                }
            }
            switch (result.ending()) {
                case DONE:
                    message(invocation, result.thawedText());
                    return hostStatus;
                case TIME_UP:
                    if (host == null) {
                        message(invocation, result.thawedText() + " after " + limit);
                        return ExitCode.OK.status();
                    }
                    message(invocation, host.program() + " ran past " + limit + ": " + result.thawedText() + ", then stopped it");
                    return TIMED_OUT;
                default:
                    int signal = interrupts.received() == 0 ? Interrupts.SIGINT : interrupts.received();
                    message(invocation, "interrupted: " + (result.sent() ? result.thawedText() : "nothing was frozen")
                            + (host != null && host.started() ? ", then stopped " + host.program() : ""));
                    return 128 + signal;
            }
        }
    }

    private static void message(Invocation invocation, String text) {
        invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(text));
    }
}
