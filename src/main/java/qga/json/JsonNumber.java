package qga.json;

import java.math.BigDecimal;

/**
 * A JSON number kept as the exact text it arrived in. Agent integers exceed 2^53 (nanosecond
 * clocks, u64 counters), so a number is never turned into a double on its way to the screen.
 */
public final class JsonNumber extends Number {
    private static final long serialVersionUID = 1L;

    private final String text;

    public JsonNumber(String text) {
        this.text = text;
    }

    /** True when the text has no fraction or exponent. */
    public boolean isIntegral() {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    @Override
    public int intValue() {
        return (int) longValue();
    }

    @Override
    public long longValue() {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return new BigDecimal(text).longValue();
        }
    }

    @Override
    public float floatValue() {
        return Float.parseFloat(text);
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
