package qga.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParseResult;
import qga.base.Excerpt;
import qga.base.Log;
import qga.base.QgaException;
import qga.transport.LibvirtHost;

/**
 * The targets of a command run over many: -a given more than once, --targets FILE, --all, and
 * config groups named by -t or as the address, each entry an address or a config target. Every
 * mistake (a name that is nothing, the same agent twice) is found here, before anything is sent.
 */
final class TargetList {
    /** One target: its name as the user gave it, its address, and its config section (null for an address). */
    record Entry(String name, String address, ConfigFile.Section section, String where) {
    }

    private final ConfigFile config;
    private final Invocation invocation;
    private final List<Entry> entries = new ArrayList<>();

    private TargetList(ConfigFile config, Invocation invocation) {
        this.config = config;
        this.invocation = invocation;
    }

    /** Whether the command line asks for many targets (even if they turn out to be one). */
    static boolean requested(ParseResult top, ParseResult sub, ConfigFile config) {
        if (Settings.addresses(top, sub).size() > 1 || Settings.value(top, sub, "--targets") != null
                || Settings.flag(top, sub, "--all")) {
            return true;
        }
        String named = Settings.value(top, sub, "--target");
        String positional = top.matchedPositionalValue(0, null);
        return (named != null && config.group(named) != null) || (positional != null && config.group(positional) != null);
    }

    /** Every target the command line names, in the order given, checked. */
    static List<Entry> resolve(ParseResult top, ParseResult sub, ConfigFile config, Invocation invocation, Duration timeout,
            Log log) throws QgaException {
        TargetList list = new TargetList(config, invocation);
        String positional = top.matchedPositionalValue(0, null);
        if (positional != null) {
            list.add(positional, "the address");
        }
        String named = Settings.value(top, sub, "--target");
        if (named != null) {
            if (config.group(named) == null && config.target(named) == null) {
                throw QgaException.badInput("no target or group " + named + " in " + config.path());
            }
            list.add(named, "-t");
        }
        for (String address : Settings.addresses(top, sub)) {
            list.add(address, "-a");
        }
        String file = Settings.value(top, sub, "--targets");
        if (file != null) {
            list.addFile(file);
        }
        List<String> uris = new ArrayList<>(List.of(top.matchedOptionValue("--connect", new String[0])));
        if (sub != null) {
            uris.addAll(List.of(sub.matchedOptionValue("--connect", new String[0])));
        }
        if (Settings.flag(top, sub, "--all")) {
            list.addRunningDomains(uris.isEmpty() ? java.util.Collections.singletonList(null) : uris, timeout, log);
        } else if (!uris.isEmpty()) {
            throw QgaException.badInput("-c/--connect " + uris.get(0) + " goes with --all: qga --all -c URI exec guest-ping");
        }
        list.checkDuplicates();
        return List.copyOf(list.entries);
    }

    /** An address, a config target, or a group's members; where says where it came from, for messages. */
    private void add(String spec, String where) throws QgaException {
        if (!ConfigFile.isBareName(spec)) {
            entries.add(new Entry(spec, spec, null, where));
            return;
        }
        List<String> group = config.group(spec);
        if (group != null) {
            for (String member : group) {
                ConfigFile.Section target = config.target(member);
                entries.add(target != null ? new Entry(member, target.get("address"), target, "group " + spec)
                        : new Entry(member, member, null, "group " + spec));
            }
            return;
        }
        ConfigFile.Section target = config.target(spec);
        if (target != null) {
            entries.add(new Entry(spec, target.get("address"), target, where));
            return;
        }
        if (Files.exists(Path.of(spec))) {
            entries.add(new Entry(spec, spec, null, where));
            return;
        }
        throw QgaException.badInput(where + ": " + Excerpt.of(spec) + " is neither a socket here nor a target or group in "
                + config.path() + ": write unix:PATH, another address, or add [" + Excerpt.of(spec) + "] to the config");
    }

    /** One address or config target a line; empty lines and # comments are skipped. */
    private void addFile(String file) throws QgaException {
        List<String> lines;
        try {
            lines = file.equals("-") ? new String(invocation.in().readAllBytes(), StandardCharsets.UTF_8).lines().toList()
                    : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw QgaException.badInput("--targets " + file + ": no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw QgaException.badInput("--targets " + file + ": cannot read it (" + e.getMessage() + ")");
        }
        int before = entries.size();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                add(line, (file.equals("-") ? "stdin" : file) + " line " + (i + 1));
            }
        }
        if (entries.size() == before) {
            throw QgaException.badInput("--targets " + file + " names no target: write one address or config target a line");
        }
    }

    private void addRunningDomains(List<String> uris, Duration timeout, Log log) throws QgaException {
        for (String uri : uris) {
            LibvirtHost host = new LibvirtHost(uri, invocation.env(), log);
            for (String domain : host.running(timeout)) {
                String address = host.libvirtAddress(domain);
                entries.add(new Entry(uri == null ? domain : address, address, null, "--all"));
            }
        }
    }

    /** The address without the words that change nothing about which agent it is: unix:/x is /x. */
    private static String sameAgent(String address) {
        for (String prefix : List.of("unix:", "unix-connect:")) {
            if (address.startsWith(prefix)) {
                return address.substring(prefix.length());
            }
        }
        return address;
    }

    /** The same agent twice would be asked twice at once, the second waiting on the first: refused. */
    private void checkDuplicates() throws QgaException {
        Map<String, Entry> seen = new LinkedHashMap<>();
        for (Entry entry : entries) {
            Entry earlier = seen.putIfAbsent(sameAgent(entry.address()), entry);
            if (earlier != null) {
                throw QgaException.badInput((earlier.name().equals(entry.name())
                        ? entry.name() + " is given twice (" + earlier.where() + ", " + entry.where() + ")"
                        : earlier.name() + " (" + earlier.where() + ") and " + entry.name() + " (" + entry.where()
                                + ") are the same agent") + ": give each target once");
            }
        }
    }
}
