package qga.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qga.base.Tokenizer;
import qga.input.RequestParser;
import qga.input.TypedValueParser;
import qga.protocol.Request;
import qga.support.RealAgent;

class CatalogTest {
    /** How QEMU numbers its releases, and so the one style of every "since" (0.15.0, 2.10.0, 10.0.0). */
    private static final String QEMU_VERSION = "[0-9]+\\.[0-9]+\\.[0-9]+";

    private final Catalog catalog = Catalog.builtIn();

    @Test
    void hasTheFortyFourCommandsOnce() {
        List<CommandInfo> all = catalog.all();
        assertThat(all).hasSize(44);
        Set<String> names = new HashSet<>();
        all.forEach(c -> assertThat(names.add(c.name())).as(c.name()).isTrue());
        assertThat(all).filteredOn(c -> !c.replies()).extracting(CommandInfo::name)
                .containsExactlyInAnyOrder("guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid");
    }

    @Test
    void theIndexFindsEachEntryWhereAWholeParseDoes() throws Exception {
        byte[] file;
        try (java.io.InputStream in = Catalog.class.getResourceAsStream("/qga/schema/catalog.json")) {
            file = in.readAllBytes();
        }
        java.util.Map<String, int[]> spans = Catalog.index(file);
        com.google.gson.JsonArray commands = qga.json.JsonCodec.parse(file, 0, file.length, qga.json.JsonCodec.Utf8.STRICT).getAsJsonObject().getAsJsonArray("commands");
        assertThat(spans).hasSize(commands.size());
        for (JsonElement command : commands) {
            String name = command.getAsJsonObject().get("name").getAsString();
            int[] span = spans.get(name);
            assertThat(span).as(name).isNotNull();
            assertThat(qga.json.JsonCodec.parse(file, span[0], span[1] - span[0], qga.json.JsonCodec.Utf8.STRICT)).as(name).isEqualTo(command);
        }
        // brackets, quotes and backslashes inside strings are not structure
        byte[] tricky = ("{\"commands\": [{\"name\": \"a\", \"d\": \"}]{[\\\"\\\\\"}, {\"name\": \"b\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, int[]> trickySpans = Catalog.index(tricky);
        assertThat(trickySpans).containsOnlyKeys("a", "b");
        assertThat(new String(tricky, trickySpans.get("b")[0], trickySpans.get("b")[1] - trickySpans.get("b")[0],
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{\"name\": \"b\"}");
    }

    @Test
    void everyCommandIsDescribedAndItsExampleIsValidShorthand() throws Exception {
        RequestParser parser = new RequestParser(new TypedValueParser(catalog));
        Validator validator = new Validator(catalog);
        for (CommandInfo info : catalog.all()) {
            assertThat(info.purpose()).as(info.name()).isNotBlank().doesNotEndWith(".");
            assertThat(info.description()).as(info.name()).isNotBlank();
            assertThat(info.since()).as(info.name()).matches(QEMU_VERSION);
            info.arguments().forEach(a -> assertThat(a.description()).as(info.name() + " " + a.name()).isNotBlank());
            List<String> words = Tokenizer.split(info.example());
            assertThat(words.get(0)).isEqualTo(info.name());
            Request request = parser.fromShorthand(words.get(0), words.subList(1, words.size()), null);
            validator.checkArguments(request);
        }
    }

    @Test
    void everySinceIsAQemuVersion() throws Exception {
        JsonElement raw;
        try (java.io.InputStream in = Catalog.class.getResourceAsStream("/qga/schema/catalog.json")) {
            raw = com.google.gson.JsonParser.parseString(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        List<String> since = new java.util.ArrayList<>();
        collectSince(raw, since);
        assertThat(since).hasSizeGreaterThan(catalog.all().size()).allMatch(v -> v.matches(QEMU_VERSION));
    }

    /** Every "since" value anywhere in the tree: commands, arguments, and enumerations nested in types. */
    private static void collectSince(JsonElement element, List<String> since) {
        if (element.isJsonObject()) {
            for (var entry : element.getAsJsonObject().entrySet()) {
                if (entry.getKey().equals("since")) {
                    since.add(entry.getValue().getAsString());
                } else {
                    collectSince(entry.getValue(), since);
                }
            }
        } else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(e -> collectSince(e, since));
        }
    }

    @Test
    void secretsAndBulkDataAreMarkedForRedaction() {
        assertThat(catalog.find("guest-set-user-password").argument("password").orElseThrow().redact()).isTrue();
        assertThat(catalog.find("guest-file-write").argument("buf-b64").orElseThrow().redact()).isTrue();
        assertThat(catalog.find("guest-exec").argument("input-data").orElseThrow().redact()).isTrue();
        assertThat(catalog.find("guest-ssh-add-authorized-keys").argument("keys").orElseThrow().redact()).isTrue();
        assertThat(catalog.find("guest-exec").argument("path").orElseThrow().redact()).isFalse();
    }

    @Test
    void typesFollowTheSchema() {
        assertThat(catalog.find("guest-exec").argument("capture-output").orElseThrow().type().describe())
                .isEqualTo("bool or none|stdout|stderr|separated|merged");
        assertThat(catalog.find("guest-set-vcpus").argument("vcpus").orElseThrow().type().describe())
                .isEqualTo("[{logical-id: int, online: bool, can-offline?: bool}]");
        assertThat(catalog.find("guest-file-seek").argument("whence").orElseThrow().type().describe())
                .isEqualTo("int or set|cur|end");
        assertThat(catalog.find("guest-fsfreeze-freeze-list").argument("mountpoints").orElseThrow().type().describe())
                .isEqualTo("['str']");
        assertThat(catalog.find("guest-set-memory-blocks").argument("mem-blks").orElseThrow().type().describe())
                .isEqualTo("[{phys-index: uint64, online: bool, can-offline?: bool}]");
        assertThat(catalog.find("guest-file-open").argument("mode").orElseThrow().type().describe())
                .isEqualTo("r|r+|w|w+|a|a+|rb|r+b|rb+|wb|w+b|wb+|ab|a+b|ab+");
    }

    @Test
    void agreesWithTheRealAgent(@TempDir Path dir) throws Exception {
        try (RealAgent agent = RealAgent.start(dir)) {
            JsonObject info = agent.guestInfo();
            String version = info.get("version").getAsString();
            Set<String> listed = new TreeSet<>();
            Set<String> disabled = new TreeSet<>();
            for (JsonElement element : info.getAsJsonArray("supported_commands")) {
                JsonObject command = element.getAsJsonObject();
                String name = command.get("name").getAsString();
                CommandInfo known = catalog.find(name);
                assertThat(known).as("%s is listed by qemu-ga %s but missing from the catalog", name, version).isNotNull();
                assertThat(known.replies()).as(name + " success-response").isEqualTo(command.get("success-response").getAsBoolean());
                assertThat(Versions.compare(known.since(), version)).as(name).isLessThanOrEqualTo(0);
                listed.add(name);
                if (!command.get("enabled").getAsBoolean()) {
                    disabled.add(name);
                }
            }
            // the other way round: every command the catalog dates at or before this agent and builds for
            // Linux (where it runs) is listed; anything more belongs to another OS, listed disabled (7.2)
            Set<String> due = new TreeSet<>();
            for (CommandInfo command : catalog.all()) {
                if (Versions.compare(command.since(), version) <= 0 && command.runsOn("Linux")) {
                    due.add(command.name());
                }
            }
            assertThat(listed).as("what qemu-ga %s lists", version).containsAll(due);
            Set<String> otherOs = new TreeSet<>(listed);
            otherOs.removeAll(due);
            assertThat(disabled).as("what qemu-ga %s lists disabled", version).containsAll(otherOs);
        }
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(Versions.compare("7.2.22", "10.0")).isNegative();
        assertThat(Versions.compare("8.0", "8.0.0")).isZero();
        assertThat(Versions.compare("0.15.0", "0.9")).isPositive();
    }

    @Test
    void didYouMeanFindsTyposAndMissingPrefixes() {
        List<String> names = catalog.all().stream().map(CommandInfo::name).toList();
        assertThat(DidYouMean.closest("guest-get-osinfoo", names)).isEqualTo("guest-get-osinfo");
        assertThat(DidYouMean.closest("guest-pnig", names)).isEqualTo("guest-ping");
        assertThat(DidYouMean.closest("get-host-name", names)).isEqualTo("guest-get-host-name");
        assertThat(DidYouMean.closest("frobnicate", names)).isNull();
    }
}
