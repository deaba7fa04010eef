package qga.input;

import qga.base.QgaException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import qga.schema.Catalog;

class TypedValueParserTest {
    private final RequestParser parser = new RequestParser(new TypedValueParser(Catalog.builtIn()));

    private String args(String command, String... pairs) throws QgaException {
        return parser.fromShorthand(command, List.of(pairs), null).arguments().toString();
    }

    @Test
    void integersBooleansAndLists() throws Exception {
        assertThat(args("guest-exec-status", "pid=1234")).isEqualTo("{\"pid\":1234}");
        assertThat(args("guest-set-user-password", "username=root", "password=c2VjcmV0", "crypted=false"))
                .isEqualTo("{\"username\":\"root\",\"password\":\"c2VjcmV0\",\"crypted\":false}");
        assertThat(args("guest-fsfreeze-freeze-list", "mountpoints=/,/boot")).isEqualTo("{\"mountpoints\":[\"/\",\"/boot\"]}");
        assertThat(args("guest-fsfreeze-freeze-list", "mountpoints=[\"/\"]")).isEqualTo("{\"mountpoints\":[\"/\"]}");
        assertThat(args("guest-fsfreeze-freeze-list", "mountpoints=")).isEqualTo("{\"mountpoints\":[]}");
    }

    @Test
    void aStringArgumentThatLooksLikeANumberStaysAString() throws Exception {
        assertThat(args("guest-ssh-get-authorized-keys", "username=1234")).isEqualTo("{\"username\":\"1234\"}");
        assertThat(args("guest-file-open", "path=[x]")).isEqualTo("{\"path\":\"[x]\"}");
        assertThat(args("guest-file-open", "path=\"/etc/os-release\"")).isEqualTo("{\"path\":\"/etc/os-release\"}");
    }

    @Test
    void alternatesPickTheFirstTypeThatFits() throws Exception {
        assertThat(args("guest-exec", "path=/bin/true", "capture-output=true"))
                .isEqualTo("{\"path\":\"/bin/true\",\"capture-output\":true}");
        assertThat(args("guest-exec", "path=/bin/true", "capture-output=merged"))
                .isEqualTo("{\"path\":\"/bin/true\",\"capture-output\":\"merged\"}");
        assertThat(args("guest-file-seek", "handle=1000", "offset=-5", "whence=end"))
                .isEqualTo("{\"handle\":1000,\"offset\":-5,\"whence\":\"end\"}");
        assertThat(args("guest-file-seek", "handle=1000", "offset=0", "whence=2"))
                .isEqualTo("{\"handle\":1000,\"offset\":0,\"whence\":2}");
    }

    @Test
    void structuresAreGivenAsJson() throws Exception {
        assertThat(args("guest-set-vcpus", "vcpus=[{\"logical-id\":1,\"online\":false}]"))
                .isEqualTo("{\"vcpus\":[{\"logical-id\":1,\"online\":false}]}");
    }

    @Test
    void valuesThatDoNotFitTheirTypeAreRejected() {
        assertThatThrownBy(() -> args("guest-exec-status", "pid=abc"))
                .hasMessage("guest-exec-status: pid=abc: expected an integer");
        assertThatThrownBy(() -> args("guest-exec-status", "pid=1.5"))
                .hasMessage("guest-exec-status: pid=1.5: expected an integer");
        assertThatThrownBy(() -> args("guest-set-user-password", "username=u", "password=p", "crypted=no"))
                .hasMessage("guest-set-user-password: crypted=no: expected true or false");
        assertThatThrownBy(() -> args("guest-shutdown", "mode=off"))
                .hasMessage("guest-shutdown: mode=off: expected one of halt, powerdown, reboot");
        assertThatThrownBy(() -> args("guest-exec", "path=/bin/true", "capture-output=yes"))
                .hasMessage("guest-exec: capture-output=yes: expected true or false, or one of none, stdout, stderr,"
                        + " separated, merged");
        assertThatThrownBy(() -> args("guest-set-vcpus", "vcpus=1"))
                .hasMessage("guest-set-vcpus: vcpus=1: expected a list of objects {logical-id: int, online: bool,"
                        + " can-offline?: bool}");
        assertThatThrownBy(() -> args("guest-get-fsinfo", "x=[1")).hasMessageContaining("malformed JSON in x=");
    }

    @Test
    void unknownCommandsAndArgumentsFallBackToThePlainRule() throws Exception {
        assertThat(args("guest-new-thing", "n=5", "s=abc")).isEqualTo("{\"n\":5,\"s\":\"abc\"}");
        assertThat(args("guest-ping", "extra=5")).isEqualTo("{\"extra\":5}");
    }
}
