package qga.format;

import java.util.List;

/** How replies are shown. */
public enum ReplyFormat {
    /** As virsh qemu-agent-command --pretty prints them (libvirt 10.8 and later). */
    PRETTY,
    /** One line per reply, no spaces. */
    COMPACT,
    /** Only the value of "return"; strings raw. */
    RETURN;

    /** pretty, compact or return, in any case; anything else is null. */
    public static ReplyFormat parse(String text) {
        return Keywords.parse(values(), text);
    }

    public String label() {
        return Keywords.of(this);
    }

    /** Every label, in order: what completion offers. */
    public static List<String> labels() {
        return Keywords.of(values());
    }
}
