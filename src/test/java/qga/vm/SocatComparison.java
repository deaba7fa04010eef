package qga.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects, scenario by scenario, what socat did and what qga did on the same dirty channel, and
 * keeps target/vm-socat-comparison.md up to date as a Markdown table for the README.
 */
final class SocatComparison {
    private static final class Row {
        String scenario;
        String typed = "(not run)";
        String socat = "(not run)";
        String qga = "(not run)";
    }

    private static final Map<Integer, Row> ROWS = new TreeMap<>();

    private SocatComparison() {
    }

    static synchronized void socat(int scenario, String title, Socat.Run run) throws IOException {
        Row row = row(scenario, title);
        row.typed = "`" + run.typed() + "`";
        row.socat = run.describe();
        write();
    }

    static synchronized void qga(int scenario, String title, String typed, String result) throws IOException {
        Row row = row(scenario, title);
        row.qga = "`" + typed + "`: " + result;
        write();
    }

    private static Row row(int scenario, String title) {
        Row row = ROWS.computeIfAbsent(scenario, k -> new Row());
        row.scenario = title;
        return row;
    }

    private static void write() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("| the channel | what the user typed | socat's result | qga's result |\n");
        md.append("| --- | --- | --- | --- |\n");
        for (Row row : ROWS.values()) {
            md.append("| ").append(cell(row.scenario)).append(" | ").append(cell(row.typed)).append(" | ")
                    .append(cell(row.socat)).append(" | ").append(cell(row.qga)).append(" |\n");
        }
        Path file = TestGuest.targetDir().resolve("vm-socat-comparison.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, md.toString());
    }

    /** A table cell: one line, pipes escaped (also inside code spans, as GitHub's tables require). */
    private static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }
}
