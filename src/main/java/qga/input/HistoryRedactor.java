package qga.input;

import java.util.List;
import qga.base.Tokenizer;
import qga.schema.Catalog;

/**
 * What of a typed line may be kept in shell history: the values of arguments that carry secrets
 * or bulk data (passwords, file contents, process input, ssh keys) become a placeholder, found by
 * the argument's name in every form a line can take: KEY=VALUE and dotted keys, JSON in a value
 * or a word (--args), a JSON request over several lines or in single quotes, the shell's own
 * commands (:help ... password=...), and lines the shell refuses or cannot read. What cannot be
 * read is masked when a secret may be in it. The rest of the line stays as typed.
 */
public final class HistoryRedactor {
    public static final String PLACEHOLDER = "<redacted>";

    private final SecretNames secrets;
    private final JsonMask json;

    public HistoryRedactor(Catalog catalog) {
        this.secrets = new SecretNames(catalog);
        this.json = new JsonMask(secrets);
    }

    /** The line to save. */
    public String redact(String line) {
        return RequestParser.looksLikeJson(line) ? json.mask(line) : redactWords(line);
    }

    private String redactWords(String line) {
        Tokenizer.Scan scan = Tokenizer.scan(line);
        List<Tokenizer.Word> words = scan.words();
        int unclosed = scan.unclosedQuote();
        Tokenizer.Word cut = unclosed >= 0 && !words.isEmpty() && words.get(words.size() - 1).end() == unclosed
                ? words.get(words.size() - 1) : null;
        int readable = cut == null ? words.size() : words.size() - 1;
        // a word that is no KEY=VALUE may be a secret typed without its name
        boolean strayMayBeSecret = !words.isEmpty() && secrets.takenBy(words.get(0).text());
        TextEdits edits = new TextEdits(line);
        boolean nextIsSecret = false;
        for (int i = 0; i < readable; i++) {
            Tokenizer.Word word = words.get(i);
            String text = word.text();
            String secretName = secretName(text);
            if (nextIsSecret) {
                edits.replace(word.start(), word.end(), PLACEHOLDER);
                nextIsSecret = false;
            } else if (secretName != null && secretName.length() == text.length()) {
                nextIsSecret = true;
            } else if (secretName != null) {
                edits.replace(word.start(), word.end(), quote(secretName + PLACEHOLDER));
            } else if (looksLikeJson(text)) {
                maskJson(edits, line, word, "");
            } else if (text.indexOf('=') > 0 && looksLikeJson(text.substring(text.indexOf('=') + 1))) {
                maskJson(edits, line, word, text.substring(0, text.indexOf('=') + 1));
            } else if (i > 0 && strayMayBeSecret && text.indexOf('=') < 0 && !text.startsWith("-")) {
                edits.replace(word.start(), word.end(), PLACEHOLDER);
            }
        }
        if (unclosed >= 0) {
            maskUnreadable(line, cut == null ? unclosed : cut.start(), cut == null ? "" : cut.text(), nextIsSecret,
                    strayMayBeSecret, edits);
        }
        return edits.apply();
    }

    /**
     * The rest of a line from a quote that is never closed (from the start of its word) cannot be
     * read as words: it is masked if a secret may be in it, keeping only the KEY= it starts with.
     */
    private void maskUnreadable(String line, int start, String readPart, boolean isValue, boolean strayMayBeSecret,
            TextEdits edits) {
        String secretName = secretName(readPart);
        if (!isValue && !strayMayBeSecret && secretName == null && !secrets.mentionedIn(line.substring(start))) {
            return;
        }
        int eq = readPart.indexOf('=');
        String key = isValue ? "" : eq > 0 ? readPart.substring(0, eq + 1)
                : secretName != null && secretName.endsWith(":") ? secretName : "";
        edits.replace(start, line.length(), key.isEmpty() ? PLACEHOLDER : quote(key) + PLACEHOLDER);
    }

    /**
     * For a word that starts with a secret's name: the name and its separator (password=, a dotted
     * password.x=, or password: as in JSON), or the whole word when it is the bare name; else null.
     */
    private String secretName(String word) {
        int eq = word.indexOf('=');
        int colon = word.indexOf(':');
        if (eq < 0 && colon < 0) {
            return secrets.isSecret(word) ? word : null;
        }
        for (int at : new int[] {eq, colon}) {
            if (at > 0 && secrets.isSecret(word.substring(0, at))) {
                return word.substring(0, at + 1);
            }
        }
        return null;
    }

    /**
     * Masks secrets in the JSON of a word (after key, if any). The word is read both as the shell
     * reads it (quotes removed) and as typed; it is kept as typed, with values masked, when the
     * shell's reading of that holds no secret either, else rewritten from the shell's reading
     * (or masked whole when only the typed reading found a secret).
     */
    private void maskJson(TextEdits edits, String line, Tokenizer.Word word, String key) {
        String value = word.text().substring(key.length());
        String typed = line.substring(word.start(), word.end());
        String maskedTyped = typed.startsWith(key) && looksLikeJson(typed.substring(key.length()))
                ? key + json.mask(typed.substring(key.length())) : null;
        String masked = json.mask(value);
        if (masked.equals(value) && (maskedTyped == null || maskedTyped.equals(typed))) {
            return;
        }
        String replacement = maskedTyped != null && holdsNoSecret(maskedTyped, key) ? maskedTyped
                : masked.equals(value) ? quote(key) + PLACEHOLDER : quote(key + masked);
        edits.replace(word.start(), word.end(), replacement);
    }

    private boolean holdsNoSecret(String typed, String key) {
        Tokenizer.Scan scan = Tokenizer.scan(typed);
        if (scan.unclosedQuote() >= 0 || scan.words().size() != 1 || !scan.words().get(0).text().startsWith(key)) {
            return false;
        }
        String value = scan.words().get(0).text().substring(key.length());
        return json.mask(value).equals(value);
    }

    private static boolean looksLikeJson(String text) {
        return text.startsWith("{") || text.startsWith("[");
    }

    /** The word written so that the shell reads it back as it is: quoted when it holds blanks or quotes. */
    private static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> c <= ' ' || "'\"\\$`".indexOf(c) >= 0)) {
            return word;
        }
        int eq = word.indexOf('=');
        String key = eq > 0 && word.substring(0, eq).matches("[A-Za-z0-9_.-]+") ? word.substring(0, eq + 1) : "";
        return key + "'" + word.substring(key.length()).replace("'", "'\\''") + "'";
    }
}
