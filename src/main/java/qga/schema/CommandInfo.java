package qga.schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the catalog knows about one agent command. platforms says where it exists in words; os
 * lists the only operating systems an agent has it on (null: any, or it depends on the build).
 */
public record CommandInfo(String name, String since, String purpose, String description, boolean replies,
        boolean changesState, String platforms, List<String> os, Duration timeout, List<Argument> arguments,
        ArgType returns, String returnsDescription, String example) {

    /** False only when both are known and the command is not built for guestOs. */
    public boolean runsOn(String guestOs) {
        return guestOs == null || os == null || os.contains(guestOs);
    }

    /** "Windows", "Linux and Windows", "Linux, Windows and FreeBSD"; null when any OS. */
    public String osList() {
        if (os == null) {
            return null;
        }
        int last = os.size() - 1;
        return last == 0 ? os.get(0) : String.join(", ", os.subList(0, last)) + " and " + os.get(last);
    }

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
