package qga.cli;

import qga.base.QgaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qga.base.Excerpt;

/**
 * $XDG_CONFIG_HOME/qga/config (or $QGA_CONFIG): defaults at the top, then named targets:
 *
 * <pre>
 * timeout = 10
 * [web1]
 * address = libvirt:web1
 * read-only = true
 * </pre>
 *
 * and groups of targets, for commands over many at once:
 *
 * <pre>
 * [group web]
 * targets = web1, web2, libvirt:db
 * </pre>
 *
 * UTF-8 text (a BOM and CRLF line ends are fine) in a regular file of at most MAX_BYTES.
 * Every value is checked when the file is read; a mistake names the file and line.
 */
final class ConfigFile {
    /** Far more than any hand-written config; what a wrong QGA_CONFIG (a log, an image) may cost. */
    static final int MAX_BYTES = 1 << 20;

    /** MAX_BYTES as README and the man page state it. */
    static String limit() {
        return (MAX_BYTES >> 20) + " MiB";
    }

    static final List<String> SETTINGS = List.of("address", "timeout", "format", "color", "max-reply", "read-only");
    /** The one setting of a [group NAME]: its members, targets of this file or addresses, comma-separated. */
    static final String MEMBERS = "targets";
    private static final String GROUP = "group ";

    /** Settings given in one place (the defaults, or one target), each with the line it came from. */
    record Section(String name, Map<String, String> values) {
        String get(String key) {
            return values.get(key);
        }
    }

    private final Path path;
    private final Section defaults;
    private final Map<String, Section> targets;
    private final Map<String, List<String>> groups;

    private ConfigFile(Path path, Section defaults, Map<String, Section> targets, Map<String, List<String>> groups) {
        this.path = path;
        this.defaults = defaults;
        this.targets = targets;
        this.groups = groups;
    }

