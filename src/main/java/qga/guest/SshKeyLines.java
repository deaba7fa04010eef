package qga.guest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import qga.base.QgaException;

/**
 * The ssh public keys in a key file's text, one authorized_keys line each, checked before any
 * goes to the guest: blank lines and # comments are skipped; every other line must hold a key
 * type followed by its base64 blob, whose own first field names that same type (what ssh-keygen
 * writes: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5... user@host"), after optional authorized_keys
 * options. The agent itself only refuses a line that starts with # or holds a newline.
 */
public final class SshKeyLines {
    private SshKeyLines() {
    }

    /**
     * The keys in text, trimmed; source names the text in errors ("id_ed25519.pub", "stdin").
     * Throws QgaException.badInput naming the line that is not a public key.
     */
    public static List<String> parse(String text, String source) throws QgaException {
        List<String> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = problem(line);
            if (problem != null) {
                throw QgaException.badInput(source + " line " + (i + 1) + ": " + problem);
            }
            keys.add(line);
        }
        if (keys.isEmpty()) {
            throw QgaException.badInput(source + " holds no ssh public key (a line such as ssh-ed25519 AAAA... user@host)");
        }
        return keys;
    }

    /** Why the line is not a public key, or null if it is one. */
    static String problem(String line) {
        if (line.startsWith("-----BEGIN")) {
            return "this is a private key, which must never leave its machine: give the public one (the .pub file)";
        }
        String[] words = line.split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (blobNames(words[i + 1], words[i])) {
                return null;
            }
        }
        // the line itself is not quoted: a file given by mistake may hold a secret
        return "not an ssh public key (expected TYPE BASE64 [COMMENT], such as ssh-ed25519 AAAAC3Nza... user@host)";
    }

    /** True if word is base64 whose first length-prefixed string is type, as in every ssh public key blob. */
    private static boolean blobNames(String word, String type) {
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(word);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (blob.length < 4) {
            return false;
        }
        int length = ByteBuffer.wrap(blob).getInt();
        return length == type.length() && blob.length >= 4 + length
                && new String(blob, 4, length, StandardCharsets.US_ASCII).equals(type);
    }
}
