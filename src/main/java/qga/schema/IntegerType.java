package qga.schema;

import java.math.BigInteger;
import java.util.Map;

/**
 * The sized integer types of the agent's schema and their ranges. The agent refuses a value
 * outside them ("Invalid parameter type ... expected: integer") after qga has sent it, so qga
 * checks first. QAPI's int is 64-bit signed; size is a uint64.
 */
public record IntegerType(String name, BigInteger min, BigInteger max) {
    private static final Map<String, IntegerType> TYPES = Map.ofEntries(
            signed("int", 64), signed("int8", 8), signed("int16", 16), signed("int32", 32), signed("int64", 64),
            unsigned("uint8", 8), unsigned("uint16", 16), unsigned("uint32", 32), unsigned("uint64", 64),
            unsigned("size", 64));

    private static Map.Entry<String, IntegerType> signed(String name, int bits) {
        BigInteger half = BigInteger.ONE.shiftLeft(bits - 1);
        return Map.entry(name, new IntegerType(name, half.negate(), half.subtract(BigInteger.ONE)));
    }

    private static Map.Entry<String, IntegerType> unsigned(String name, int bits) {
        return Map.entry(name, new IntegerType(name, BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)));
    }

    /** The integer type of this name, or null for str, bool, number and the rest. */
    public static IntegerType of(String typeName) {
        return TYPES.get(typeName);
    }

    public boolean contains(BigInteger value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    /** "int takes -9223372036854775808 to 9223372036854775807", for messages. */
    public String range() {
        return name + " takes " + min + " to " + max;
    }
}
