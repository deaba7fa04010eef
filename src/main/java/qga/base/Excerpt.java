package qga.base;

/** The head of a long piece of user input, for echoing it in a one-line message. */
public final class Excerpt {
    /** Enough to recognise the input; a message stays one readable line even for a megabyte. */
    public static final int MAX_CHARS = 80;

    private Excerpt() {
    }

    /** The text itself up to MAX_CHARS, else its first MAX_CHARS - 3 characters and "...". */
    public static String of(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int end = MAX_CHARS - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }
}
