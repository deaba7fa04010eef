package qga.input;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import qga.base.BadInputException;
import qga.base.Tokenizer;
import qga.protocol.JsonCodec;
import qga.protocol.JsonSyntaxError;
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

    public record Invalid(String message, int line) implements Item {
    }

    private final InputStream in;
    private final RequestParser parser;
    private int line = 1;
    private boolean atLineStart = true;

    public RequestStream(InputStream in, RequestParser parser) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 65536);
        this.parser = parser;
    }

    /** The next item, or null at end of input. */
    public Item next() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                in.read();
                line++;
                atLineStart = true;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                in.read();
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

    private int peek() throws IOException {
        in.mark(1);
        int c = in.read();
        in.reset();
        return c;
    }

    private Item jsonObject() throws IOException {
        int startLine = line;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        boolean oversize = false;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return new Invalid("request at line " + startLine + ": unterminated JSON object (missing '}' before end of input)",
                        startLine);
            }
            if (c == '\n') {
                line++;
            }
            if (bytes.size() < MAX_REQUEST_BYTES) {
                bytes.write(c);
            } else {
                oversize = true;
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                } else if (c == '\n') {
                    return new Invalid("request at line " + startLine + ": a string runs past the end of line "
                            + (line - 1) + " (close its \")", startLine);
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                break;
            }
        }
        if (oversize) {
            return new Invalid("request at line " + startLine + " is larger than the agent's 64 MiB limit", startLine);
        }
        byte[] text = bytes.toByteArray();
        try {
            Request request = RequestParser.fromJson(JsonCodec.parse(text, 0, text.length, JsonCodec.Utf8.STRICT));
            return new Parsed(request, startLine);
        } catch (JsonSyntaxError e) {
            String json = new String(text, StandardCharsets.UTF_8);
            return new Invalid("request at line " + startLine + ": malformed JSON "
                    + RequestParser.position(json, e.offset()) + " of the request: " + e.getMessage(), startLine);
        } catch (BadInputException e) {
            return new Invalid("request at line " + startLine + ": " + e.getMessage(), startLine);
        }
    }

    private Item shorthandLine() throws IOException {
        int startLine = line;
        byte[] raw = restOfLine();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString().strip();
        } catch (CharacterCodingException e) {
            return new Invalid("line " + startLine + ": not valid UTF-8", startLine);
        }
        try {
            List<String> words = Tokenizer.split(text);
            return new Parsed(parser.fromShorthand(words.get(0), words.subList(1, words.size()), null), startLine);
        } catch (BadInputException e) {
            return new Invalid("line " + startLine + ": " + e.getMessage(), startLine);
        }
    }

    /** Consumes up to and including the newline; returns the bytes before it. */
    private byte[] restOfLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (bytes.size() < MAX_REQUEST_BYTES) {
                bytes.write(c);
            }
        }
        if (c == '\n') {
            line++;
            atLineStart = true;
        }
        return bytes.toByteArray();
    }
}
