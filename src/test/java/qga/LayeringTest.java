package qga;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers point one way: base, then json (text to trees and back) beside transport (bytes),
 * protocol (requests, replies, sync), schema (what commands exist), input and format, the guest
 * workflows (run, cp, views) on the client API, then the front ends repl and cli. Libraries stay
 * in their layer: picocli and the progress bar in cli, JLine in repl, Gson below the front ends,
 * junixsocket in transport.
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/qga");
    private static final Map<String, Integer> LEVEL = Map.ofEntries(Map.entry("base", 0), Map.entry("json", 1),
            Map.entry("transport", 1), Map.entry("protocol", 2), Map.entry("schema", 3), Map.entry("api", 4),
            Map.entry("input", 4), Map.entry("format", 4), Map.entry("guest", 5), Map.entry("repl", 6), Map.entry("cli", 7));
    /**
     * What the front ends may use below the client API: the data that crosses it (requests,
     * replies, outcomes, monitor events, the wire tap), libvirt's domain listing and the address schemes help
     * lists; never a link, session, endpoint or channel.
     */
    private static final List<String> FRONT_END_MAY_USE = List.of("qga.protocol.Request", "qga.protocol.Reply",
            "qga.protocol.Outcome", "qga.protocol.WireTap", "qga.protocol.MonitorEvent", "qga.transport.LibvirtHost", "qga.transport.AddressScheme");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bqga\\.(\\w+)\\.[A-Z]");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String layer(Path source) {
        return SOURCES.relativize(source).getName(0).toString();
    }

    @Test
    void everyPackageIsALayer() throws IOException {
        for (Path source : sources()) {
            assertThat(LEVEL).as(source.toString()).containsKey(layer(source));
        }
    }

    @Test
    void nothingPointsUpward() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String text = Files.readString(source);
            String from = layer(source);
            List<String> targets = new ArrayList<>();
            Matcher imports = IMPORT.matcher(text);
            while (imports.find()) {
                if (imports.group(1).startsWith("qga.")) {
                    targets.add(imports.group(1).split("\\.")[1]);
                }
            }
            Matcher qualified = QUALIFIED.matcher(text);
            while (qualified.find()) {
                targets.add(qualified.group(1));
            }
            for (String to : targets) {
                boolean sideways = !to.equals(from) && LEVEL.get(to).equals(LEVEL.get(from));
                if (LEVEL.get(to) > LEVEL.get(from) || sideways) {
                    wrong.add(source + " uses qga." + to);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void frontEndsTalkToAgentsOnlyThroughTheApi() throws IOException {
        Pattern below = Pattern.compile("\\bqga\\.(?:protocol|transport)\\.[A-Z]\\w*");
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            if (!List.of("cli", "repl", "guest").contains(layer(source))) {
                continue;
            }
            Matcher uses = below.matcher(Files.readString(source));
            while (uses.find()) {
                if (!FRONT_END_MAY_USE.contains(uses.group())) {
                    wrong.add(source + " uses " + uses.group());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void librariesStayInTheirLayer() throws IOException {
        Map<String, List<String>> allowed = Map.of("picocli", List.of("cli"),
                "org.jline", List.of("repl"),
                "me.tongfei", List.of("cli"),
                "org.newsclub", List.of("transport"),
                "com.google.gson", List.of("json", "transport", "protocol", "schema", "api", "input", "format", "guest"));
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            Matcher imports = IMPORT.matcher(Files.readString(source));
            while (imports.find()) {
                for (Map.Entry<String, List<String>> library : allowed.entrySet()) {
                    if (imports.group(1).startsWith(library.getKey() + ".") && !library.getValue().contains(layer(source))) {
                        wrong.add(source + " imports " + imports.group(1));
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void onlyMainTouchesTheProcessStreamsAndExit() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path source : sources()) {
            String text = Files.readString(source);
            if (!source.endsWith(Path.of("cli", "Main.java"))
                    && Pattern.compile("System\\.(exit|out|err|in)\\b").matcher(text).find()) {
                wrong.add(source.toString());
            }
        }
        assertThat(wrong).isEmpty();
    }
}
