package qga.cli;

import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.Excerpt;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.guest.GuestTrim;

/** qga fstrim: the guest discards its file systems' unused blocks; a table of what each trimmed, or --json. */
final class FstrimCommand implements GuestCommand {
    static final String NAME = "fstrim";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().width(80)
                .header("Discard the unused blocks of the guest's file systems (guest-fstrim).")
                .customSynopsis("qga [OPTIONS] [ADDRESS] fstrim [--minimum BYTES] [--json]")
                .description(HelpText.paragraphs(
                        "Tells the virtual disk which blocks the guest's mounted file systems do not use, so a thin or"
                                + " sparse disk image can shrink on the host (the disk must pass discards on:"
                                + " discard=unmap in QEMU, discard='unmap' in libvirt). Prints each file system with the"
                                + " bytes trimmed and the smallest free range considered, or the agent's reason it could"
                                + " not be trimmed; exits 1 if any could not. It can take long on large file systems:"
                                + " the reply is awaited up to 60 s unless --timeout says otherwise."))
                .footerHeading("%nExamples:%n")
                .footer("  qga vm1 fstrim", "  qga vm1 fstrim --minimum 1M --json");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("--minimum").paramLabel("BYTES").type(String.class)
                .description("Skip free ranges shorter than this (e.g. 65536, 64K, 1M): faster, discards less.").build());
        spec.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
                .description("Print the agent's answer as one JSON object instead of the table.").build());
        return spec;
    }

    @Override
    public void check(Context context) throws QgaException {
        minimum(context.parsed());
    }

    /** --minimum as bytes: digits, optionally K, M or G (powers of 1024); null when not given. */
    static Long minimum(ParseResult parsed) throws QgaException {
        String given = parsed.matchedOptionValue("--minimum", null);
        if (given == null) {
            return null;
        }
        String text = given.strip().toUpperCase(Locale.ROOT);
        int shift = 0;
        if (!text.isEmpty() && "KMG".indexOf(text.charAt(text.length() - 1)) >= 0) {
            shift = 10 * ("KMG".indexOf(text.charAt(text.length() - 1)) + 1);
            text = text.substring(0, text.length() - 1);
        }
        if (!text.matches("[0-9]{1,15}")) {
            throw QgaException.badInput("--minimum " + Excerpt.of(given) + " is not a number of bytes (e.g. 65536, 64K or 1M)");
        }
        return Long.parseLong(text) << shift;
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException {
        GuestTrim.Result result = GuestTrim.run(agent, minimum(context.parsed()));
        Invocation invocation = context.invocation();
        invocation.out().print(context.parsed().hasMatchedOption("--json") ? result.json() + "\n" : result.table());
        long failures = result.failures();
        if (failures == 0) {
            return ExitCode.OK.status();
        }
        invocation.out().flush();
        invocation.err().println(invocation.program() + ": " + failures + " of " + result.paths().size()
                + " file systems could not be trimmed");
        return ExitCode.AGENT_ERROR.status();
    }
}
