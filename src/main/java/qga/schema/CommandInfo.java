package qga.schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the catalog knows about one agent command. */
public record CommandInfo(String name, String since, String purpose, String description, boolean replies,
        boolean changesState, String platforms, Duration timeout, List<Argument> arguments, ArgType returns,
        String returnsDescription, String example) {

    public Optional<Argument> argument(String argumentName) {
        return arguments.stream().filter(a -> a.name().equals(argumentName)).findFirst();
    }

    /** The usage line: guest-file-read handle=INT [count=INT]. */
    public String usage() {
        StringBuilder line = new StringBuilder(name);
        for (Argument argument : arguments) {
            String pair = argument.name() + "=" + placeholder(argument.type());
            line.append(' ').append(argument.optional() ? "[" + pair + "]" : pair);
        }
        return line.toString();
    }

    private static String placeholder(ArgType type) {
        if (type instanceof ArgType.Scalar scalar) {
            if (IntegerType.of(scalar.name()) != null) {
                return "INT";
            }
            return switch (scalar.name()) {
                case "str" -> "STR";
                case "bool" -> "true|false";
                case "number" -> "NUM";
                default -> "JSON";
            };
        }
        if (type instanceof ArgType.Enumeration enumeration) {
            return enumeration.describe();
        }
        if (type instanceof ArgType.ListOf list && list.item() instanceof ArgType.Scalar) {
            return "LIST";
        }
        if (type instanceof ArgType.Alternate alternate) {
            return alternate.choices().stream().map(CommandInfo::placeholder)
                    .reduce((a, b) -> a + "|" + b).orElse("JSON");
        }
        return "JSON";
    }
}
