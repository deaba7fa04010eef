package qga.format;

import java.util.List;

/** Names in columns across the terminal, read down each column, as ls lists files. */
public final class TextColumns {
    private static final int GAP = 2;

    private TextColumns() {
    }

    /** The names in as many columns as fit width (80 when unknown), each line ending in a newline. */
    public static String text(List<String> names, int width) {
        if (names.isEmpty()) {
            return "";
        }
        int widest = names.stream().mapToInt(String::length).max().orElse(0) + GAP;
        int columns = Math.max(1, (width <= 0 ? 80 : width) / widest);
        int rows = (names.size() + columns - 1) / columns;
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < rows; row++) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < columns; column++) {
                int index = column * rows + row;
                if (index < names.size()) {
                    String name = TerminalText.oneLine(names.get(index));
                    line.append(name).append(" ".repeat(Math.max(0, widest - name.length())));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
