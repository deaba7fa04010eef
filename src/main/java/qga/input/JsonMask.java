package qga.input;

import java.util.ArrayList;
import java.util.List;

/**
 * Masks the values of secret members in JSON-like text without parsing it, so that it works on
 * what a parser refuses: single quotes (the agent accepts them), bare words, a missing brace, a
 * request spread over lines. Everything but the masked values stays as typed.
 */
final class JsonMask {
    static final String MASKED = "\"" + HistoryRedactor.PLACEHOLDER + "\"";

    private static final char STRING = 's';
    private static final char WORD = 'w';
    private static final char OPEN = '{';
    private static final char CLOSE = '}';
    private static final char COLON = ':';
    private static final char COMMA = ',';

    private record Token(char kind, int start, int end) {
    }

    private final SecretNames secrets;

    JsonMask(SecretNames secrets) {
        this.secrets = secrets;
    }

    /**
     * The text with the value of every member named after a secret replaced (a value that is
     * already the placeholder stays, so masking twice changes nothing). Where a secret's
     * name shows up other than as a member name, or a string is left open and the rest may hold a
     * secret, everything from there on is masked.
     */
    String mask(String text) {
        List<Token> tokens = new ArrayList<>();
        int unclosed = lex(text, tokens);
        TextEdits edits = new TextEdits(text);
        for (int k = 0; k < tokens.size(); k++) {
            Token token = tokens.get(k);
            if (token.kind() != STRING && token.kind() != WORD) {
                continue;
            }
            String content = content(text, token);
            boolean isName = k + 1 < tokens.size() && tokens.get(k + 1).kind() == COLON;
            if (isName && secrets.isSecret(content)) {
                if (k + 2 >= tokens.size()) {
                    break;
                }
                Token value = tokens.get(k + 2);
                if (value.kind() == STRING || value.kind() == WORD) {
                    if (!content(text, value).equals(HistoryRedactor.PLACEHOLDER)) {
                        edits.replace(value.start(), value.end(), MASKED);
                    }
                    k += 2;
                } else if (value.kind() == OPEN) {
                    int close = matchingClose(tokens, k + 2);
                    if (close < 0) {
                        edits.replace(value.start(), text.length(), MASKED);
                        return edits.apply();
                    }
                    edits.replace(value.start(), tokens.get(close).end(), MASKED);
                    k = close;
                }
                continue;
            }
            int eq = content.indexOf('=');
            if (eq > 0 && secrets.isSecret(content.substring(0, eq))) {
                if (content.substring(eq + 1).equals(HistoryRedactor.PLACEHOLDER)) {
                    continue;
                }
                String quote = token.kind() == STRING ? text.substring(token.start(), token.start() + 1) : "";
                edits.replace(token.start(), token.end(),
                        quote + content.substring(0, eq + 1) + HistoryRedactor.PLACEHOLDER + quote);
            } else if (!isName && secrets.mentionedIn(content)) {
                // a secret's name where no name belongs: quotes out of step, so the text is not what it seems
                edits.replace(token.start(), text.length(), MASKED);
                return edits.apply();
            }
        }
        if (unclosed >= 0 && (awaitsSecret(text, tokens) || secrets.mentionedIn(text.substring(unclosed)))) {
            edits.replace(unclosed, text.length(), MASKED);
        }
        return edits.apply();
    }

    /** True when the last tokens are a secret's name (and colon), so its value is in the unread rest. */
    private boolean awaitsSecret(String text, List<Token> tokens) {
        int last = tokens.size() - 1;
        if (last >= 0 && tokens.get(last).kind() == COLON) {
            last--;
        }
        if (last < 0) {
            return false;
        }
        Token name = tokens.get(last);
        return (name.kind() == STRING || name.kind() == WORD) && secrets.isSecret(content(text, name));
    }

    /** Splits into tokens; returns the index of a string that is never closed, or -1. */
    private static int lex(String text, List<Token> tokens) {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int end = stringEnd(text, i);
                if (end < 0) {
                    return i;
                }
                tokens.add(new Token(STRING, i, end));
                i = end;
            } else if (c == '{' || c == '[') {
                tokens.add(new Token(OPEN, i, ++i));
            } else if (c == '}' || c == ']') {
                tokens.add(new Token(CLOSE, i, ++i));
            } else if (c == ':' || c == ',') {
                tokens.add(new Token(c, i, ++i));
            } else {
                int start = i;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(WORD, start, i));
            }
        }
        return -1;
    }

    private static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && "{}[]:,\"'".indexOf(c) < 0;
    }

    /** The index after the quote that closes the string opened at open, or -1. */
    private static int stringEnd(String text, int open) {
        char quote = text.charAt(open);
        for (int i = open + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return -1;
    }

    private static int matchingClose(List<Token> tokens, int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            char kind = tokens.get(k).kind();
            if (kind == OPEN) {
                depth++;
            } else if (kind == CLOSE && --depth == 0) {
                return k;
            }
        }
        return -1;
    }

    private static String content(String text, Token token) {
        return token.kind() == STRING ? text.substring(token.start() + 1, token.end() - 1)
                : text.substring(token.start(), token.end());
    }
}
