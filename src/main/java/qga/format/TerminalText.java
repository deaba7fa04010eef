package qga.format;

/**
 * Makes text from the guest safe to show on a terminal: control characters (C0 except newline
 * and tab, DEL, C1) become visible \xNN, so guest data can never start an escape sequence.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** Keeps newlines and tabs (for multi-line values). */
    public static String sanitize(String text) {
        return sanitize(text, true);
    }

    /** For one-line messages: newlines become \x0a too. */
    public static String oneLine(String text) {
        return sanitize(text, false);
    }

    /** True for a control character (C0, DEL, C1): what could start an escape sequence if written as it is. */
    public static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static String sanitize(String text, boolean keepLines) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = isControl(c) && !(keepLines && (c == '\n' || c == '\t'));
            if (unsafe) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\x%02x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
