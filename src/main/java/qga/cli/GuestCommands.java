package qga.cli;

import java.util.List;

/** Every {@link GuestCommand}, in the order --help lists them. */
final class GuestCommands {
    static final List<GuestCommand> ALL = List.of(new Copy());

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
