package qga.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import qga.schema.Catalog;

class HistoryRedactorTest {
    private final HistoryRedactor redactor = new HistoryRedactor(Catalog.builtIn());

    @Test
    void secretsAndBulkDataBecomeAPlaceholder() {
        assertThat(redactor.redact("guest-set-user-password username=root password=c2VjcmV0 crypted=false"))
                .isEqualTo("guest-set-user-password username=root password=<redacted> crypted=false");
        assertThat(redactor.redact("guest-file-write handle=1000 buf-b64=aGVsbG8K"))
                .isEqualTo("guest-file-write handle=1000 buf-b64=<redacted>");
        assertThat(redactor.redact("guest-exec path=/bin/sh arg='[\"-c\", \"cat\"]' input-data=aGk="))
                .isEqualTo("guest-exec path=/bin/sh arg='[\"-c\", \"cat\"]' input-data=<redacted>");
        assertThat(redactor.redact("{\"execute\":\"guest-ssh-add-authorized-keys\",\"arguments\":"
                + "{\"username\":\"root\",\"keys\":[\"ssh-ed25519 AAAA\"]}}"))
                .isEqualTo("{\"execute\":\"guest-ssh-add-authorized-keys\",\"arguments\":"
                        + "{\"username\":\"root\",\"keys\":\"<redacted>\"}}");
    }

    @Test
    void otherLinesAreKeptAsTyped() {
        assertThat(redactor.redact("guest-get-osinfo")).isEqualTo("guest-get-osinfo");
        assertThat(redactor.redact("guest-exec path=/bin/sh  arg='[\"-c\"]'")).isEqualTo("guest-exec path=/bin/sh  arg='[\"-c\"]'");
        assertThat(redactor.redact(":timeout 2")).isEqualTo(":timeout 2");
    }

    @Test
    void unreadableLinesThatMightHoldASecretAreNotKept() {
        assertThat(redactor.redact("guest-set-user-password password='c2Vj")).isNull();
        assertThat(redactor.redact("{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":\"x\"")).isNull();
        assertThat(redactor.redact("{\"execute\":\"guest-ping\"")).isEqualTo("{\"execute\":\"guest-ping\"");
    }

    @Test
    void unknownCommandsRedactAnyNameThatIsSensitiveSomewhere() {
        assertThat(redactor.redact("guest-new-thing password=hunter2 other=1"))
                .isEqualTo("guest-new-thing password=<redacted> other=1");
    }
}
