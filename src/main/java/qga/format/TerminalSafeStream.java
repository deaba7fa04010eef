package qga.format;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Guest bytes on their way to a terminal, made unable to drive it: decoded as UTF-8 (invalid
 * sequences become U+FFFD, a sequence split across writes is kept whole), control characters
 * shown as \xNN as {@link TerminalText} does, except newline, tab and carriage return, which
 * move the cursor but start nothing.
 */
public final class TerminalSafeStream extends FilterOutputStream {
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    /** Bytes of a sequence not yet complete, carried to the next write. */
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private static final String HEX = "0123456789abcdef";

    public TerminalSafeStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        int end = offset + length;
        while (offset < end) {
            int n = Math.min(pending.remaining(), end - offset);
            pending.put(data, offset, n);
            offset += n;
            pending.flip();
            decode(false);
            pending.compact();
        }
    }

    private void decode(boolean last) throws IOException {
        while (true) {
            boolean overflow = decoder.decode(pending, chars, last).isOverflow();
            emit();
            if (!overflow) {
                return;
            }
        }
    }

    private void emit() throws IOException {
        chars.flip();
        StringBuilder text = new StringBuilder(chars.remaining());
        while (chars.hasRemaining()) {
            char c = chars.get();
            boolean unsafe = TerminalText.isControl(c) && c != '\n' && c != '\t' && c != '\r';
            if (unsafe) {
                text.append("\\x").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            } else {
                text.append(c);
            }
        }
        chars.clear();
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** At the end of the output: what is held back (an unfinished sequence, as U+FFFD), then flush; the stream stays open. */
    public void finish() throws IOException {
        pending.flip();
        decode(true);
        decoder.flush(chars);
        emit();
        pending.clear();
        decoder.reset();
        out.flush();
    }
}
