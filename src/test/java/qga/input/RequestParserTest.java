package qga.input;

import qga.base.QgaException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    private final RequestParser parser = new RequestParser(new ValueParser());

    private String shorthand(String command, String... pairs) throws QgaException {
        return parser.fromShorthand(command, List.of(pairs), null).toString();
    }

    @Test
    void valuesThatParseAsJsonAreSentAsJson() throws Exception {
        assertThat(shorthand("guest-exec", "path=/bin/sh", "arg=[\"-c\",\"ls /\"]", "capture-output=true"))
                .isEqualTo("{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"ls /\"],"
                        + "\"capture-output\":true}}");
        assertThat(shorthand("guest-exec-status", "pid=1234")).isEqualTo(
                "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":1234}}");
        assertThat(shorthand("x", "big=18446744073709551615", "s=\"42\"", "n=null", "e="))
                .isEqualTo("{\"execute\":\"x\",\"arguments\":{\"big\":18446744073709551615,\"s\":\"42\",\"n\":null,\"e\":\"\"}}");
    }

    @Test
    void aCommandWithoutArgumentsHasNoArgumentsMember() throws Exception {
        assertThat(shorthand("guest-ping")).isEqualTo("{\"execute\":\"guest-ping\"}");
    }

    @Test
    void dottedKeysBuildNestedObjects() throws Exception {
        assertThat(shorthand("x", "a.b=1", "a.c.d=two", "e=3"))
                .isEqualTo("{\"execute\":\"x\",\"arguments\":{\"a\":{\"b\":1,\"c\":{\"d\":\"two\"}},\"e\":3}}");
    }

    @Test
    void argsJsonIsTheBaseThatPairsExtend() throws Exception {
        assertThat(parser.fromShorthand("x", List.of("b=2"), "{\"a\": [1]}").toString())
                .isEqualTo("{\"execute\":\"x\",\"arguments\":{\"a\":[1],\"b\":2}}");
    }

    @Test
    void malformedShorthandIsRejectedWithTheFix() {
        assertThatThrownBy(() -> shorthand("guest-exec", "arg=[\"-l\""))
                .hasMessage("malformed JSON in arg= at column 6: unexpected end of input, expected ',' or ']'"
                        + " (quote the whole value for the shell, like arg='[\"a\"]')");
        assertThatThrownBy(() -> shorthand("guest-ping", "verbose")).hasMessage(
                "expected key=value, got 'verbose': write it as verbose=VALUE");
        assertThatThrownBy(() -> shorthand("guest-ping", "=1")).hasMessageContaining("the name before '=' is missing");
        assertThatThrownBy(() -> shorthand("x", "a=1", "a=2")).hasMessage("argument a is given twice");
        assertThatThrownBy(() -> shorthand("x", "a=1", "a.b=2")).hasMessageContaining("a value and nested names at once");
        assertThatThrownBy(() -> shorthand("x", "a b=1")).hasMessageContaining("bad argument name 'a b'");
        assertThatThrownBy(() -> shorthand("guest ping")).hasMessageContaining("is not a command name");
        assertThatThrownBy(() -> parser.fromShorthand("x", List.of(), "[1]")).hasMessageContaining("--args must be a JSON object");
    }

    @Test
    void jsonRequestsAreCheckedStrictly() throws Exception {
        assertThat(parser.fromJson("{\"execute\":\"guest-ping\",\"id\":[1]}").toString())
                .isEqualTo("{\"execute\":\"guest-ping\",\"id\":[1]}");
        assertThatThrownBy(() -> parser.fromJson("{\"execute\":\"guest-ping\"")).hasMessage(
                "malformed JSON request at column 24: unexpected end of input, expected ',' or '}'");
        assertThatThrownBy(() -> parser.fromJson("{'execute':'guest-ping'}")).hasMessageContaining("column 2");
        assertThatThrownBy(() -> parser.fromJson("{\"execute\":\"guest-ping\",\"arguments\":[]}"))
                .hasMessageContaining("\"arguments\" must be an object");
        assertThatThrownBy(() -> parser.fromJson("{\"exec\":\"guest-ping\"}"))
                .hasMessageContaining("unknown member \"exec\"");
        assertThatThrownBy(() -> parser.fromJson("{\"arguments\":{}}")).hasMessageContaining("has no \"execute\"");
        assertThatThrownBy(() -> parser.fromJson("[]")).hasMessageContaining("must be an object");
    }

    @Test
    void positionsCountLinesAndCharactersNotBytes() {
        assertThatThrownBy(() -> parser.fromJson("{\"execute\":\n\"ü\" x}")).hasMessageStartingWith(
                "malformed JSON request at line 2, column 5:");
    }
}
