package qga.schema;

/**
 * One argument of an agent command. Redacted arguments carry secrets or bulk data (passwords,
 * file contents, ssh keys) and never go into shell history.
 */
public record Argument(String name, ArgType type, boolean optional, String description, String format,
        boolean redact, String since) {
}
