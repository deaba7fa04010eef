package qga.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back a table qga printed, checking its alignment on the way. */
public final class TableCells {
    private TableCells() {
    }

    /**
     * The rows under the header, cut into cells where the header's columns start: a cell that does
     * not start at its column (misaligned), or runs into the next, fails the test.
     */
    public static List<List<String>> of(String table) {
        List<String> lines = table.lines().toList();
        List<Integer> starts = new ArrayList<>();
        Matcher word = Pattern.compile("\\S+").matcher(lines.get(0));
        while (word.find()) {
            starts.add(word.start());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < starts.size(); i++) {
                int start = starts.get(i);
                int end = i + 1 < starts.size() ? starts.get(i + 1) : line.length();
                String cell = line.substring(Math.min(start, line.length()), Math.min(end, line.length()));
                assertThat(cell).as("column %d of '%s' starts at its header", i, line).doesNotStartWith(" ").isNotEmpty();
                assertThat(start == 0 || line.charAt(start - 1) == ' ').as("column %d of '%s'", i, line).isTrue();
                if (i + 1 < starts.size()) {
                    assertThat(cell).as("column %d of '%s' ends before the next", i, line).endsWith(" ");
                }
                row.add(cell.strip());
            }
            rows.add(row);
        }
        return rows;
    }
}
