package qga.cli;

import java.util.ArrayList;
import java.util.List;
import qga.format.TerminalText;

/**
 * Rows of cells in aligned columns, as the views print them. Every cell is made terminal-safe on
 * one line (guest text can neither drive the terminal nor break a row); a missing cell is "-".
 * Columns are two spaces apart; the last is not padded, so no line ends in spaces.
 */
final class TextTable {
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... headers) {
        rows.add(List.of(headers));
    }

    TextTable row(String... cells) {
        List<String> safe = new ArrayList<>();
        for (String cell : cells) {
            safe.add(cell == null ? "-" : TerminalText.oneLine(cell));
        }
        rows.add(safe);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    String text() {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], width(row.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                String cell = row.get(i);
                out.append(cell);
                if (i < columns - 1) {
                    out.append(" ".repeat(widths[i] - width(cell) + 2));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Label: value lines with the values aligned, for a view of one record. */
    static String fields(List<String[]> labelsAndValues) {
        int width = 0;
        for (String[] field : labelsAndValues) {
            width = Math.max(width, field[0].length() + 1);
        }
        StringBuilder out = new StringBuilder();
        for (String[] field : labelsAndValues) {
            out.append(field[0]).append(':').append(" ".repeat(width - field[0].length() + 1))
                    .append(TerminalText.oneLine(field[1])).append('\n');
        }
        return out.toString();
    }

    /** Characters, not UTF-16 units: a character outside the BMP takes one column too. */
    private static int width(String cell) {
        return cell.codePointCount(0, cell.length());
    }
}
