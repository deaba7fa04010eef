package qga.base;

/**
 * The start of a text too long to repeat whole in a one-line message: a 100,000-character input
 * line is quoted as its first 77 characters and "...".
 */
public final class Excerpt {
    public static final int LENGTH = 80;

    private Excerpt() {
    }

    public static String of(String text) {
        return of(text, LENGTH);
    }

    /** At most max code points (never half a surrogate pair), the last three "..." when cut. */
    public static String of(String text, int max) {
        if (text.length() <= max || text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 3)) + "...";
    }
}
