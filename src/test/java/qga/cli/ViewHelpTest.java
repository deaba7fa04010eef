package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.util.List;
import org.junit.jupiter.api.Test;
import qga.support.Qga.Result;

/** Each view's --help prints its description as written: lines within 80 columns, which picocli leaves alone. */
class ViewHelpTest {
    @Test
    void everyViewsHelpKeepsItsLines() {
        for (GuestCommand command : GuestCommands.ALL) {
            if (!(command instanceof ViewCommand)) {
                continue;
            }
            Result help = qga().run(command.name(), "--help");
            assertThat(help.exit()).as(help.toString()).isZero();
            assertThat(help.err()).isEmpty();
            assertThat(help.out().lines()).as(command.name()).allMatch(line -> line.length() <= 80);
            List<String> description = List.of(command.spec().usageMessage().description());
            // picocli reads a description as a format string: a lone % spoils the line it is in
            assertThat(description).as(command.name()).noneMatch(line -> line.contains("%"));
            assertThat(help.out().lines().toList()).as(command.name()).containsSubsequence(description);
            assertThat(help.out()).startsWith(command.spec().usageMessage().header()[0] + "\nUsage: qga " + command.name());
        }
    }
}
