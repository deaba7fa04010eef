package qga.json;

/**
 * What pretty output writes before each kind of token, and after it to end the colour. Which
 * colours a terminal gets is the front end's choice; this layer only knows where they go.
 */
public interface TokenColors {
    String key();

    String string();

    String number();

    /** true, false and null. */
    String literal();

    String reset();

    /** True when every colour is empty, so nothing need be written for them at all. */
    boolean isPlain();
}
