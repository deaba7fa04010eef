package qga.cli;

import java.util.List;
import qga.guest.GuestPower;

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

    static GuestCommand find(String name) {
        for (GuestCommand command : ALL) {
            if (command.name().equals(name)) {
                return command;
            }
        }
        return null;
    }
}
