package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;
import qga.schema.AgentInfo;
import qga.schema.Catalog;

class ShellCompleterTest {
    private final ShellCompleter completer = new ShellCompleter(Catalog.builtIn(), () -> null);

    private static List<Candidate> candidates(ShellCompleter completer, String line) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, ShellLine.split(line, line.length()), candidates);
        String typed = ShellLine.split(line, line.length()).word();
        return candidates.stream().filter(c -> c.value().startsWith(typed)).toList();
    }

    private List<String> complete(String line) {
        return complete(completer, line);
    }

    private static List<String> complete(ShellCompleter completer, String line) {
        return candidates(completer, line).stream().map(Candidate::value).toList();
    }

    private static ShellCompleter connectedTo(String version) {
        AgentInfo agent = new AgentInfo(version, Map.of("guest-exec", new AgentInfo.Entry(true, true)));
        return new ShellCompleter(Catalog.builtIn(), () -> agent);
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
    void theModesGuestFileOpenTakes() {
        assertThat(complete("guest-file-open path=/etc/hostname mode=")).containsExactly("mode=r", "mode=r+", "mode=w",
                "mode=w+", "mode=a", "mode=a+", "mode=rb", "mode=r+b", "mode=rb+", "mode=wb", "mode=w+b", "mode=wb+",
                "mode=ab", "mode=a+b", "mode=ab+");
        assertThat(complete("guest-file-open mode=w")).containsExactly("mode=w", "mode=w+", "mode=wb", "mode=w+b",
                "mode=wb+");
    }

    @Test
    void onlyValuesThisAgentsVersionTakes() {
        assertThat(complete(connectedTo("7.2.22"), "guest-exec path=/bin/true capture-output="))
                .containsExactly("capture-output=true", "capture-output=false");
        assertThat(complete(connectedTo("8.0.0"), "guest-exec path=/bin/true capture-output="))
                .containsExactly("capture-output=true", "capture-output=false", "capture-output=none",
                        "capture-output=stdout", "capture-output=stderr", "capture-output=separated",
                        "capture-output=merged");
        assertThat(candidates(connectedTo("7.2.22"), "guest-exec path=/bin/true capture").get(0).displ())
                .isEqualTo("capture-output=  bool");
    }

    @Test
    void descriptionsFollowTheNamesInOneColumn() {
        assertThat(candidates(completer, "guest-file-read ")).extracting(Candidate::displ)
                .containsExactly("handle=  int, required", "count=   int");
        assertThat(candidates(completer, "guest-get-t")).extracting(Candidate::displ)
                .containsExactly("guest-get-time      Read the guest's system clock",
                        "guest-get-timezone  Show the guest's time zone and UTC offset");
        assertThat(candidates(completer, ":t")).extracting(Candidate::displ)
                .containsExactly(":timeout  show or set the reply timeout",
                        ":trace    show the exact JSON sent and received");
    }

    @Test
    void aDescriptionIsCutToTheTerminalsWidth() {
        assertThat(candidates(completer, "guest-ssh-r")).extracting(Candidate::displ).containsExactly(
                "guest-ssh-remove-authorized-keys  Remove SSH public keys from a guest user's...");
        assertThat(candidates(completer, "guest-ssh-")).extracting(Candidate::displ).allSatisfy(
                shown -> assertThat(shown.length()).isLessThanOrEqualTo(79));
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
