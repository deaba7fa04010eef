package qga.repl;

import java.util.List;

/**
 * qga's own commands that do a job in the guest (run, cp, info, ...), offered in the shell as
 * :NAME with the same options as on the command line, run on the shell's agent by the command
 * line's code (which the shell cannot see: it sits below the command line).
 */
public interface Workflows {
    /** One command: its name, what follows it, and what it does in a sentence. */
    record Entry(String name, String arguments, String summary) {
    }

    /** For a shell with none. */
    Workflows NONE = new Workflows() {
        @Override
        public List<Entry> entries() {
            return List.of();
        }

        @Override
        public int run(String name, List<String> words) {
            throw new IllegalArgumentException("no workflow " + name);
        }
    };

    List<Entry> entries();

    /** Runs NAME with the words typed after it; its output goes to the terminal; returns its exit status. */
    int run(String name, List<String> words);

    /**
     * For Tab on an operand of NAME written guest:PATH (or :PATH): the guest paths it could be, as
     * whole words, directories ending in /; none where the command takes no guest paths or the
     * guest cannot list them. Asked only on Tab: it runs a program in the guest.
     */
    default List<String> guestPaths(String name, String word) {
        return List.of();
    }

    default Entry find(String name) {
        for (Entry entry : entries()) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        return null;
    }
}
