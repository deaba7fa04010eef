package qga.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The type of an argument (or a reply value) in the catalog's small type grammar. */
public sealed interface ArgType {
    /** How help shows the type: str, int, ['str'], halt|powerdown|reboot, {a: int, b?: bool}. */
    String describe();

    /**
     * The values worth offering when completing, for the shell and the generated completions
     * alike: true and false for a bool, an enumeration's values unless the agent is older than
     * they are (a null version is not known: all of them), each choice's of an alternate.
     */
    default List<String> literals(String agentVersion) {
        List<String> values = new ArrayList<>();
        if (this instanceof Scalar scalar && scalar.name().equals("bool")) {
            values.addAll(List.of("true", "false"));
        } else if (this instanceof Enumeration enumeration && enumeration.acceptedBy(agentVersion)) {
            values.addAll(enumeration.values());
        } else if (this instanceof Alternate alternate) {
            alternate.choices().forEach(choice -> values.addAll(choice.literals(agentVersion)));
        }
        return values;
    }

    /** str, int, bool, number or any. */
    record Scalar(String name) implements ArgType {
        @Override
        public String describe() {
            return name;
        }
    }

    record ListOf(ArgType item) implements ArgType {
        @Override
        public String describe() {
            return "[" + (item instanceof Scalar s ? "'" + s.name() + "'" : item.describe()) + "]";
        }
    }

    /** String values from a fixed set; since is the version the set appeared, or null. */
    record Enumeration(List<String> values, String since) implements ArgType {
        @Override
        public String describe() {
            return String.join("|", values);
        }

        /** True when an agent of this version takes these values (a null version is not known: assume it does). */
        public boolean acceptedBy(String agentVersion) {
            return since == null || agentVersion == null || Versions.compare(agentVersion, since) >= 0;
        }
    }

    record Member(String name, ArgType type, boolean optional) {
    }

    record Struct(List<Member> members) implements ArgType {
        @Override
        public String describe() {
            return members.stream().map(m -> m.name() + (m.optional() ? "?" : "") + ": " + m.type().describe())
                    .collect(Collectors.joining(", ", "{", "}"));
        }
    }

    /** One of several types (guest-exec's capture-output: bool, or an enumeration since 8.0). */
    record Alternate(List<ArgType> choices) implements ArgType {
        @Override
        public String describe() {
            return choices.stream().map(ArgType::describe).collect(Collectors.joining(" or "));
        }
    }
}
