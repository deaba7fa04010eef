package qga.input;

import java.util.HashSet;
import java.util.Set;
import qga.schema.Argument;
import qga.schema.Catalog;
import qga.schema.CommandInfo;

/**
 * The argument names whose values never go into history: every name the catalog marks as
 * redacted in any command (password, buf-b64, input-data, keys), whatever command it is typed
 * with, so that a misspelt or unknown command keeps no secret either.
 */
final class SecretNames {
    private final Set<String> names = new HashSet<>();
    private final Set<String> commands = new HashSet<>();

    SecretNames(Catalog catalog) {
        for (CommandInfo info : catalog.all()) {
            for (Argument argument : info.arguments()) {
                if (argument.redact()) {
                    names.add(argument.name());
                    commands.add(info.name());
                }
            }
        }
    }

    /** A secret name, or a dotted key with one among its parts (password.x, x.password). */
    boolean isSecret(String key) {
        if (names.contains(key)) {
            return true;
        }
        for (String part : key.split("\\.", -1)) {
            if (names.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** True for a command that takes a secret argument (guest-set-user-password, guest-exec, ...). */
    boolean takenBy(String command) {
        return commands.contains(command);
    }

    /**
     * True when the text names a secret argument as a word of its own: "password" in
     * {"password" or password= counts, the tail of guest-set-user-password does not.
     */
    boolean mentionedIn(String text) {
        for (String name : names) {
            for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
                int end = at + name.length();
                if ((at == 0 || !isNameChar(text.charAt(at - 1))) && (end == text.length() || !isNameChar(text.charAt(end)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
