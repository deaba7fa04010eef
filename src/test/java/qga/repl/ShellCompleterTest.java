package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;
import qga.base.Log;
import qga.schema.Catalog;
import qga.schema.CommandGate;

class ShellCompleterTest {
    private final ShellCompleter completer = new ShellCompleter(Catalog.builtIn(),
            new CommandGate(Catalog.builtIn(), true, false, Log.SILENT));

    private List<String> complete(String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, ShellLine.split(line, line.length()), candidates);
        return candidates.stream().map(Candidate::value).filter(v -> v.startsWith(ShellLine.split(line, line.length()).word()))
                .toList();
    }

    @Test
    void commandNamesAndMetaCommands() {
        assertThat(complete("guest-get-h")).containsExactly("guest-get-host-name");
        assertThat(complete("guest-file-")).containsExactly("guest-file-open", "guest-file-close", "guest-file-read",
                "guest-file-write", "guest-file-seek", "guest-file-flush");
        assertThat(complete(":f")).containsExactly(":format");
    }

    @Test
    void argumentNamesNotYetGiven() {
        assertThat(complete("guest-file-read ")).containsExactly("handle=", "count=");
        assertThat(complete("guest-file-read handle=1000 ")).containsExactly("count=");
        assertThat(complete("guest-exec path=/bin/true c")).containsExactly("capture-output=");
    }

    @Test
    void valuesOfEnumerationsAndBooleans() {
        assertThat(complete("guest-shutdown mode=")).containsExactly("mode=halt", "mode=powerdown", "mode=reboot");
        assertThat(complete("guest-exec path=/bin/true capture-output=s")).containsExactly(
                "capture-output=stdout", "capture-output=stderr", "capture-output=separated");
        assertThat(complete("guest-set-user-password crypted=")).containsExactly("crypted=true", "crypted=false");
    }

    @Test
    void metaCommandArguments() {
        assertThat(complete(":format ")).containsExactly("pretty", "compact", "return");
        assertThat(complete(":trace o")).containsExactly("on", "off");
        assertThat(complete(":help guest-exec")).containsExactly("guest-exec-status", "guest-exec");
    }

    @Test
    void nothingForCommandsTheCatalogDoesNotKnow() {
        assertThat(complete("guest-new-thing ")).isEmpty();
    }
}
