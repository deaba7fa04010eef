package qga.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
    void quotedValuesAndDottedKeys() {
        assertThat(redactor.redact("guest-set-user-password username=root password='c2 Vj' crypted=false"))
                .isEqualTo("guest-set-user-password username=root password=<redacted> crypted=false");
        assertThat(redactor.redact("guest-set-user-password \"password\"=\"c2Vj\""))
                .isEqualTo("guest-set-user-password password=<redacted>");
        assertThat(redactor.redact("guest-set-user-password password.x=c2VjcmV0 username=root"))
                .isEqualTo("guest-set-user-password password.x=<redacted> username=root");
        assertThat(redactor.redact("guest-exec path=/bin/cat x.input-data=aGk="))
                .isEqualTo("guest-exec path=/bin/cat x.input-data=<redacted>");
    }

    @Test
    void jsonInAWordOrAValue() {
        assertThat(redactor.redact("guest-set-user-password --args '{\"username\":\"root\",\"password\":\"c2VjcmV0\"}'"))
                .isEqualTo("guest-set-user-password --args '{\"username\":\"root\",\"password\":\"<redacted>\"}'");
        assertThat(redactor.redact("guest-set-user-password --args {\"username\":\"root\",\"password\":\"c2VjcmV0\"}"))
                .isEqualTo("guest-set-user-password --args {\"username\":\"root\",\"password\":\"<redacted>\"}");
        // as typed it has no member named password, but the shell reads pass'word' as password
        assertThat(redactor.redact("guest-set-user-password --args {pass'word':c2VjcmV0}"))
                .isEqualTo("guest-set-user-password --args '{password:\"<redacted>\"}'");
        assertThat(redactor.redact("guest-set-user-password --args='{\"password\":\"c2VjcmV0\"}' crypted=false"))
                .isEqualTo("guest-set-user-password --args='{\"password\":\"<redacted>\"}' crypted=false");
        assertThat(redactor.redact("guest-exec path=/bin/sh env='[{\"input-data\":\"aGk=\"}]'"))
                .isEqualTo("guest-exec path=/bin/sh env='[{\"input-data\":\"<redacted>\"}]'");
    }

    @Test
    void jsonRequestsInEveryShape() {
        assertThat(redactor.redact("{'execute':'guest-set-user-password','arguments':{'username':'root','password':'c2Vj'}}"))
                .isEqualTo("{'execute':'guest-set-user-password','arguments':{'username':'root','password':\"<redacted>\"}}");
        assertThat(redactor.redact("{\"execute\": \"guest-set-user-password\",\n  \"arguments\": {\"password\":\n"
                + "  \"c2Vj\", \"username\": \"root\"}}"))
                .isEqualTo("{\"execute\": \"guest-set-user-password\",\n  \"arguments\": {\"password\":\n"
                        + "  \"<redacted>\", \"username\": \"root\"}}");
        assertThat(redactor.redact("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":1000,\"buf-b64\":aGVsbG8K}}"))
                .isEqualTo("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":1000,\"buf-b64\":\"<redacted>\"}}");
        assertThat(redactor.redact("{\"execute\":\"guest-set-user-password\",\"password\":\"c2Vj\",\"arguments\":{}}"))
                .isEqualTo("{\"execute\":\"guest-set-user-password\",\"password\":\"<redacted>\",\"arguments\":{}}");
        assertThat(redactor.redact("{\"execute\":\"guest-ssh-add-authorized-keys\",\"arguments\":{\"keys\":[\"a\",[\"b\"]],"
                + "\"username\":\"root\"}}"))
                .isEqualTo("{\"execute\":\"guest-ssh-add-authorized-keys\",\"arguments\":{\"keys\":\"<redacted>\","
                        + "\"username\":\"root\"}}");
    }

    @Test
    void theShellsOwnCommands() {
        assertThat(redactor.redact(":help guest-set-user-password password=c2VjcmV0"))
                .isEqualTo(":help guest-set-user-password password=<redacted>");
        assertThat(redactor.redact(":help {\"password\":\"c2VjcmV0\"}")).isEqualTo(":help {\"password\":\"<redacted>\"}");
    }

    @Test
    void valuesTypedWithoutTheirNameOrWithTheWrongSeparator() {
        assertThat(redactor.redact("guest-set-user-password username=root password c2VjcmV0"))
                .isEqualTo("guest-set-user-password username=root password <redacted>");
        assertThat(redactor.redact("guest-set-user-password username=root password= c2VjcmV0"))
                .isEqualTo("guest-set-user-password username=root password= <redacted>");
        assertThat(redactor.redact("guest-set-user-password username=root password:c2VjcmV0"))
                .isEqualTo("guest-set-user-password username=root password:<redacted>");
        assertThat(redactor.redact("guest-set-user-password root c2VjcmV0 crypted=false"))
                .isEqualTo("guest-set-user-password <redacted> <redacted> crypted=false");
    }

    @Test
    void otherLinesAreKeptAsTyped() {
        assertThat(redactor.redact("guest-get-osinfo")).isEqualTo("guest-get-osinfo");
        assertThat(redactor.redact("guest-exec path=/bin/sh  arg='[\"-c\"]'")).isEqualTo("guest-exec path=/bin/sh  arg='[\"-c\"]'");
        assertThat(redactor.redact(":timeout 2")).isEqualTo(":timeout 2");
        assertThat(redactor.redact(":help guest-set-user-password")).isEqualTo(":help guest-set-user-password");
        assertThat(redactor.redact("{\"execute\":\"guest-set-user-password\"}")).isEqualTo("{\"execute\":\"guest-set-user-password\"}");
        assertThat(redactor.redact("guest-file-read handle=1000 'count")).isEqualTo("guest-file-read handle=1000 'count");
        assertThat(redactor.redact("{\"execute\":\"guest-ping\"")).isEqualTo("{\"execute\":\"guest-ping\"");
        assertThat(redactor.redact("{\"execute\":\"guest-ping\",\"id\":\"it's")).isEqualTo("{\"execute\":\"guest-ping\",\"id\":\"it's");
    }

    @Test
    void whatCannotBeReadIsMaskedWhenASecretMayBeInIt() {
        assertThat(redactor.redact("guest-set-user-password password='c2Vj")).isEqualTo("guest-set-user-password password=<redacted>");
        assertThat(redactor.redact("guest-set-user-password password=c2'Vj username=root"))
                .isEqualTo("guest-set-user-password password=<redacted>");
        assertThat(redactor.redact("guest-set-user-password username=root password 'c2Vj"))
                .isEqualTo("guest-set-user-password username=root password <redacted>");
        assertThat(redactor.redact("guest-exec path=/bin/sh arg='[\"-c\"] input-data=aGk="))
                .isEqualTo("guest-exec path=/bin/sh arg=<redacted>");
        assertThat(redactor.redact("guest-new-thing x=\"a password=hunter2")).isEqualTo("guest-new-thing x=<redacted>");
        assertThat(redactor.redact("{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":\"x")).isEqualTo(
                "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":\"<redacted>\"");
        assertThat(redactor.redact("{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":\"x\""))
                .isEqualTo("{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":\"<redacted>\"");
        assertThat(redactor.redact("{\"execute\":\"guest-ssh-add-authorized-keys\",\"arguments\":{\"keys\":[\"a\", \"b"))
                .isEqualTo("{\"execute\":\"guest-ssh-add-authorized-keys\",\"arguments\":{\"keys\":\"<redacted>\"");
        assertThat(redactor.redact("{\"execute\":\"guest-x\",\"id\":\"a, \"password\": \"c2Vj\"}"))
                .isEqualTo("{\"execute\":\"guest-x\",\"id\":\"a, \"\"<redacted>\"");
    }

    @Test
    void aSecretsNameOutOfPlaceInJsonMasksTheRest() {
        assertThat(redactor.redact("guest-exec path=/bin/echo arg='[\"password\", \"c2Vj\"]'"))
                .isEqualTo("guest-exec path=/bin/echo arg='[\"<redacted>\"'");
    }

    /** Every way a secret can be typed with its name; the secret is always s3cr3t. */
    @ParameterizedTest
    @ValueSource(strings = {
        "guest-set-user-password username=root password=s3cr3t",
        "guest-set-user-password username=root password=\"s3cr3t\"",
        "guest-set-user-password username=root pass'word'=s3cr3t",
        "guest-set-user-password password.x=s3cr3t",
        "guest-set-user-password --args {\"username\":\"root\",\"password\":\"s3cr3t\"}",
        "guest-set-user-password --args '{\"password\": \"s3cr3t\"}'",
        "guest-set-user-password --args \"{\\\"password\\\": \\\"s3cr3t\\\"}\"",
        ":help guest-set-user-password password=s3cr3t",
        ":help guest-set-user-password password='s3cr3t",
        "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":\"s3cr3t\"}}",
        "{'execute':'guest-set-user-password','arguments':{'password':'s3cr3t'}}",
        "{\"execute\":\"guest-set-user-password\",\n\"arguments\":{\n\"password\"\n:\n\"s3cr3t\"}}",
        "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":s3cr3t}}",
        "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":\"s3cr3t",
        "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password\":[\"s3cr3t\"",
        "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"username\":\"root, \"password\":\"s3cr3t\"}}",
        "{\"execute\":\"guest-set-user-password\",\"arguments\":{\"password=s3cr3t\"}}",
        "guest-file-write handle=1000 buf-b64='s3cr3t",
        "guest-set-user-password \"username=root password=s3cr3t",
        "guest-set-user-password password s3cr3t",
        "guest-set-user-password root s3cr3t",
    })
    void noFormKeepsTheSecret(String line) {
        assertThat(redactor.redact(line)).doesNotContain("s3cr3t").contains("<redacted>");
    }

    @Test
    void unknownCommandsRedactAnyNameThatIsSensitiveSomewhere() {
        assertThat(redactor.redact("guest-new-thing password=hunter2 other=1"))
                .isEqualTo("guest-new-thing password=<redacted> other=1");
        assertThat(redactor.redact("guest-set-user-pasword password=hunter2")).isEqualTo("guest-set-user-pasword password=<redacted>");
    }
}
