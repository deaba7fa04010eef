package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.schema.ArgType;
import qga.schema.Catalog;
import qga.schema.CommandInfo;
import qga.support.Qga;
import qga.support.RawClient;
import qga.support.WithRealAgent;

/** qga exec against the real qemu-ga from Debian (unix-listen, state-changing commands blocked). */
@Timeout(120)
class RealAgentTest extends WithRealAgent {
    /** Replies whose values change from one call to the next: compared by shape, not value. */
    private static final Set<String> VOLATILE = Set.of("guest-get-time", "guest-get-cpustats", "guest-get-diskstats",
            "guest-network-get-interfaces", "guest-get-users", "guest-get-load", "guest-get-fsinfo",
            "guest-get-memory-blocks", "guest-get-vcpus");


    /** Enabled commands that take no arguments and change nothing, as this agent lists them. */
    private List<String> readOnlyCommandsWithoutArguments() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonElement element : agent.guestInfo().getAsJsonArray("supported_commands")) {
            JsonObject command = element.getAsJsonObject();
            CommandInfo info = Catalog.builtIn().find(command.get("name").getAsString());
            if (command.get("enabled").getAsBoolean() && info != null && info.arguments().isEmpty()
                    && !info.changesState() && info.replies()) {
                names.add(info.name());
            }
        }
        return names;
    }

    @Test
    void everyReadOnlyCommandReturnsWhatARawClientGets() throws Exception {
        List<String> commands = readOnlyCommandsWithoutArguments();
        assertThat(commands).contains("guest-ping", "guest-info", "guest-get-osinfo", "guest-get-host-name",
                "guest-get-time", "guest-get-timezone").hasSizeGreaterThan(15);
        for (String command : commands) {
            JsonObject raw;
            try (RawClient client = RawClient.connect(agent.socket())) {
                client.sync();
                raw = client.call("{\"execute\":\"" + command + "\"}");
            }
            Qga.Result result = qga().run(agent.address(), "exec", command);
            assertThat(result.exit()).as(command + "\n" + result).isEqualTo(raw.has("error") ? 1 : 0);
            assertThat(result.out()).as(command).endsWith("\n").hasLineCount(1);
            JsonObject ours = JsonParser.parseString(result.out()).getAsJsonObject();
            if (VOLATILE.contains(command)) {
                assertThat(shape(ours)).as(command).isEqualTo(shape(raw));
            } else {
                assertThat(ours).as(command).isEqualTo(raw);
            }
        }
    }

    /** The value with every scalar replaced by its JSON type, keeping keys and nesting. */
    private static JsonElement shape(JsonElement value) {
        if (value.isJsonObject()) {
            JsonObject out = new JsonObject();
            for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
                out.add(member.getKey(), shape(member.getValue()));
            }
            return out;
        }
        if (value.isJsonArray()) {
            com.google.gson.JsonArray out = new com.google.gson.JsonArray();
            if (!value.getAsJsonArray().isEmpty()) {
                out.add(shape(value.getAsJsonArray().get(0)));
            }
            return out;
        }
        if (value.isJsonNull()) {
            return value;
        }
        var primitive = value.getAsJsonPrimitive();
        return new com.google.gson.JsonPrimitive(primitive.isNumber() ? "number" : primitive.isBoolean() ? "bool" : "string");
    }

    @Test
    void anAgentErrorGivesExit1WithTheAgentsMessage() {
        Qga.Result result = qga().run(agent.address(), "exec", "guest-file-close", "handle=999999");
        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("{\"error\":{\"class\":\"GenericError\",\"desc\":\"handle '999999' has not been found\"}}\n");
        assertThat(result.err()).isEqualTo("qga: guest-file-close: GenericError: handle '999999' has not been found\n");
    }

    @Test
    void blockedCommandsAreExplainedOrPassedOnAsTheAgentSaid() {
        Qga.Result checked = qga().run(agent.address(), "exec", "guest-set-time");
        assertThat(checked.exit()).isEqualTo(2);
        assertThat(checked.err()).isEqualTo("qga: guest-set-time is disabled on this agent (blocked with qemu-ga -b or its config)\n");
        Qga.Result unchecked = qga().run(agent.address(), "exec", "--no-validate", "guest-set-time");
        assertThat(unchecked.exit()).isEqualTo(1);
        assertThat(unchecked.err()).contains("Command guest-set-time has been disabled");
    }

    @Test
    void aHalfWrittenRequestLeftByAnotherClientDoesNotBreakTheNext() throws Exception {
        try (RawClient client = RawClient.connect(agent.socket())) {
            client.send("{\"execute\":\"guest-pi");
        }
        Qga.Result result = qga().run(agent.address(), "exec", "guest-ping");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
    }

    @Test
    void aStaleSyncReplyIsNotShownAsTheAnswer() throws Exception {
        // the agent held until the client is gone: qemu-ga 7.2 quits ("error reading channel") when a
        // client leaves with one of its replies unread, so the sync must not be answered before that
        agent.pause();
        try (RawClient client = RawClient.connect(agent.socket())) {
            client.send("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":12345}}");
        } finally {
            agent.resume();
        }
        Qga.Result result = qga().run(agent.address(), "exec", "--return", "guest-get-host-name");
        assertThat(result.exit()).as(result.toString()).isZero();
        String hostName = java.net.InetAddress.getLocalHost().getHostName();
        assertThat(result.out()).isEqualTo("{\"host-name\":\"" + hostName + "\"}\n").doesNotContain("12345");
    }

    @Test
    void prettyIsTheDefaultOnATerminal() {
        Qga.Result result = qga().toTerminal().env("NO_COLOR", "1").run(agent.address(), "exec", "guest-ping");
        assertThat(result.out()).isEqualTo("{\n  \"return\": {\n  }\n}\n");
    }

    @Test
    void optionsWorkBeforeAndAfterTheSubcommand() {
        Qga.Result before = qga().run("--timeout", "2", "--pretty", "-a", agent.address(), "exec", "guest-ping");
        Qga.Result after = qga().run("exec", "guest-ping", "--timeout", "2", "--pretty", "--address", agent.address());
        assertThat(before.out()).isEqualTo(after.out()).isEqualTo("{\n  \"return\": {\n  }\n}\n");
    }

    @Test
    void theAddressMayComeFromTheEnvironment() {
        Qga.Result result = qga().env("QGA_ADDRESS", agent.address()).run("exec", "guest-ping");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
    }

    @Test
    void numericShorthandValuesAreSentAsIntegers() {
        Qga.Result result = qga().run(agent.address(), "exec", "-v", "guest-file-read", "handle=1000", "count=4096");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("handle '1000' has not been found");
    }

    /** The catalog's guest-file-open modes are exactly what the agent takes: each opens, a neighbour is refused. */
    @Test
    void everyFileOpenModeInTheCatalogIsOneTheAgentTakes() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x");
        ArgType.Enumeration modes = (ArgType.Enumeration) Catalog.builtIn().find("guest-file-open").argument("mode")
                .orElseThrow().type();
        try (RawClient raw = RawClient.connect(agent.socket())) {
            raw.sync();
            for (String mode : modes.values()) {
                JsonObject reply = raw.call("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + file
                        + "\",\"mode\":\"" + mode + "\"}}");
                assertThat(reply.has("return")).as("mode %s: %s", mode, reply).isTrue();
                raw.call("{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + reply.get("return") + "}}");
            }
            assertThat(raw.call("{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + file
                    + "\",\"mode\":\"rw\"}}").getAsJsonObject("error").get("desc").getAsString())
                    .isEqualTo("invalid file open mode 'rw'");
        }
        Qga.Result refused = qga().run(agent.address(), "exec", "guest-file-open", "path=" + file, "mode=rw");
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("qga: guest-file-open: mode=rw: expected one of r, r+, w, w+, a, a+, rb, r+b,"
                + " rb+, wb, w+b, wb+, ab, a+b, ab+\n");
    }
}
