package qga.input;

import qga.base.QgaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import qga.base.Tokenizer;
import qga.json.BracketScanner;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;
import qga.protocol.Request;

/**
 * Reads requests piped on stdin: JSON objects (several on a line, or spanning lines) and
 * shorthand lines ({@code guest-file-read handle=1000}). Blank lines and lines starting with #
 * are skipped. A request that cannot be parsed becomes an Invalid item in its place.
 */
public final class RequestStream {
    /** The agent's own limit for one JSON token. */
    static final int MAX_REQUEST_BYTES = 64 << 20;

    /** One request read from the stream, or the reason it could not be read. */
    public sealed interface Item {
        int line();
    }

    public record Parsed(Request request, int line) implements Item {
    }

    /** A request that cannot be sent; the message names where it is (its line). */
    public record Invalid(String message, int line) implements Item {
    }

    private final InputStream in;
    private final RequestParser parser;
    private final byte[] buffer = new byte[65536];
    /** The JSON request being read, reused from one request to the next unless a large one grew it. */
    private byte[] request = new byte[256];
    private int requestLength;
    private static final int KEPT_REQUEST_BYTES = 1 << 16;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    private int position;
    private int limit;
    private int line = 1;
    private boolean atLineStart = true;

    public RequestStream(InputStream in, RequestParser parser) {
        this.in = in;
        this.parser = parser;
    }

    /** True when requests are already read into the buffer, so the next one can be had without waiting. */
    public boolean hasBuffered() {
        return position < limit;
    }

    /** The next item, or null at end of input. */
    public Item next() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                position++;
                line++;
                atLineStart = true;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                position++;
            } else if (c == '#' && atLineStart) {
                restOfLine();
            } else if (c == '{') {
                atLineStart = false;
                return jsonObject();
            } else {
                atLineStart = false;
                return shorthandLine();
            }
        }
    }

    /** The next byte without taking it, or -1 at end of input; reads stdin a buffer at a time. */
    private int peek() throws IOException {
        if (position == limit) {
            int n = in.read(buffer);
            if (n <= 0) {
                return -1;
            }
            position = 0;
            limit = n;
        }
        return buffer[position] & 0xFF;
    }

    private int read() throws IOException {
        int c = peek();
        if (c >= 0) {
            position++;
        }
        return c;
    }

    private Item jsonObject() throws IOException {
        int startLine = line;
        requestLength = 0;
        BracketScanner scanner = new BracketScanner();
        boolean oversize = false;
        while (true) {
            int c = read();
            if (c < 0) {
                return new Invalid("request at line " + startLine + ": unterminated JSON object (missing '}' before end of input)",
                        startLine);
            }
            if (c == '\n') {
                line++;
            }
            if (requestLength < MAX_REQUEST_BYTES) {
                if (requestLength == request.length) {
                    request = java.util.Arrays.copyOf(request, Math.min(MAX_REQUEST_BYTES, 2 * request.length));
                }
                request[requestLength++] = (byte) c;
            } else {
                oversize = true;
            }
            BracketScanner.Step step = scanner.take(c);
            if (step == BracketScanner.Step.STRING && c == '\n') {
                return new Invalid("request at line " + startLine + ": a string runs past the end of line "
                        + (line - 1) + " (close its \")", startLine);
            }
            if (step == BracketScanner.Step.CLOSE && scanner.depth() == 0) {
                break;
            }
        }
        if (oversize) {
            return new Invalid("request at line " + startLine + " is larger than the agent's 64 MiB limit", startLine);
        }
        byte[] text = request;
        int length = requestLength;
        if (request.length > KEPT_REQUEST_BYTES) {
            request = new byte[256];
        }
        try {
            return new Parsed(parser.fromJson(JsonCodec.parse(text, 0, length, JsonCodec.Utf8.STRICT)), startLine);
        } catch (JsonSyntaxError e) {
            String json = new String(text, 0, length, StandardCharsets.UTF_8);
            return new Invalid("request at line " + startLine + ": malformed JSON "
                    + RequestParser.position(json, e.offset()) + " of the request: " + e.getMessage(), startLine);
        } catch (QgaException e) {
            return new Invalid("request at line " + startLine + ": " + e.getMessage(), startLine);
        }
    }

    private Item shorthandLine() throws IOException {
        int startLine = line;
        byte[] raw = restOfLine();
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(raw)).toString().strip();
        } catch (CharacterCodingException e) {
            return new Invalid("line " + startLine + ": not valid UTF-8", startLine);
        }
        try {
            List<String> words = Tokenizer.split(text);
            return new Parsed(parser.fromShorthand(words.get(0), words.subList(1, words.size()), null), startLine);
        } catch (QgaException e) {
            return new Invalid("line " + startLine + ": " + e.getMessage(), startLine);
        }
    }

    /** Consumes up to and including the newline; returns the bytes before it (at most MAX_REQUEST_BYTES). */
    private byte[] restOfLine() throws IOException {
        ByteArrayOutputStream longLine = null;
        while (peek() >= 0) {
            int start = position;
            int newline = start;
            while (newline < limit && buffer[newline] != '\n') {
                newline++;
            }
            boolean found = newline < limit;
            position = found ? newline + 1 : limit;
            if (found && longLine == null) {
                // the usual case: the whole line is in the buffer
                line++;
                atLineStart = true;
                return java.util.Arrays.copyOfRange(buffer, start, Math.min(newline, start + MAX_REQUEST_BYTES));
            }
            if (longLine == null) {
                longLine = new ByteArrayOutputStream(Math.max(128, 2 * (newline - start)));
            }
            longLine.write(buffer, start, Math.max(0, Math.min(newline - start, MAX_REQUEST_BYTES - longLine.size())));
            if (found) {
                line++;
                atLineStart = true;
                break;
            }
        }
        return longLine == null ? new byte[0] : longLine.toByteArray();
    }
}
