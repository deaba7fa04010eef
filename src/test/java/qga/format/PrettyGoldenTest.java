package qga.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import qga.json.JsonCodec;
import qga.protocol.Reply;
import qga.support.Golden;

/** Pretty output must match virsh qemu-agent-command --pretty (libvirt 10.8+), byte for byte. */
class PrettyGoldenTest {
    static final Path DIR = Golden.ROOT.resolve("pretty");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList().stream();
        }
    }

    static Reply reply(String name) throws Exception {
        byte[] bytes = Files.readAllBytes(DIR.resolve(name + ".json"));
        return new Reply(JsonCodec.parse(bytes, 0, bytes.length, JsonCodec.Utf8.REPLACE).getAsJsonObject());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void prettyMatchesGolden(String name) throws Exception {
        String actual = new ReplyPrinter(ReplyFormat.PRETTY, true, Palette.NONE).toText(reply(name));
        Golden.assertMatches(DIR.resolve(name + ".pretty"), actual);
        assertThat(actual).endsWith("}\n").doesNotEndWith("\n\n");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void compactIsOneLineAndParsesBackToTheSameTree(String name) throws Exception {
        Reply reply = reply(name);
        String compact = new ReplyPrinter(ReplyFormat.COMPACT, false, Palette.NONE).toText(reply);
        assertThat(compact).endsWith("\n").doesNotContain(": ").hasLineCount(1);
        byte[] bytes = compact.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonCodec.parse(bytes, 0, bytes.length, JsonCodec.Utf8.STRICT)).isEqualTo(reply.json());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void colouredPrettyDiffersOnlyByColourCodes(String name) throws Exception {
        Reply reply = reply(name);
        String plain = new ReplyPrinter(ReplyFormat.PRETTY, true, Palette.NONE).toText(reply);
        String coloured = new ReplyPrinter(ReplyFormat.PRETTY, true, Palette.ANSI).toText(reply);
        assertThat(coloured).contains("\u001b[1;34m\"");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }
}
