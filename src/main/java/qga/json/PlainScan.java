package qga.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates one JSON object fed as bytes, piece by piece, and says whether it is plain: every
 * string (names too) only printable ASCII without a quote or backslash, no member name twice in
 * one object, nesting within {@link JsonCodec#MAX_DEPTH}. Such text printed compact from a tree is
 * the same bytes with the whitespace between tokens left out: numbers are kept as received, and
 * nothing in a plain string needs escaping. Anything else (invalid, or merely not plain) fails the
 * scan, and the caller parses the tree as before, so errors keep their exact messages.
 */
public final class PlainScan {
    private enum State {
        VALUE, FIRST_ELEMENT, FIRST_KEY, NEXT_KEY, KEY, COLON, STRING, NUMBER, LITERAL, AFTER_VALUE, DONE, FAILED
    }

    /** Where in a number the scan is; ENDED: the byte looked at cannot continue it. */
    private enum NumberPart {
        MINUS, ZERO, INT, DOT, FRACTION, E, EXPONENT_SIGN, EXPONENT, ENDED
    }

    private State state = State.VALUE;
    private NumberPart number;
    private String literal;
    private int literalAt;
    private int depth;
    private final boolean[] inObject = new boolean[JsonCodec.MAX_DEPTH + 2];
    private final List<Set<String>> names = new ArrayList<>();
    private byte[] key = new byte[32];
    private int keyLength;
    private String memberName;
    private int memberStart;
    private int valueStart;
    /**
     * The runs of whitespace between tokens, [start, end) pairs in order, so that printing can
     * copy what lies between them without looking at every byte again; null after too many.
     */
    int[] gaps = new int[16];
    int gapInts;
    private static final int MAX_GAP_INTS = 2048;
    /** The top-level members: names, and where each starts (its name's quote) and ends. */
    final List<String> members = new ArrayList<>();
    final List<int[]> ranges = new ArrayList<>();

    /** Bytes fed so far: where the next piece sits in the whole text. */
    private int fed;

    /** Feeds the next piece of the text, data[from, to). */
    public void feed(byte[] data, int from, int to) {
        int base = fed - from;
        fed += to - from;
        int i = from;
        while (i < to && state != State.FAILED) {
            i = step(data, i, to, base);
        }
    }

    /** True when the text fed was one complete plain object. */
    public boolean plain() {
        return state == State.DONE;
    }

    /** Handles data[i] (and, inside strings, the run after it); returns the next index. */
    private int step(byte[] data, int i, int to, int base) {
        byte c = data[i];
        switch (state) {
            case STRING:
                i = plainRun(data, i, to);
                if (i == to) {
                    return i;
                }
                if (data[i] != '"') {
                    return fail(i);
                }
                endValue(base + i + 1);
                return i + 1;
            case KEY:
                int from = i;
                i = plainRun(data, i, to);
                appendKey(data, from, i);
                if (i == to) {
                    return i;
                }
                if (data[i] != '"') {
                    return fail(i);
                }
                endKey();
                return i + 1;
            case NUMBER:
                return number(c, i, base);
            case LITERAL:
                if (c != literal.charAt(literalAt)) {
                    return fail(i);
                }
                if (++literalAt == literal.length()) {
                    endValue(base + i + 1);
                }
                return i + 1;
            default:
                break;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            gap(base + i);
            return i + 1;
        }
        switch (state) {
            case FIRST_ELEMENT:
                if (c == ']') {
                    close(base + i);
                    return i + 1;
                }
                return value(c, i, base);
            case VALUE:
                return value(c, i, base);
            case FIRST_KEY:
                if (c == '}') {
                    close(base + i);
                    return i + 1;
                }
                return startKey(c, i, base);
            case NEXT_KEY:
                return startKey(c, i, base);
            case COLON:
                if (c != ':') {
                    return fail(i);
                }
                state = State.VALUE;
                return i + 1;
            case AFTER_VALUE:
                if (c == ',') {
                    state = inObject[depth] ? State.NEXT_KEY : State.VALUE;
                } else if (c == (inObject[depth] ? '}' : ']')) {
                    close(base + i);
                } else {
                    return fail(i);
                }
                return i + 1;
            default:
                return fail(i);
        }
    }

    private int value(byte c, int i, int base) {
        if (depth == 0 && c != '{') {
            return fail(i);
        }
        if (depth == 1) {
            valueStart = base + i;
        }
        if (c == '{' || c == '[') {
            if (++depth > JsonCodec.MAX_DEPTH) {
                return fail(i);
            }
            inObject[depth] = c == '{';
            if (c == '{') {
                while (names.size() <= depth) {
                    names.add(null);
                }
                if (names.get(depth) != null) {
                    names.get(depth).clear();
                }
            }
            state = c == '{' ? State.FIRST_KEY : State.FIRST_ELEMENT;
        } else if (c == '"') {
            state = State.STRING;
        } else if (c == 't' || c == 'f' || c == 'n') {
            literal = c == 't' ? "true" : c == 'f' ? "false" : "null";
            literalAt = 1;
            state = State.LITERAL;
        } else if (c == '-') {
            number = NumberPart.MINUS;
            state = State.NUMBER;
        } else if (c >= '0' && c <= '9') {
            number = c == '0' ? NumberPart.ZERO : NumberPart.INT;
            state = State.NUMBER;
        } else {
            return fail(i);
        }
        return i + 1;
    }

    /** The number grammar JsonCodec accepts; a byte that cannot continue it ends it and is looked at again. */
    private int number(byte c, int i, int base) {
        boolean digit = c >= '0' && c <= '9';
        boolean exponent = c == 'e' || c == 'E';
        NumberPart next = switch (number) {
            case MINUS -> c == '0' ? NumberPart.ZERO : digit ? NumberPart.INT : null;
            case ZERO -> c == '.' ? NumberPart.DOT : exponent ? NumberPart.E : digit ? null : NumberPart.ENDED;
            case INT -> digit ? NumberPart.INT : c == '.' ? NumberPart.DOT : exponent ? NumberPart.E : NumberPart.ENDED;
            case DOT -> digit ? NumberPart.FRACTION : null;
            case FRACTION -> digit ? NumberPart.FRACTION : exponent ? NumberPart.E : NumberPart.ENDED;
            case E -> c == '+' || c == '-' ? NumberPart.EXPONENT_SIGN : digit ? NumberPart.EXPONENT : null;
            case EXPONENT_SIGN -> digit ? NumberPart.EXPONENT : null;
            case EXPONENT -> digit ? NumberPart.EXPONENT : NumberPart.ENDED;
            case ENDED -> null;
        };
        if (next == null) {
            return fail(i);
        }
        if (next == NumberPart.ENDED) {
            // c belongs to what follows the number
            endValue(base + i);
            return i;
        }
        number = next;
        return i + 1;
    }

    private int startKey(byte c, int i, int base) {
        if (c != '"') {
            return fail(i);
        }
        if (depth == 1) {
            memberStart = base + i;
        }
        keyLength = 0;
        state = State.KEY;
        return i + 1;
    }

    private void appendKey(byte[] data, int from, int to) {
        int n = to - from;
        if (keyLength + n > key.length) {
            key = Arrays.copyOf(key, Math.max(key.length * 2, keyLength + n));
        }
        System.arraycopy(data, from, key, keyLength, n);
        keyLength += n;
    }

    private void endKey() {
        String name = new String(key, 0, keyLength, StandardCharsets.ISO_8859_1);
        Set<String> seen = names.get(depth);
        if (seen == null) {
            seen = new HashSet<>();
            names.set(depth, seen);
        }
        if (!seen.add(name)) {
            state = State.FAILED;
            return;
        }
        if (depth == 1) {
            memberName = name;
        }
        state = State.COLON;
    }

    private void close(int at) {
        depth--;
        endValue(at + 1);
    }

    private void endValue(int end) {
        if (depth == 0) {
            state = State.DONE;
            return;
        }
        if (depth == 1) {
            members.add(memberName);
            ranges.add(new int[] {memberStart, valueStart, end});
        }
        state = State.AFTER_VALUE;
    }

    private void gap(int at) {
        if (gaps == null) {
            return;
        }
        if (gapInts > 0 && gaps[gapInts - 1] == at) {
            gaps[gapInts - 1] = at + 1;
            return;
        }
        if (gapInts == MAX_GAP_INTS) {
            gaps = null;
            return;
        }
        if (gapInts == gaps.length) {
            gaps = Arrays.copyOf(gaps, gaps.length * 2);
        }
        gaps[gapInts++] = at;
        gaps[gapInts++] = at + 1;
    }

    private int fail(int i) {
        state = State.FAILED;
        return i;
    }

    /**
     * The end of the run of plain string bytes (printable ASCII other than a quote or a backslash,
     * bytes that stand for themselves) from i: a small loop over a table, which C1 compiles to
     * about half the time of the four comparisons inline in {@link #step}.
     */
    private static int plainRun(byte[] data, int i, int to) {
        boolean[] plain = PLAIN;
        while (i < to && plain[data[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    private static final boolean[] PLAIN = new boolean[256];

    static {
        for (int c = 0x20; c < 0x7F; c++) {
            PLAIN[c] = c != '"' && c != '\\';
        }
    }
}
