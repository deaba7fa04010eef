package qga.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON from bytes into a Gson tree, for both agent replies and user input, and writes it
 * back compact. Written here rather than taken from Gson's reader because replies arrive as
 * bytes that may hold invalid UTF-8, numbers must keep their exact text, nesting must be
 * bounded, and a 48 MiB base64 string should cost one copy, not three.
 */
public final class JsonCodec {
    /** Deeper nesting than any agent reply needs; bounds recursion on hostile input. */
    public static final int MAX_DEPTH = 256;

    /** What to do with bytes that are not valid UTF-8. */
    public enum Utf8 {
        /** Reject them (user input). */
        STRICT,
        /** Replace them with U+FFFD (agent replies: show what we can). */
        REPLACE
    }

    private JsonCodec() {
    }

    /** Parses user-written JSON strictly: valid UTF-8, no duplicate keys, nothing after the value. */
    public static JsonElement parse(String text) throws JsonSyntaxError {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, Utf8.STRICT);
    }

    /** Parses exactly one JSON value (surrounded by optional whitespace) from a byte range. */
    public static JsonElement parse(byte[] bytes, int offset, int length, Utf8 utf8) throws JsonSyntaxError {
        Parser parser = new Parser(bytes, offset, offset + length, utf8);
        JsonElement value = parser.value();
        parser.skipWhitespace();
        if (parser.pos < parser.end) {
            throw parser.error("unexpected " + parser.describeByte() + " after the JSON value");
        }
        return value;
    }

    /** One line, no spaces: {"return":{"a":1}}. */
    public static String compact(JsonElement element) {
        return JsonWriter.COMPACT.toText(element);
    }

    private static final class Parser {
        private final byte[] b;
        private final int start;
        private final int end;
        private final Utf8 utf8;
        private int pos;
        private int depth;

        Parser(byte[] b, int start, int end, Utf8 utf8) {
            this.b = b;
            this.start = start;
            this.end = end;
            this.utf8 = utf8;
            this.pos = start;
        }

        JsonSyntaxError error(String message) {
            return new JsonSyntaxError(message, pos - start);
        }

        String describeByte() {
            if (pos >= end) {
                return "end of input";
            }
            int c = b[pos] & 0xFF;
            if (c >= 0x21 && c < 0x7F) {
                return "'" + (char) c + "'";
            }
            return String.format("byte 0x%02x", c);
        }

        void skipWhitespace() {
            while (pos < end) {
                byte c = b[pos];
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                    pos++;
                } else {
                    return;
                }
            }
        }

        JsonElement value() throws JsonSyntaxError {
            skipWhitespace();
            if (pos >= end) {
                throw error("unexpected end of input, expected a value");
            }
            byte c = b[pos];
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return new JsonPrimitive(string());
                case 't':
                    literal("true");
                    return new JsonPrimitive(true);
                case 'f':
                    literal("false");
                    return new JsonPrimitive(false);
                case 'n':
                    literal("null");
                    return JsonNull.INSTANCE;
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return number();
                    }
                    throw error("unexpected " + describeByte() + ", expected a value");
            }
        }

        private void enter() throws JsonSyntaxError {
            if (++depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        private JsonObject object() throws JsonSyntaxError {
            enter();
            pos++;
            JsonObject object = new JsonObject();
            skipWhitespace();
            if (pos < end && b[pos] == '}') {
                pos++;
                depth--;
                return object;
            }
            while (true) {
                skipWhitespace();
                if (pos >= end || b[pos] != '"') {
                    throw error("unexpected " + describeByte() + ", expected a member name in double quotes");
                }
                int keyAt = pos;
                String key = string();
                skipWhitespace();
                if (pos >= end || b[pos] != ':') {
                    throw error("unexpected " + describeByte() + ", expected ':' after member name");
                }
                pos++;
                JsonElement value = value();
                if (utf8 == Utf8.STRICT && object.has(key)) {
                    throw new JsonSyntaxError("duplicate member \"" + key + "\"", keyAt - start);
                }
                object.add(key, value);
                skipWhitespace();
                if (pos < end && b[pos] == ',') {
                    pos++;
                } else if (pos < end && b[pos] == '}') {
                    pos++;
                    depth--;
                    return object;
                } else {
                    throw error("unexpected " + describeByte() + ", expected ',' or '}'");
                }
            }
        }

        private JsonArray array() throws JsonSyntaxError {
            enter();
            pos++;
            JsonArray array = new JsonArray();
            skipWhitespace();
            if (pos < end && b[pos] == ']') {
                pos++;
                depth--;
                return array;
            }
            while (true) {
                array.add(value());
                skipWhitespace();
                if (pos < end && b[pos] == ',') {
                    pos++;
                } else if (pos < end && b[pos] == ']') {
                    pos++;
                    depth--;
                    return array;
                } else {
                    throw error("unexpected " + describeByte() + ", expected ',' or ']'");
                }
            }
        }

        private void literal(String word) throws JsonSyntaxError {
            for (int i = 0; i < word.length(); i++) {
                if (pos + i >= end || b[pos + i] != word.charAt(i)) {
                    throw error("unexpected " + describeByte() + ", expected a value");
                }
            }
            pos += word.length();
        }

        private JsonPrimitive number() throws JsonSyntaxError {
            int from = pos;
            if (b[pos] == '-') {
                pos++;
            }
            if (pos < end && b[pos] == '0') {
                pos++;
            } else if (!digits()) {
                throw error("malformed number");
            }
            if (pos < end && b[pos] == '.') {
                pos++;
                if (!digits()) {
                    throw error("malformed number: digits expected after '.'");
                }
            }
            if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
                pos++;
                if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                    pos++;
                }
                if (!digits()) {
                    throw error("malformed number: digits expected in the exponent");
                }
            }
            if (pos < end && (Character.isLetterOrDigit(b[pos]) || b[pos] == '.')) {
                throw error("malformed number");
            }
            return new JsonPrimitive(new JsonNumber(new String(b, from, pos - from, StandardCharsets.ISO_8859_1)));
        }

        private boolean digits() {
            int from = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            return pos > from;
        }

        private String string() throws JsonSyntaxError {
            int quote = pos;
            pos++;
            int from = pos;
            while (pos < end) {
                byte c = b[pos];
                if (c == '"') {
                    pos++;
                    return new String(b, from, pos - 1 - from, StandardCharsets.ISO_8859_1);
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
                pos++;
            }
            StringBuilder sb = new StringBuilder(pos - from + 16);
            for (int i = from; i < pos; i++) {
                sb.append((char) b[i]);
            }
            while (pos < end) {
                int c = b[pos] & 0xFF;
                if (c == '"') {
                    pos++;
                    return sb.toString();
                } else if (c == '\\') {
                    escape(sb);
                } else if (c < 0x20) {
                    throw error(String.format("control character U+%04X inside a string must be escaped", c));
                } else if (c < 0x80) {
                    sb.append((char) c);
                    pos++;
                } else {
                    utf8Sequence(sb, c);
                }
            }
            pos = quote;
            throw error("unterminated string");
        }

        private void escape(StringBuilder sb) throws JsonSyntaxError {
            if (pos + 1 >= end) {
                pos++;
                throw error("unterminated string");
            }
            byte e = b[pos + 1];
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (pos + 6 > end) {
                        throw error("truncated \\u escape");
                    }
                    int code = 0;
                    for (int i = pos + 2; i < pos + 6; i++) {
                        int digit = Character.digit(b[i], 16);
                        if (digit < 0) {
                            throw error("malformed \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    sb.append((char) code);
                    pos += 6;
                    return;
                default:
                    throw error("invalid escape '\\" + (char) (e & 0xFF) + "'");
            }
            pos += 2;
        }

        /** Decodes one UTF-8 sequence whose lead byte is lead (>= 0x80). */
        private void utf8Sequence(StringBuilder sb, int lead) throws JsonSyntaxError {
            int need;
            int cp;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                need = 1;
                cp = lead & 0x1F;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                need = 2;
                cp = lead & 0x0F;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                need = 3;
                cp = lead & 0x07;
                min = 0x10000;
            } else {
                invalidUtf8(sb);
                return;
            }
            if (pos + need >= end) {
                invalidUtf8(sb);
                return;
            }
            for (int i = 1; i <= need; i++) {
                int cont = b[pos + i] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    invalidUtf8(sb);
                    return;
                }
                cp = (cp << 6) | (cont & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                invalidUtf8(sb);
                return;
            }
            sb.appendCodePoint(cp);
            pos += need + 1;
        }

        private void invalidUtf8(StringBuilder sb) throws JsonSyntaxError {
            if (utf8 == Utf8.STRICT) {
                throw error("invalid UTF-8 " + describeByte());
            }
            sb.append('\uFFFD');
            pos++;
        }
    }
}
