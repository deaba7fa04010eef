package qga.format;

import java.util.List;
import java.util.Map;

/**
 * When replies are coloured, one rule for the command line, the config file and the shell: always
 * and never decide alone; auto colours output that can show colour, unless NO_COLOR is set to
 * anything but the empty string (no-color.org) or the terminal is TERM=dumb.
 */
public enum ColorChoice {
    AUTO, ALWAYS, NEVER;

    /** auto, always or never, in any case; not given is auto; anything else is null. */
    public static ColorChoice parse(String text) {
        return text == null ? AUTO : Keywords.parse(values(), text);
    }

    public String label() {
        return Keywords.of(this);
    }

    /** Every label, in order: what completion offers. */
    public static List<String> labels() {
        return Keywords.of(values());
    }

    /** Whether the environment asks for no colour. */
    public static boolean noColor(Map<String, String> env) {
        String value = env.get("NO_COLOR");
        return value != null && !value.isEmpty();
    }

    /**
     * terminalType is TERM or what the terminal says it is; colourable says the output is a
     * terminal that shows colour, in a format that has any.
     */
    public Palette palette(boolean noColor, String terminalType, boolean colourable) {
        return switch (this) {
            case ALWAYS -> Palette.ANSI;
            case NEVER -> Palette.NONE;
            case AUTO -> colourable && !noColor && !"dumb".equals(terminalType) ? Palette.ANSI : Palette.NONE;
        };
    }
}
