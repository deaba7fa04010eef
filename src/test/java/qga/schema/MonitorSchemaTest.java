package qga.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;
import qga.protocol.Request;

/** A monitor's introspection made into commands and argument types, and the checks made from them. */
class MonitorSchemaTest {
    /** A slice of QEMU 7.2's query-qmp-schema, with its numbered type names. */
    private static final MonitorSchema SCHEMA = MonitorSchema.of("7.2.22",
            JsonParser.parseString("[{\"name\":\"set_link\"},{\"name\":\"blockdev-add\"},{\"name\":\"eject\"},{\"name\":\"device_add\"}]"),
            JsonParser.parseString("""
                    [{"name":"set_link","meta-type":"command","arg-type":"99","ret-type":"0"},
                     {"name":"99","meta-type":"object","members":[{"name":"name","type":"str"},{"name":"up","type":"bool"}]},
                     {"name":"eject","meta-type":"command","arg-type":"7","ret-type":"0"},
                     {"name":"7","meta-type":"object","members":[{"name":"id","default":null,"type":"str"},
                       {"name":"force","default":null,"type":"bool"},{"name":"mode","default":null,"type":"8"},
                       {"name":"sizes","default":null,"type":"[int]"}]},
                     {"name":"8","meta-type":"enum","values":["fast","slow"]},
                     {"name":"[int]","meta-type":"array","element-type":"int"},
                     {"name":"blockdev-add","meta-type":"command","arg-type":"49","ret-type":"0"},
                     {"name":"49","meta-type":"object","tag":"driver","members":[{"name":"driver","type":"8"}],
                       "variants":[{"case":"fast","type":"0"}]},
                     {"name":"device_add","meta-type":"command","arg-type":"186","ret-type":"0"},
                     {"name":"186","meta-type":"object","members":[{"name":"driver","type":"str"}]},
                     {"name":"STOP","meta-type":"event","arg-type":"0"},
                     {"name":"str","meta-type":"builtin","json-type":"string"},
                     {"name":"bool","meta-type":"builtin","json-type":"boolean"},
                     {"name":"int","meta-type":"builtin","json-type":"int"}]
                    """));

    /** Parsed as qga parses input (exact numbers), then checked. */
    private static void check(String json) throws QgaException {
        try {
            new MonitorValidator("hint").check(Request.of(JsonCodec.parse(json).getAsJsonObject()), SCHEMA);
        } catch (JsonSyntaxError e) {
            throw new AssertionError(e);
        }
    }

    private static String refusal(String json) {
        try {
            check(json);
        } catch (QgaException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void argumentsTheirTypesAndWhetherTheyMayBeLeftOut() {
        assertThat(SCHEMA.commands()).containsExactly("blockdev-add", "device_add", "eject", "set_link");
        assertThat(SCHEMA.events()).containsExactly("STOP");
        assertThat(SCHEMA.find("set_link").usage()).isEqualTo("set_link name=STR up=true|false");
        assertThat(SCHEMA.find("eject").usage()).isEqualTo("eject [id=STR] [force=true|false] [mode=fast|slow] [sizes=LIST]");
        assertThat(SCHEMA.find("eject").changesState()).isTrue();
        assertThat(SCHEMA.find("query-status")).isNull();
    }

    @Test
    void checksWhatTheSchemaDeclaresAndNoMore() throws QgaException {
        check("{\"execute\":\"eject\",\"arguments\":{\"mode\":\"slow\",\"sizes\":[1,2]}}");
        assertThat(refusal("{\"execute\":\"eject\",\"arguments\":{\"mode\":\"medium\"}}"))
                .isEqualTo("eject: mode: expected one of fast, slow, got \"medium\"");
        assertThat(refusal("{\"execute\":\"eject\",\"arguments\":{\"sizes\":[\"x\"]}}"))
                .isEqualTo("eject: sizes: item 0: expected an integer, got \"x\"");
        assertThat(refusal("{\"execute\":\"set_link\",\"arguments\":{\"name\":\"n\"}}"))
                .isEqualTo("set_link: missing required argument up (usage: set_link name=STR up=true|false)");
        assertThat(refusal("{\"execute\":\"ejct\"}")).isEqualTo("unknown command ejct on this QEMU monitor (7.2.22):"
                + " did you mean eject? (hint)");
        // a union's members and a device's properties are not in the schema: not refused
        check("{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"fast\",\"node-name\":\"n\"}}");
        check("{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"e1000\",\"mac\":\"52:54:00:12:34:56\"}}");
        assertThat(SCHEMA.closed("blockdev-add")).isFalse();
        assertThat(SCHEMA.closed("device_add")).isFalse();
        assertThat(SCHEMA.closed("eject")).isTrue();
        assertThatThrownBy(() -> new MonitorValidator("hint").checkReadOnly(Request.of("eject", null)))
                .hasMessageStartingWith("eject may change the VM");
    }
}
