package qga.repl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import qga.format.ReplyFormat;
import qga.schema.AgentInfo;
import qga.schema.ArgType;
import qga.schema.Argument;
import qga.schema.Catalog;
import qga.schema.CommandInfo;
import qga.schema.MonitorSchema;

/**
 * Tab completion from what is already known, never from the network: command names the agent
 * listed as enabled (the catalog's, before the agent has answered), then argument names of the
 * command as key=, then values of enumerations and booleans that this agent's version takes,
 * and the meta commands. On a QEMU monitor, its own schema as asked on connecting takes the
 * catalog's place.
 */
final class ShellCompleter implements Completer {
    private static final int DEFAULT_WIDTH = 80;

    private final Catalog catalog;
    private final Supplier<AgentInfo> agent;
    private final Supplier<MonitorSchema> monitor;
    private final Workflows workflows;

    /** agent: what the connected agent said in guest-info, or null before it has answered. */
    ShellCompleter(Catalog catalog, Supplier<AgentInfo> agent) {
        this(catalog, agent, () -> null, Workflows.NONE);
    }

    /** monitor: the schema of the QEMU monitor connected to, or null (an agent, or not yet known). */
    ShellCompleter(Catalog catalog, Supplier<AgentInfo> agent, Supplier<MonitorSchema> monitor, Workflows workflows) {
        this.catalog = catalog;
        this.agent = agent;
        this.monitor = monitor;
        this.workflows = workflows;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        int width = reader == null || reader.getTerminal().getWidth() <= 0 ? DEFAULT_WIDTH : reader.getTerminal().getWidth();
        String typed = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        List<String> words = line.words();
        DescribedCandidates described = new DescribedCandidates();
        if (line.wordIndex() == 0) {
            for (MetaCommand meta : MetaCommand.values()) {
                described.add(meta.text(), meta.text(), meta.summary(), true);
            }
            for (Workflows.Entry workflow : workflows.entries()) {
                described.add(":" + workflow.name(), ":" + workflow.name(), workflow.summary(), true);
            }
            MonitorSchema schema = monitor.get();
            for (String name : commandNames()) {
                CommandInfo info = schema != null ? null : catalog.find(name);
                described.add(name, name, info == null ? null : info.purpose(), true);
            }
            described.addTo(candidates, typed, width);
            return;
        }
        String first = words.get(0);
        if (first.startsWith(":") && workflows.find(first.substring(1)) != null) {
            if (typed.startsWith("guest:") || typed.startsWith(":")) {
                for (String path : workflows.guestPaths(first.substring(1), typed)) {
                    candidates.add(new Candidate(path, path, null, null, null, null, !path.endsWith("/")));
                }
            }
            return;
        }
        MetaCommand meta = MetaCommand.find(first);
        if (meta != null) {
            completeMeta(meta, line, candidates);
            return;
        }
        MonitorSchema schema = monitor.get();
        CommandInfo info = schema != null ? schema.find(first) : catalog.find(first);
        if (info == null || line.wordIndex() >= words.size()) {
            return;
        }
        String word = line.word();
        int eq = word.indexOf('=');
        AgentInfo connected = schema != null ? null : agent.get();
        String version = connected == null ? null : connected.version();
        if (eq > 0) {
            info.argument(word.substring(0, eq)).ifPresent(argument -> {
                String prefix = word.substring(0, eq + 1);
                for (String value : argument.type().literals(version)) {
                    candidates.add(new Candidate(prefix + value, value, null, null, null, null, true));
                }
            });
            return;
        }
        Set<String> given = new HashSet<>();
        for (int i = 1; i < words.size(); i++) {
            int at = words.get(i).indexOf('=');
            if (i != line.wordIndex() && at > 0) {
                given.add(words.get(i).substring(0, at));
            }
        }
        for (Argument argument : info.arguments()) {
            if (!given.contains(argument.name())) {
                String description = describe(argument.type(), version) + (argument.optional() ? "" : ", required");
                described.add(argument.name() + "=", argument.name() + "=", description, false);
            }
        }
        described.addTo(candidates, typed, width);
    }

    /** Enabled commands of this agent; before it has answered, the whole catalog. */
    List<String> commandNames() {
        MonitorSchema schema = monitor.get();
        if (schema != null) {
            return List.copyOf(schema.commands());
        }
        AgentInfo connected = agent.get();
        List<String> names = new ArrayList<>();
        if (connected == null) {
            catalog.all().forEach(c -> names.add(c.name()));
        } else {
            for (Map.Entry<String, AgentInfo.Entry> entry : connected.commands().entrySet()) {
                if (entry.getValue().enabled()) {
                    names.add(entry.getKey());
                }
            }
        }
        return names;
    }

    private List<String> commandHelpTopics() {
        MonitorSchema schema = monitor.get();
        return schema != null ? List.copyOf(schema.commands()) : catalog.all().stream().map(CommandInfo::name).toList();
    }

    private void completeMeta(MetaCommand meta, ParsedLine line, List<Candidate> candidates) {
        MonitorSchema schema = monitor.get();
        if (meta == MetaCommand.EVENTS && line.wordIndex() >= 2 && schema != null) {
            schema.events().forEach(name -> candidates.add(new Candidate(name)));
            return;
        }
        if (line.wordIndex() != 1) {
            return;
        }
        switch (meta) {
            case HELP:
                commandHelpTopics().forEach(name -> candidates.add(new Candidate(name)));
                for (MetaCommand m : MetaCommand.values()) {
                    candidates.add(new Candidate(m.text()));
                }
                break;
            case FORMAT:
                for (ReplyFormat format : ReplyFormat.values()) {
                    candidates.add(new Candidate(format.label()));
                }
                break;
            case TRACE:
                candidates.add(new Candidate("on"));
                candidates.add(new Candidate("off"));
                break;
            case EVENTS:
                candidates.add(new Candidate("on"));
                candidates.add(new Candidate("off"));
                break;
            default:
                break;
        }
    }

    /** The type as this agent takes it: bool, not "bool or none|stdout|...", on an agent older than 8.0. */
    private static String describe(ArgType type, String version) {
        if (type instanceof ArgType.Alternate alternate) {
            return alternate.choices().stream()
                    .filter(choice -> !(choice instanceof ArgType.Enumeration e) || e.acceptedBy(version))
                    .map(ArgType::describe).collect(Collectors.joining(" or "));
        }
        return type.describe();
    }
}
