package qga.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;

/**
 * A read-only view of the guest (info, ifaddr, df, ...): a table, or with --json one JSON
 * document whose members are the same on every agent (null where it has nothing to say).
 */
abstract class ViewCommand implements GuestCommand {
    private final String name;
    private final String header;
    private final String[] description;

    ViewCommand(String name, String header, String... description) {
        this.name = name;
        this.header = header;
        this.description = description;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(name);
        List<String> lines = new ArrayList<>(List.of(description));
        lines.add("");
        spec.usageMessage().width(80).header(header).description(lines.toArray(new String[0]));
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class).description(jsonHelp()).build());
        addOptions(spec);
        return spec;
    }

    /** What --json prints, for --help and the man page. */
    abstract String jsonHelp();

    /** Options of this view besides --help and --json. */
    void addOptions(CommandSpec spec) {
    }

    @Override
    public final int run(Agent agent, Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        context.invocation().out().print(render(new GuestViews(agent), parsed.hasMatchedOption("--json"), parsed));
        return ExitCode.OK.status();
    }

    /** The view on one of many targets: its JSON, as --json prints it, in the target's line. */
    abstract TargetOutcome outcome(String target, GuestViews views) throws QgaException;

    /** The view as text: the table, or with json the JSON document and a newline. */
    abstract String render(GuestViews views, boolean json, ParseResult parsed) throws QgaException;

    /** A table, or a line saying there is nothing to show. */
    static String tableOr(TextTable table, String nothing) {
        return table.isEmpty() ? nothing + "\n" : table.text();
    }

    static String yesNo(Boolean value) {
        return value == null ? null : value ? "yes" : "no";
    }
}
