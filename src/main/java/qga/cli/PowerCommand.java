package qga.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.guest.GuestPower;
import qga.protocol.Outcome;
import qga.protocol.Reply;

/**
 * qga shutdown, reboot, halt: guest-shutdown in one of its modes. The agent replies only when it
 * cannot; qga reports acceptance as exec does (no error within the grace period, or the channel
 * closing as the guest goes down) and exits 0, or the agent's error and exits 1.
 */
final class PowerCommand implements GuestCommand {
    private final String name;
    private final GuestPower.Mode mode;
    private final String header;

    PowerCommand(String name, GuestPower.Mode mode, String header) {
        this.name = name;
        this.mode = mode;
        this.header = header;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.usageMessage().width(80)
                .header(header)
                .customSynopsis("qga [OPTIONS] [ADDRESS] " + name)
                .description(HelpText.paragraphs(
                        "Sends guest-shutdown mode=" + mode.value() + ". The agent sends no reply when it starts the"
                                + " shutdown, only an error when it cannot: qga says it was accepted (no error within a"
                                + " moment, or the channel closed as the guest went down) and exits 0, or prints the"
                                + " agent's error and exits 1. Whether the guest really went down is for the host to see"
                                + " (QEMU exiting, virsh domstate)."));
;
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        return spec;
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException {
        Outcome outcome = GuestPower.shutdown(agent, mode);
        Invocation invocation = context.invocation();
        if (outcome instanceof Outcome.Accepted accepted) {
            invocation.err().println(invocation.program() + ": " + accepted.describe());
            return ExitCode.OK.status();
        }
        Reply reply = ((Outcome.Replied) outcome).reply();
        if (reply.isError()) {
            throw QgaException.agentError("guest-shutdown: " + reply.errorClass() + ": " + reply.errorDesc());
        }
        return ExitCode.OK.status();
    }
}
