package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParseResult;

/** A command line parsed with only the subcommands it names reads exactly as with the whole model. */
class CommandModelTest {
    private static final List<List<String>> LINES = List.of(
            List.of("unix:/run/a.sock", "exec", "guest-ping"),
            List.of("--timeout", "2", "-a", "tcp:host:1", "exec", "--pretty", "guest-exec", "path=/bin/ls", "arg=[\"-l\"]"),
            List.of("vm1", "run", "--timeout", "3", "--", "uname", "-a"),
            List.of("-a", "run", "exec", "guest-ping"),
            List.of("local:", "info", "--json"),
            List.of("local:", "list", "--json"),
            List.of("domains", "--uri", "qemu:///system"),
            List.of("vm1", "cp", "guest:/etc/hostname", "-"),
            List.of("unix:/run/a.sock"),
            List.of("-V"),
            List.of("vm1", "fsfreeze", "status"),
            List.of("commands", "--json"),
            List.of("-vt", "vm1", "exec", "guest-ping"),
            List.of("-tvm1", "--debug", "exec", "guest-ping"),
            List.of("--timeout=3", "unix:/run/a.sock", "exec", "guest-ping"),
            List.of("unix:/run/a.sock", "exec", "--max-reply", "80M", "--return", "guest-file-read", "handle=1"),
            List.of("unix:/run/a.sock", "exec", "guest-exec", "path=/bin/ls", "--", "--timeout"),
            List.of("--events-to", "--debug", "qmp:/run/q.sock", "exec", "query-status"),
            List.of("unix:/run/a.sock", "exec", "-v", "--timeout", "--debug"),
            List.of("--all", "-c", "qemu:///system", "--parallel", "4", "--ordered", "info"),
            List.of("unix:/run/a.sock", "--tim", "3", "exec", "guest-ping"),
            List.of("unix:/run/a.sock", "-x", "exec", "guest-ping"),
            List.of("unix:/run/a.sock", "exec", "guest-ping", "--color=never", "--format", "compact"),
            // an attached value that is an option is refused, with every option there
            List.of("--events-to=-v", "unix:/run/a.sock", "exec", "guest-ping"),
            List.of("-a=--debug", "exec", "guest-ping"),
            List.of("--timeout=-c", "unix:/run/a.sock", "exec", "guest-ping"),
            List.of("unix:/run/a.sock", "exec", "--args=--timeout", "guest-ping"),
            List.of("unix:/run/a.sock", "run", "--cwd=-vt", "ls"));

    @Test
    void everyLineReadsAsWithTheWholeModel() {
        for (List<String> line : LINES) {
            String[] args = line.toArray(new String[0]);
            assertThat(outcome(() -> CommandModel.parse("qga", args))).as(line.toString())
                    .isEqualTo(outcome(() -> CommandModel.build("qga").parseArgs(args)));
        }
    }

    @Test
    void onlyTheGlobalOptionsTheArgumentsCouldNameAreBuilt() {
        ParseResult plain = CommandModel.parse("qga", new String[] {"unix:/run/a.sock", "exec", "guest-ping"});
        assertThat(plain.commandSpec().options()).extracting(option -> option.longestName())
                .containsExactlyInAnyOrder("--help", "--version");
        ParseResult some = CommandModel.parse("qga", new String[] {"-vt", "vm1", "exec", "--timeout=2", "guest-ping"});
        assertThat(some.commandSpec().options()).extracting(option -> option.longestName())
                .containsExactlyInAnyOrder("--help", "--version", "--verbose", "--target", "--timeout");
    }

    @Test
    void onlyTheNamedSubcommandIsBuilt() {
        ParseResult result = CommandModel.parse("qga", new String[] {"unix:/run/a.sock", "exec", "guest-ping"});
        assertThat(result.commandSpec().subcommands()).containsOnlyKeys("exec");
        assertThat(CommandModel.parse("qga", new String[] {"unix:/run/a.sock"}).commandSpec().subcommands()).isEmpty();
    }

    @Test
    void helpAndErrorsComeFromTheWholeModel() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-vh"}, new String[] {"exec", "-h"},
                new String[] {"help"})) {
            assertThat(CommandModel.parse("qga", args).commandSpec().subcommands()).as(String.join(" ", args))
                    .containsKeys("exec", "run", "cp", "help", "domains");
        }
        String[] misspelt = {"vm1", "exce", "guest-ping"};
        Throwable partial = catchThrowable(() -> CommandModel.parse("qga", misspelt));
        Throwable whole = catchThrowable(() -> CommandModel.build("qga").parseArgs(misspelt));
        assertThat(partial).isInstanceOf(CommandLine.ParameterException.class).hasMessage(whole.getMessage());
    }

    private static List<String> outcome(java.util.function.Supplier<ParseResult> parse) {
        try {
            return describe(parse.get());
        } catch (CommandLine.ParameterException e) {
            return List.of("error " + e.getMessage());
        }
    }

    @Test
    void helpOnOneSubcommandReadsAsWithTheWholeModel() {
        CommandLine whole = CommandModel.build("qga");
        for (String name : whole.getSubcommands().keySet()) {
            ParseResult partial = CommandModel.parse("qga", new String[] {"help", name});
            assertThat(partial.commandSpec().subcommands()).as(name).hasSizeLessThan(whole.getSubcommands().size());
            assertThat(partial.commandSpec().commandLine().getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF))
                    .as(name).isEqualTo(whole.getSubcommands().get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
    }

    /** The subcommand chain with every matched option and positional value. */
    private static List<String> describe(ParseResult result) {
        List<String> parts = new ArrayList<>();
        for (ParseResult level = result; level != null; level = level.subcommand()) {
            parts.add("command " + level.commandSpec().name());
            for (ArgSpec arg : level.matchedArgs()) {
                parts.add(arg.paramLabel() + (arg.isOption() ? " " + ((CommandLine.Model.OptionSpec) arg).longestName() : "")
                        + "=" + String.valueOf(arg.getValue() instanceof String[] values ? String.join("|", values) : arg.getValue()));
            }
        }
        return parts;
    }
}
