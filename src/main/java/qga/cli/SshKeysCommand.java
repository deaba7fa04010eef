package qga.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.format.TerminalText;
import qga.guest.GuestSshKeys;
import qga.guest.SshKeyLines;

/**
 * qga ssh-keys list|add|remove USER [KEYFILE...]: a guest user's authorized_keys. Keys come from
 * files (- for stdin), every line checked to be an ssh public key before anything is sent.
 */
final class SshKeysCommand implements GuestCommand {
    static final String NAME = "ssh-keys";
    /** A key file larger than this is not one (an authorized_keys of a thousand keys is under 1 MiB). */
    static final int MAX_FILE = 1 << 20;
    private static final List<String> ACTIONS = List.of("list", "add", "remove");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().width(80)
                .header("List, add or remove a guest user's ssh authorized keys.")
                .customSynopsis("qga [OPTIONS] [ADDRESS] ssh-keys list [--json] USER",
                        "       qga [OPTIONS] [ADDRESS] ssh-keys add [--reset] USER KEYFILE...",
                        "       qga [OPTIONS] [ADDRESS] ssh-keys remove USER KEYFILE...")
                .description(HelpText.paragraphs(
                        "Reads and changes ~/.ssh/authorized_keys of USER in the guest (the agent creates ~/.ssh,"
                                + " mode 0700, if need be). list USER prints one key per line, in the agent's order."
                                + " add USER KEYFILE... and remove USER KEYFILE... take the keys from files (- for"
                                + " stdin), one per line as ssh-keygen writes them (*.pub): blank lines and # comments"
                                + " are skipped, and any other line that is not an ssh public key is refused before"
                                + " anything is sent. Keys match as whole lines: add skips a key already there, remove"
                                + " one that is not, and qga says how many changed. add --reset replaces every key"
                                + " there with the ones given."))
                .footerHeading("%nExamples:%n")
                .footer("  qga vm1 ssh-keys add root ~/.ssh/id_ed25519.pub",
                        "  qga vm1 ssh-keys list root",
                        "  ssh-add -L | qga vm1 ssh-keys remove root -");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("--reset").arity("0").type(boolean.class)
                .description("add: the keys given replace all the user's keys.").build());
        spec.addOption(OptionSpec.builder("--json").arity("0").type(boolean.class)
                .description("list: print the agent's answer, {\"keys\":[...]}.").build());
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").paramLabel("ACTION").type(String.class)
                .completionCandidates(ACTIONS).description("list, add or remove.").build());
        spec.addPositional(PositionalParamSpec.builder().index("1").arity("1").paramLabel("USER").type(String.class)
                .description("The guest account.").build());
        spec.addPositional(PositionalParamSpec.builder().index("2..*").arity("0..*").paramLabel("KEYFILE")
                .type(String[].class).description("add, remove: files of public keys; - for stdin.").build());
        return spec;
    }

    @Override
    public void check(Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        String action = parsed.matchedPositionalValue(0, "");
        if (!ACTIONS.contains(action)) {
            throw QgaException.badInput("ssh-keys " + action + ": give list, add or remove (qga help ssh-keys)");
        }
        String user = parsed.matchedPositionalValue(1, "");
        if (user.isEmpty() || !TerminalText.oneLine(user).equals(user)) {
            throw QgaException.badInput("ssh-keys: '" + TerminalText.oneLine(user) + "' is not a user name");
        }
        String[] files = parsed.matchedPositionalValue(2, new String[0]);
        if (action.equals("list")) {
            if (files.length > 0) {
                throw QgaException.badInput("ssh-keys list takes no KEYFILE: it prints the user's keys");
            }
            if (parsed.hasMatchedOption("--reset")) {
                throw QgaException.badInput("--reset is for ssh-keys add");
            }
            return;
        }
        if (files.length == 0) {
            throw QgaException.badInput("ssh-keys " + action + " needs the keys: give KEYFILE... (- for stdin), e.g. "
                    + "qga ADDRESS ssh-keys " + action + " " + user + " ~/.ssh/id_ed25519.pub");
        }
        if (parsed.hasMatchedOption("--json")) {
            throw QgaException.badInput("--json is for ssh-keys list");
        }
        if (action.equals("remove") && parsed.hasMatchedOption("--reset")) {
            throw QgaException.badInput("--reset is for ssh-keys add");
        }
        if (List.of(files).stream().filter("-"::equals).count() > 1) {
            throw QgaException.badInput("- (stdin) given twice: stdin can be read once");
        }
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        Invocation invocation = context.invocation();
        String action = parsed.matchedPositionalValue(0, "");
        String user = parsed.matchedPositionalValue(1, "");
        if (action.equals("list")) {
            GuestSshKeys.Listing listing = GuestSshKeys.list(agent, user);
            if (parsed.hasMatchedOption("--json")) {
                invocation.out().println(listing.json());
            } else {
                listing.keys().forEach(key -> invocation.out().println(TerminalText.oneLine(key)));
            }
            return ExitCode.OK.status();
        }
        List<String> keys = new ArrayList<>();
        for (String file : parsed.matchedPositionalValue(2, new String[0])) {
            keys.addAll(SshKeyLines.parse(read(file, invocation.in()), file.equals("-") ? "stdin" : file));
        }
        String message;
        if (action.equals("add")) {
            boolean reset = parsed.hasMatchedOption("--reset");
            GuestSshKeys.Change change = GuestSshKeys.add(agent, user, keys, reset);
            message = reset ? "replaced " + user + "'s keys with " + keys(change.changed())
                    + (change.replaced() > 0 ? " (" + change.replaced() + " dropped)" : "")
                    : "added " + keys(change.changed()) + " to " + user + "'s authorized_keys"
                    + (change.unchanged() > 0 ? " (" + change.unchanged() + " already there)" : "");
        } else {
            GuestSshKeys.Change change = GuestSshKeys.remove(agent, user, keys);
            message = change.unchanged() < 0 ? "removed whichever of " + keys(change.changed()) + " were in " + user
                    + "'s authorized_keys (it could not be listed first)"
                    : "removed " + keys(change.changed()) + " from " + user + "'s authorized_keys"
                    + (change.unchanged() > 0 ? " (" + change.unchanged() + " not there)" : "");
        }
        invocation.err().println(invocation.program() + ": " + TerminalText.oneLine(message));
        return ExitCode.OK.status();
    }

    private static String keys(long count) {
        return count + (count == 1 ? " key" : " keys");
    }

    /** A key file's text (- is stdin), refused past the size no key file reaches. */
    private static String read(String file, InputStream stdin) throws QgaException {
        String name = file.equals("-") ? "stdin" : file;
        try (InputStream in = file.equals("-") ? null : Files.newInputStream(Path.of(file))) {
            InputStream from = in == null ? stdin : in;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = from.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
                if (bytes.size() > MAX_FILE) {
                    throw QgaException.badInput(name + " is larger than " + (MAX_FILE >> 20) + " MiB: not a file of public keys");
                }
            }
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw QgaException.badInput(name + ": no such file");
        } catch (IOException e) {
            throw QgaException.badInput("cannot read " + name + ": " + e.getMessage());
        }
    }
}