    static Path location(Map<String, String> env) {
        String explicit = env.get("QGA_CONFIG");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        String config = env.get("XDG_CONFIG_HOME");
        if (config != null && !config.isEmpty() && Path.of(config).isAbsolute()) {
            return Path.of(config, "qga", "config");
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config", "qga", "config");
    }

    static ConfigFile load(Map<String, String> env) throws QgaException {
        Path path = location(env);
        byte[] bytes;
        try {
            bytes = read(path);
        } catch (NoSuchFileException e) {
            return new ConfigFile(path, new Section(null, Map.of()), Map.of(), Map.of());
        } catch (AccessDeniedException e) {
            if (path.getParent() != null && !Files.isExecutable(path.getParent())) {
                // a home directory we may not enter (run under another user) holds no config of ours
                return new ConfigFile(path, new Section(null, Map.of()), Map.of(), Map.of());
            }
            throw QgaException.badInput("cannot read config " + path + ": permission denied");
        } catch (IOException e) {
            throw QgaException.badInput("cannot read config " + path + ": " + e.getMessage());
        }
        return parse(path, lines(path, bytes));
    }

    /**
     * The file's bytes, looked at before it is opened: opening a FIFO waits for a writer, and a
     * device such as /dev/zero never ends, so only a regular file within the limit is read.
     */
    private static byte[] read(Path path) throws IOException, QgaException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw QgaException.badInput("config " + path + " is " + kind(path, attributes)
                    + ", not a regular file: put the settings in a regular file");
        }
        if (attributes.size() > MAX_BYTES) {
            throw tooLarge(path, attributes.size());
        }
        try (InputStream in = Files.newInputStream(path)) {
            // the file may have grown since the look, so the read is bounded too
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw tooLarge(path, bytes.length);
            }
            return bytes;
        }
    }

    private static QgaException tooLarge(Path path, long size) {
        return QgaException.badInput("config " + path + " is " + size + " bytes, more than the "
                + limit() + " a config file may hold: check that it is the config file");
    }

    private static String kind(Path path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            switch ((Integer) Files.getAttribute(path, "unix:mode") & 0170000) {
                case 0010000:
                    return "a FIFO";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no unix view here: the general word will do
        }
        return "a special file";
    }

    /** The lines of UTF-8 text; a leading BOM is dropped, and a byte that is not UTF-8 names its line. */
    private static List<String> lines(Path path, byte[] bytes) throws QgaException {
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
        ByteBuffer in = bom ? ByteBuffer.wrap(bytes, 3, bytes.length - 3) : ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        if (decoder.decode(in, out, true).isError()) {
            int at = in.position();
            throw error(path, lineAt(bytes, at), String.format("byte 0x%02X is not UTF-8: save the file as UTF-8 text",
                    bytes[at] & 0xFF));
        }
        decoder.flush(out);
        return out.flip().toString().lines().toList();
    }

    /** The 1-based line holding byte offset, counting line ends as String.lines() does (LF, CR, CRLF). */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }

    static ConfigFile parse(Path path, List<String> lines) throws QgaException {
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, Section> targets = new LinkedHashMap<>();
        Map<String, Integer> headers = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        Map<String, String> current = defaults;
        String currentName = null;
        String currentGroup = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                String header = line.endsWith("]") ? line.substring(1, line.length() - 1).strip() : "";
                boolean group = header.startsWith(GROUP);
                String name = group ? header.substring(GROUP.length()).strip() : header;
                if (!name.matches("[A-Za-z0-9_.-]+")) {
                    throw error(path, number, (group ? "a group is written [group NAME]" : "a target is written [NAME]")
                            + ", with letters, digits, '.', '_' or '-' in NAME");
                }
                if (targets.containsKey(name) || groups.containsKey(name)) {
                    boolean same = group == groups.containsKey(name);
                    throw error(path, number, (groups.containsKey(name) ? "group [" : "target [") + Excerpt.of(name)
                            + "] is defined twice" + (same ? "" : ": targets and groups share one set of names"));
                }
                headers.put(name, number);
                if (group) {
                    currentGroup = name;
                    currentName = null;
                    current = new LinkedHashMap<>();
                    groups.put(name, null);
                    continue;
                }
                currentGroup = null;
                currentName = name;
                current = new LinkedHashMap<>();
                targets.put(currentName, new Section(currentName, current));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw error(path, number, "expected NAME = VALUE or [TARGET], got '" + Excerpt.of(line) + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (currentGroup != null) {
                if (!key.equals(MEMBERS)) {
                    throw error(path, number, "a group holds only targets = NAME, ... (" + Excerpt.of(key)
                            + " belongs under a [NAME] target)");
                }
                if (groups.get(currentGroup) != null) {
                    throw error(path, number, MEMBERS + " is set twice in [group " + Excerpt.of(currentGroup) + "]");
                }
                groups.put(currentGroup, members(path, number, value));
                continue;
            }
            if (key.equals(MEMBERS)) {
                throw error(path, number, "targets belongs in a group: put it under a [group NAME] line");
            }
            if (!SETTINGS.contains(key)) {
                throw error(path, number, "unknown setting '" + Excerpt.of(key) + "' (settings: " + String.join(", ", SETTINGS) + ")");
            }
            if (key.equals("address") && currentName == null) {
                throw error(path, number, "address belongs in a target: put it under a [NAME] line");
            }
            if (current.containsKey(key)) {
                throw error(path, number, key + " is set twice" + (currentName == null ? "" : " in [" + Excerpt.of(currentName) + "]"));
            }
            try {
                check(key, value);
            } catch (QgaException e) {
                throw error(path, number, e.getMessage());
            }
            current.put(key, value);
        }
        for (Section target : targets.values()) {
            if (target.get("address") == null) {
                throw error(path, headers.get(target.name()), "target [" + Excerpt.of(target.name())
                        + "] has no address: add an address = line under it");
            }
        }
        for (Map.Entry<String, List<String>> group : groups.entrySet()) {
            checkGroup(path, headers.get(group.getKey()), group.getKey(), group.getValue(), targets, groups);
        }
        return new ConfigFile(path, new Section(null, Collections.unmodifiableMap(defaults)),
                Collections.unmodifiableMap(targets), Collections.unmodifiableMap(groups));
    }

    /** A group's members, comma-separated, none empty. */
    private static List<String> members(Path path, int line, String value) throws QgaException {
        List<String> members = new java.util.ArrayList<>();
        for (String member : value.split(",", -1)) {
            if (member.isBlank()) {
                throw error(path, line, "an empty member in targets = " + Excerpt.of(value)
                        + ": write targets = NAME, ADDRESS, ...");
            }
            members.add(member.strip());
        }
        return List.copyOf(members);
    }

    /** Every member a target of this file or an address (not a group: one level keeps it plain). */
    private static void checkGroup(Path path, int line, String name, List<String> members, Map<String, Section> targets,
            Map<String, List<String>> groups) throws QgaException {
        if (members == null) {
            throw error(path, line, "group [" + Excerpt.of(name) + "] has no members: add a targets = NAME, ... line under it");
        }
        for (String member : members) {
            if (groups.containsKey(member)) {
                throw error(path, line, "group [" + Excerpt.of(name) + "] names the group " + Excerpt.of(member)
                        + ": list its targets instead");
            }
            if (isBareName(member) && !targets.containsKey(member)) {
                throw error(path, line, "group [" + Excerpt.of(name) + "] names " + Excerpt.of(member)
                        + ", which is no target here: define [" + Excerpt.of(member) + "] or write its address");
            }
        }
    }

    /** A word without ':' or '/': the name of a target or group rather than an address. */
    static boolean isBareName(String text) {
        return text.indexOf(':') < 0 && text.indexOf('/') < 0;
    }

    /** The same checks the command-line options get. */
    private static void check(String key, String value) throws QgaException {
        switch (key) {
            case "timeout" -> Settings.timeout(value);
            case "max-reply" -> Settings.size(value);
            case "format" -> {
                if (qga.format.ReplyFormat.parse(value) == null) {
                    throw QgaException.badInput("format = " + Excerpt.of(value) + " is not pretty, compact or return");
                }
            }
            case "color" -> {
                if (qga.format.ColorChoice.parse(value) == null) {
                    throw QgaException.badInput("color = " + Excerpt.of(value) + " is not auto, always or never");
                }
            }
            case "read-only" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw QgaException.badInput("read-only = " + Excerpt.of(value) + " is not true or false");
                }
            }
            default -> {
                if (value.isEmpty()) {
                    throw QgaException.badInput(key + " is empty");
                }
            }
        }
    }

    private static QgaException error(Path path, int line, String what) {
        return QgaException.badInput("config " + path + " line " + line + ": " + what);
    }

    Path path() {
        return path;
    }

    Section defaults() {
        return defaults;
    }

    Section target(String name) {
        return targets.get(name);
    }

    Map<String, Section> targets() {
        return targets;
    }

    /** A group's members as written, or null. */
    List<String> group(String name) {
        return groups.get(name);
    }

    Map<String, List<String>> groups() {
        return groups;
    }
}
