package qga.input;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import qga.base.BadInputException;
import qga.base.Tokenizer;
import qga.protocol.JsonCodec;
import qga.protocol.JsonSyntaxError;
import qga.schema.Argument;
import qga.schema.Catalog;
import qga.schema.CommandInfo;

/**
 * What of a typed line may be kept in shell history: values of arguments that carry secrets or
 * bulk data (passwords, file contents, process input, ssh keys) become a placeholder. A line that
 * cannot be read well enough to tell, yet names such an argument, is not kept at all.
 */
public final class HistoryRedactor {
    public static final String PLACEHOLDER = "<redacted>";

    private final Catalog catalog;
    private final Set<String> sensitiveNames = new HashSet<>();

    public HistoryRedactor(Catalog catalog) {
        this.catalog = catalog;
        for (CommandInfo info : catalog.all()) {
            for (Argument argument : info.arguments()) {
                if (argument.redact()) {
                    sensitiveNames.add(argument.name());
                }
            }
        }
    }

    /** The line to save, or null when it must not be saved. */
    public String redact(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith(":")) {
            return line;
        }
        String result = RequestParser.looksLikeJson(trimmed) ? redactJson(trimmed) : redactShorthand(trimmed);
        if (result == null && !mentionsSensitive(trimmed)) {
            return line;
        }
        return result;
    }

    private String redactJson(String text) {
        JsonElement parsed;
        try {
            parsed = JsonCodec.parse(text);
        } catch (JsonSyntaxError e) {
            return null;
        }
        if (!parsed.isJsonObject()) {
            return text;
        }
        JsonObject request = parsed.getAsJsonObject();
        JsonElement command = request.get("execute");
        JsonElement arguments = request.get("arguments");
        if (arguments == null || !arguments.isJsonObject()) {
            return text;
        }
        boolean changed = false;
        for (String name : List.copyOf(arguments.getAsJsonObject().keySet())) {
            if (isSensitive(command != null && command.isJsonPrimitive() ? command.getAsString() : null, name)) {
                arguments.getAsJsonObject().add(name, new JsonPrimitive(PLACEHOLDER));
                changed = true;
            }
        }
        return changed ? JsonCodec.compact(request) : text;
    }

    private String redactShorthand(String text) {
        List<String> words;
        try {
            words = Tokenizer.split(text);
        } catch (BadInputException e) {
            return null;
        }
        if (words.isEmpty()) {
            return text;
        }
        String command = words.get(0);
        List<String> kept = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int eq = word.indexOf('=');
            if (i > 0 && eq > 0 && isSensitive(command, word.substring(0, eq))) {
                word = word.substring(0, eq + 1) + PLACEHOLDER;
                changed = true;
            }
            kept.add(word);
        }
        if (!changed) {
            return text;
        }
        List<String> quoted = new ArrayList<>();
        kept.forEach(w -> quoted.add(quote(w)));
        return String.join(" ", quoted);
    }

    /** Sensitive for this command; for a command the catalog does not know, any name that is sensitive anywhere. */
    private boolean isSensitive(String command, String argument) {
        CommandInfo info = command == null ? null : catalog.find(command);
        if (info == null) {
            return sensitiveNames.contains(argument);
        }
        return info.argument(argument).map(Argument::redact).orElse(false);
    }

    private boolean mentionsSensitive(String text) {
        for (String name : sensitiveNames) {
            if (text.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> c <= ' ' || "'\"\\$`".indexOf(c) >= 0)) {
            return word;
        }
        int eq = word.indexOf('=');
        String key = eq > 0 && word.substring(0, eq).matches("[A-Za-z0-9_.-]+") ? word.substring(0, eq + 1) : "";
        return key + "'" + word.substring(key.length()).replace("'", "'\\''") + "'";
    }
}
