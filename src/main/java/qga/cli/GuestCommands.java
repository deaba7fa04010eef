package qga.cli;

import java.util.ArrayList;
import java.util.List;
import qga.guest.GuestPower;
import qga.repl.MetaCommand;

/** Every {@link GuestCommand}, in the order --help lists them. */
final class GuestCommands {
    static final List<GuestCommand> ALL = List.of(new RunCommand(), new Copy(),
            new InfoCommand(), new IfaddrCommand(), new DfCommand(), new UsersCommand(), new DisksCommand(), new VcpusCommand(),
            new FsfreezeCommand(), new FstrimCommand(), new PasswdCommand(), new SshKeysCommand(),
            new PowerCommand("shutdown", GuestPower.Mode.POWERDOWN, "Power the guest off (guest-shutdown)."),
            new PowerCommand("reboot", GuestPower.Mode.REBOOT, "Reboot the guest (guest-shutdown mode=reboot)."),
            new PowerCommand("halt", GuestPower.Mode.HALT, "Halt the guest without powering off (guest-shutdown mode=halt)."),
            new EventsCommand(), new HmpCommand());

    private GuestCommands() {
    }

    /**
     * The commands the shell offers as :NAME, in the same order: all but those it has as meta
     * commands of its own (:events and :hmp, which show events between prompts instead of streaming).
     */
    static List<GuestCommand> inShell() {
        List<GuestCommand> commands = new ArrayList<>();
        for (GuestCommand command : ALL) {
            if (MetaCommand.find(":" + command.name()) == null) {
                commands.add(command);
            }
        }
        return commands;
    }

    static GuestCommand find(String name) {
        for (GuestCommand command : ALL) {
            if (command.name().equals(name)) {
                return command;
            }
        }
        return null;
    }
}
