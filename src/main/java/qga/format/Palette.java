package qga.format;

import qga.json.TokenColors;

/** Colours for pretty JSON; NONE writes no escape sequences at all. */
public record Palette(String key, String string, String number, String literal, String reset) implements TokenColors {
    public static final Palette NONE = new Palette("", "", "", "", "");

    /** Bold blue keys, green strings, cyan numbers, yellow true/false/null: readable on dark and light. */
    public static final Palette ANSI = new Palette("\u001b[1;34m", "\u001b[32m", "\u001b[36m", "\u001b[33m", "\u001b[0m");

    @Override
    public boolean isPlain() {
        return reset.isEmpty();
    }
}
