package qga.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.format.ReplyFormat;
import qga.format.ReplyPrinter;
import qga.guest.HumanMonitor;

/**
 * qga ADDRESS hmp 'info block': a human monitor command through QMP's human-monitor-command,
 * its text printed as text (QEMU ends its lines with \r\n; they are printed as \n).
 */
final class HmpCommand implements GuestCommand {
    @Override
    public String name() {
        return "hmp";
    }

    @Override
    public String synopsis() {
        return "hmp COMMAND...";
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(name());
        spec.usageMessage().width(80)
                .header("Run a human monitor command on a QEMU monitor and print its text.")
                .description(HelpText.paragraphs(
                        "Needs a QEMU monitor (QMP), not a guest agent. Sends human-monitor-command with the words"
                                + " given joined by spaces (hmp info block) and prints the text QEMU answers, as text."
                                + " QEMU reports most mistakes in that text, not as an error: an error reply exits 1."));
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("1..*").paramLabel("COMMAND").type(String[].class)
                .description("The human monitor command, such as info status.").build());
        return spec;
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException {
        String text = HumanMonitor.run(agent, String.join(" ", context.parsed().matchedPositionalValue(0, new String[0])));
        Invocation invocation = context.invocation();
        Reporter reporter = new Reporter(invocation.out(), invocation.err(),
                new ReplyPrinter(ReplyFormat.COMPACT, invocation.stdoutIsTerminal(), context.settings().palette()),
                invocation.program());
        reporter.text(text, invocation.stdoutIsTerminal());
        reporter.flush();
        return ExitCode.OK.status();
    }
}
