package qga.cli;

import qga.base.QgaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ParseResult;
import qga.base.Excerpt;
import qga.base.Seconds;
import qga.format.ColorChoice;
import qga.format.Palette;
import qga.format.ReplyFormat;

/**
 * The options of one run: from the command line (before or after the subcommand), else the
 * chosen target in the config file, else the config file's defaults, else built-in defaults.
 */
record Settings(String address, Duration timeout, long maxReply, ReplyFormat format, ReplyFormat explicitFormat,
        String color, Palette palette, boolean verbose, boolean debug, boolean validate, boolean readOnly, boolean qmp,
        String eventsTo) {
    static final long LARGEST_MAX_REPLY = 1L << 30;

    /** The same settings with another --timeout (null: each command's default). */
    Settings withTimeout(Duration other) {
        return new Settings(address, other, maxReply, format, explicitFormat, color, palette, verbose, debug, validate, readOnly, qmp, eventsTo);
    }

    static Settings from(ParseResult top, ParseResult sub, Map<String, String> env, boolean stdoutIsTerminal,
            ConfigFile config) throws QgaException {
        ConfigFile.Section target = target(top, sub, config);
        return of(address(top, sub, target), target, top, sub, env, stdoutIsTerminal, config);
    }

    /** The settings for one of many targets: its address, and its section of the config file (null for an address). */
    static Settings forTarget(String address, ConfigFile.Section target, ParseResult top, ParseResult sub,
            Map<String, String> env, ConfigFile config) throws QgaException {
        return of(address, target, top, sub, env, false, config);
    }

    private static Settings of(String address, ConfigFile.Section target, ParseResult top, ParseResult sub,
            Map<String, String> env, boolean stdoutIsTerminal, ConfigFile config) throws QgaException {
        Duration timeout = timeout(pick(top, sub, "--timeout", "timeout", target, config));
        String maxReplyText = pick(top, sub, "--max-reply", "max-reply", target, config);
        long maxReply = maxReplyText == null ? qga.api.AgentOptions.DEFAULT_MAX_REPLY : size(maxReplyText);
        ReplyFormat explicitFormat = format(top, sub);
        if (explicitFormat == null) {
            String configured = setting("format", target, config);
            explicitFormat = configured == null ? null : ReplyFormat.parse(configured);
        }
        ReplyFormat format = explicitFormat != null ? explicitFormat : stdoutIsTerminal ? ReplyFormat.PRETTY : ReplyFormat.COMPACT;
        String color = pick(top, sub, "--color", "color", target, config);
        Palette palette = palette(color, env, stdoutIsTerminal && format != ReplyFormat.COMPACT);
        String readOnlyEnv = env.getOrDefault("QGA_READ_ONLY", "");
        boolean readOnly = flag(top, sub, "--read-only") || !(readOnlyEnv.isEmpty() || readOnlyEnv.equals("0"))
                || "true".equals(setting("read-only", target, config));
        return new Settings(address, timeout, maxReply, format, explicitFormat, color, palette, flag(top, sub, "--verbose"),
                flag(top, sub, "--debug"), !flag(top, sub, "--no-validate"), readOnly, flag(top, sub, "--qmp"),
                value(top, sub, "--events-to"));
    }

    /** -t NAME, or a positional address that is the name of a target. */
    private static ConfigFile.Section target(ParseResult top, ParseResult sub, ConfigFile config) throws QgaException {
        String name = value(top, sub, "--target");
        if (name != null) {
            ConfigFile.Section target = config.target(name);
            if (target == null) {
                throw QgaException.badInput("no target " + name + " in " + config.path()
                        + (config.targets().isEmpty() ? " (it defines none)" : " (targets: " + String.join(", ", config.targets().keySet()) + ")"));
            }
            return target;
        }
        String positional = top.matchedPositionalValue(0, null);
        if (positional != null && isBareName(positional)) {
            return config.target(positional);
        }
        return null;
    }

    private static boolean isBareName(String text) {
        return ConfigFile.isBareName(text);
    }

    private static String address(ParseResult top, ParseResult sub, ConfigFile.Section target) throws QgaException {
        List<String> options = addresses(top, sub);
        String option = options.isEmpty() ? null : options.get(0);
        String domain = value(top, sub, "--domain");
        if (domain != null) {
            if (option != null) {
                throw QgaException.badInput("--domain and --address both given: give one");
            }
            option = "libvirt:" + domain;
        }
        String positional = top.matchedPositionalValue(0, null);
        if (target != null && positional != null && positional.equals(target.name())) {
            positional = null;
        }
        if (option != null && positional != null) {
            throw QgaException.badInput("two addresses given (" + positional + " and " + option + "): give one");
        }
        if (positional != null && isBareName(positional) && !Files.exists(Path.of(positional))
                && !positional.startsWith("guest-")) {
            throw QgaException.badInput(positional + " is neither a socket here nor a target in the config file:"
                    + " write unix:PATH, another address, or add [" + positional + "] to the config");
        }
        String address = option != null ? option : positional;
        if (address == null && target != null) {
            address = target.get("address");
        }
        return address;
    }

    /** Every -a/--address given, before the subcommand and after it: more than one means many targets. */
    static List<String> addresses(ParseResult top, ParseResult sub) {
        List<String> all = new ArrayList<>(List.of(top.matchedOptionValue("--address", new String[0])));
        if (sub != null) {
            all.addAll(List.of(sub.matchedOptionValue("--address", new String[0])));
        }
        return all;
    }

    /** A command-line option, else the target's setting, else the config default. */
    private static String pick(ParseResult top, ParseResult sub, String option, String key, ConfigFile.Section target,
            ConfigFile config) {
        String given = value(top, sub, option);
        return given != null ? given : setting(key, target, config);
    }

    private static String setting(String key, ConfigFile.Section target, ConfigFile config) {
        String value = target == null ? null : target.get(key);
        return value != null ? value : config.defaults().get(key);
    }

    static String value(ParseResult top, ParseResult sub, String name) {
        String later = sub == null ? null : sub.matchedOptionValue(name, null);
        return later != null ? later : top.matchedOptionValue(name, null);
    }

    static boolean flag(ParseResult top, ParseResult sub, String name) {
        return top.hasMatchedOption(name) || (sub != null && sub.hasMatchedOption(name));
    }

    static Duration timeout(String text) throws QgaException {
        return text == null ? null : Seconds.parse(text, "timeout", "--timeout");
    }

    static long size(String text) throws QgaException {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long unit = 1;
        if (!t.isEmpty() && "KMG".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("KMG".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long value = Long.parseLong(t) * unit;
            if (value < 1024 || value > LARGEST_MAX_REPLY) {
                throw QgaException.badInput("max-reply " + Excerpt.of(text) + " is out of range: give 1K to 1G");
            }
            return value;
        } catch (NumberFormatException e) {
            throw QgaException.badInput("max-reply " + Excerpt.of(text) + " is not a size: write e.g. 80M, 512K or 1G");
        }
    }

    /** The format the user asked for on the command line, or null. */
    private static ReplyFormat format(ParseResult top, ParseResult sub) throws QgaException {
        ReplyFormat chosen = null;
        int count = 0;
        for (ReplyFormat f : ReplyFormat.values()) {
            if (flag(top, sub, "--" + f.label())) {
                chosen = f;
                count++;
            }
        }
        String named = value(top, sub, "--format");
        if (named != null) {
            ReplyFormat parsed = ReplyFormat.parse(named);
            if (parsed == null) {
                throw QgaException.badInput("--format " + named + " is not a format: use pretty, compact or return");
            }
            if (chosen != null && chosen != parsed) {
                count++;
            }
            chosen = parsed;
        }
        if (count > 1) {
            throw QgaException.badInput("choose one of --pretty, --compact and --return");
        }
        return chosen;
    }

    private static Palette palette(String when, Map<String, String> env, boolean colourable) throws QgaException {
        ColorChoice choice = ColorChoice.parse(when);
        if (choice == null) {
            throw QgaException.badInput("--color " + when + " is not auto, always or never");
        }
        return choice.palette(ColorChoice.noColor(env), env.get("TERM"), colourable);
    }
}
