package qga.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How replies are shown. */
public enum ReplyFormat {
    /** As virsh qemu-agent-command --pretty prints them (libvirt 10.8 and later). */
    PRETTY,
    /** One line per reply, no spaces. */
    COMPACT,
    /** Only the value of "return"; strings raw. */
    RETURN;

    public static ReplyFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every label, in order: what completion offers. */
    public static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (ReplyFormat value : values()) {
            labels.add(value.label());
        }
        return labels;
    }
}
