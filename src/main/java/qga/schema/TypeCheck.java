package qga.schema;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import qga.base.Excerpt;
import qga.json.JsonCodec;
import qga.json.JsonNumber;

/** Checks a JSON value against a catalog type before it is sent. */
public final class TypeCheck {
    private TypeCheck() {
    }

    /** What a value of this type looks like, for messages: "an integer", "a list of strings". */
    public static String expected(ArgType type) {
        if (type instanceof ArgType.Scalar scalar) {
            if (IntegerType.of(scalar.name()) != null) {
                return "an integer";
            }
            return switch (scalar.name()) {
                case "str" -> "a string";
                case "bool" -> "true or false";
                case "number" -> "a number";
                default -> "any JSON value";
            };
        }
        if (type instanceof ArgType.ListOf list) {
            return "a list of " + plural(list.item());
        }
        if (type instanceof ArgType.Enumeration enumeration) {
            return "one of " + String.join(", ", enumeration.values());
        }
        if (type instanceof ArgType.Struct struct) {
            return "an object " + struct.describe();
        }
        ArgType.Alternate alternate = (ArgType.Alternate) type;
        return String.join(", or ", alternate.choices().stream().map(TypeCheck::expected).toList());
    }

    private static String plural(ArgType item) {
        if (item instanceof ArgType.Scalar scalar) {
            if (IntegerType.of(scalar.name()) != null) {
                return "integers";
            }
            return switch (scalar.name()) {
                case "str" -> "strings";
                case "bool" -> "booleans";
                case "number" -> "numbers";
                default -> "JSON values";
            };
        }
        if (item instanceof ArgType.Struct struct) {
            return "objects " + struct.describe();
        }
        return "values (" + expected(item) + ")";
    }

    /** Null if the value fits, else what is wrong with it. */
    public static String problem(ArgType type, JsonElement value) {
        if (type instanceof ArgType.Scalar scalar) {
            IntegerType integer = IntegerType.of(scalar.name());
            if (integer != null) {
                BigInteger number = integer(value);
                if (number == null) {
                    return mismatch(type, value);
                }
                return integer.contains(number) ? null : abbreviate(value) + " is out of range: " + integer.range();
            }
            return fitsScalar(scalar.name(), value) ? null : mismatch(type, value);
        }
        if (type instanceof ArgType.Enumeration enumeration) {
            boolean fits = isString(value) && enumeration.values().contains(value.getAsString());
            return fits ? null : mismatch(type, value);
        }
        if (type instanceof ArgType.ListOf list) {
            if (!value.isJsonArray()) {
                return mismatch(type, value);
            }
            int index = 0;
            for (JsonElement item : value.getAsJsonArray()) {
                String problem = problem(list.item(), item);
                if (problem != null) {
                    return "item " + index + ": " + problem;
                }
                index++;
            }
            return null;
        }
        if (type instanceof ArgType.Struct struct) {
            return structProblem(struct, value);
        }
        ArgType.Alternate alternate = (ArgType.Alternate) type;
        for (ArgType choice : alternate.choices()) {
            if (problem(choice, value) == null) {
                return null;
            }
        }
        if (integer(value) != null) {
            // an integer that no choice takes is out of the integer choice's range: say that, not "expected"
            for (ArgType choice : alternate.choices()) {
                if (choice instanceof ArgType.Scalar scalar && IntegerType.of(scalar.name()) != null) {
                    return problem(choice, value);
                }
            }
        }
        return mismatch(type, value);
    }

    private static String structProblem(ArgType.Struct struct, JsonElement value) {
        if (!value.isJsonObject()) {
            return mismatch(struct, value);
        }
        Set<String> known = new HashSet<>();
        for (ArgType.Member member : struct.members()) {
            known.add(member.name());
            JsonElement field = value.getAsJsonObject().get(member.name());
            if (field == null) {
                if (!member.optional()) {
                    return "missing member \"" + member.name() + "\" in " + abbreviate(value);
                }
                continue;
            }
            String problem = problem(member.type(), field);
            if (problem != null) {
                return member.name() + ": " + problem;
            }
        }
        for (Map.Entry<String, JsonElement> field : value.getAsJsonObject().entrySet()) {
            if (!known.contains(field.getKey())) {
                return "unknown member \"" + field.getKey() + "\" (expected " + struct.describe() + ")";
            }
        }
        return null;
    }

    private static boolean fitsScalar(String name, JsonElement value) {
        switch (name) {
            case "str":
                return isString(value);
            case "bool":
                return value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
            case "number":
                return value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
            default:
                return true;
        }
    }

    /** The value as an exact integer, or null when it is not a JSON integer (a fraction, an exponent, not a number). */
    private static BigInteger integer(JsonElement value) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return null;
        }
        Number number = value.getAsNumber();
        if (number instanceof JsonNumber json) {
            return json.isIntegral() ? new BigInteger(json.toString()) : null;
        }
        return number instanceof Integer || number instanceof Long ? BigInteger.valueOf(number.longValue()) : null;
    }

    private static boolean isString(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
    }

    private static String mismatch(ArgType type, JsonElement value) {
        return "expected " + expected(type) + ", got " + abbreviate(value);
    }

    private static String abbreviate(JsonElement value) {
        String text = value instanceof JsonPrimitive p && p.isString() ? JsonCodec.compact(p) : JsonCodec.compact(value);
        return Excerpt.of(text, 60);
    }
}
