package qga.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words users write for a setting's values (--format compact, --color always): each value's
 * name in lower case, read in any case and with blanks around it.
 */
final class Keywords {
    private Keywords() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static List<String> of(Enum<?>[] values) {
        List<String> words = new ArrayList<>();
        for (Enum<?> value : values) {
            words.add(of(value));
        }
        return words;
    }

    /** The value text names, or null. */
    static <E extends Enum<E>> E parse(E[] values, String text) {
        String word = text.trim().toLowerCase(Locale.ROOT);
        for (E value : values) {
            if (of(value).equals(word)) {
                return value;
            }
        }
        return null;
    }
}
