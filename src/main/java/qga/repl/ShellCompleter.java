package qga.repl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import qga.format.ReplyFormat;
import qga.schema.AgentInfo;
import qga.schema.ArgType;
import qga.schema.Argument;
import qga.schema.Catalog;
import qga.schema.CommandGate;
import qga.schema.CommandInfo;

/**
 * Tab completion from what is already known, never from the network: command names the agent
 * listed as enabled (the catalog's, before the agent has answered), then argument names of the
 * command as key=, then values of enumerations and booleans, and the meta commands.
 */
final class ShellCompleter implements Completer {
    private final Catalog catalog;
    private final CommandGate gate;

    ShellCompleter(Catalog catalog, CommandGate gate) {
        this.catalog = catalog;
        this.gate = gate;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        if (line.wordIndex() == 0) {
            for (MetaCommand meta : MetaCommand.values()) {
                candidates.add(new Candidate(meta.text(), meta.text(), null, meta.summary(), null, null, true));
            }
            for (String name : commandNames()) {
                CommandInfo info = catalog.find(name);
                candidates.add(new Candidate(name, name, null, info == null ? null : info.purpose(), null, null, true));
            }
            return;
        }
        String first = words.get(0);
        MetaCommand meta = MetaCommand.find(first);
        if (meta != null) {
            completeMeta(meta, line, candidates);
            return;
        }
        CommandInfo info = catalog.find(first);
        if (info == null || line.wordIndex() >= words.size()) {
            return;
        }
        String word = line.word();
        int eq = word.indexOf('=');
        if (eq > 0) {
            info.argument(word.substring(0, eq)).ifPresent(argument -> {
                String prefix = word.substring(0, eq + 1);
                for (String value : values(argument.type())) {
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
                String description = argument.type().describe() + (argument.optional() ? "" : ", required");
                candidates.add(new Candidate(argument.name() + "=", argument.name() + "=", null, description, null, null,
                        false));
            }
        }
    }

    /** Enabled commands of this agent; before it has answered, the whole catalog. */
    List<String> commandNames() {
        AgentInfo agent = gate.cachedAgentInfo();
        List<String> names = new ArrayList<>();
        if (agent == null) {
            catalog.all().forEach(c -> names.add(c.name()));
        } else {
            for (Map.Entry<String, AgentInfo.Entry> entry : agent.commands().entrySet()) {
                if (entry.getValue().enabled()) {
                    names.add(entry.getKey());
                }
            }
        }
        return names;
    }

    private void completeMeta(MetaCommand meta, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() != 1) {
            return;
        }
        switch (meta) {
            case HELP:
                catalog.all().forEach(c -> candidates.add(new Candidate(c.name())));
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
            default:
                break;
        }
    }

    private static List<String> values(ArgType type) {
        List<String> values = new ArrayList<>();
        if (type instanceof ArgType.Scalar scalar && scalar.name().equals("bool")) {
            values.add("true");
            values.add("false");
        } else if (type instanceof ArgType.Enumeration enumeration) {
            values.addAll(enumeration.values());
        } else if (type instanceof ArgType.Alternate alternate) {
            alternate.choices().forEach(choice -> values.addAll(values(choice)));
        }
        return values;
    }
}
