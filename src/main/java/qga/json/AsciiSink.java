package qga.json;

import java.io.IOException;

/**
 * A byte-oriented writer that can take a run of a string known to be printable ASCII without
 * turning it into chars and back: what a large base64 value is, all of it. {@link JsonWriter}
 * hands such runs over when its Writer is one, and {@link PlainObject} its bytes.
 */
public interface AsciiSink {
    /** Writes s[from, to), every char of which is below 0x80, one byte each. */
    void writeAscii(String s, int from, int to) throws IOException;

    /** Writes bytes[from, to), every one below 0x80, as they are: a plain reply's own text. */
    void writeAscii(byte[] bytes, int from, int to) throws IOException;
}
