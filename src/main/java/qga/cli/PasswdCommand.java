package qga.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;
import qga.format.TerminalText;
import qga.guest.GuestPassword;

/**
 * qga passwd USER: a guest account's new password, read from the terminal without echo (twice)
 * or as one line of stdin with --stdin; never from the command line, so it is in no shell history,
 * process list or log. Whether the agent would take it is checked before the password is asked.
 */
final class PasswdCommand implements GuestCommand {
    static final String NAME = "passwd";
    /** The longest line --stdin reads: far more than any password or crypt() hash. */
    static final int MAX_LINE = 4096;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(NAME);
        spec.usageMessage().width(80)
                .header("Set a guest account's password (guest-set-user-password).")
                .customSynopsis("qga [OPTIONS] [ADDRESS] passwd [--stdin] [--crypted] USER")
                .description(HelpText.paragraphs(
                        "passwd USER reads the new password from the terminal without echo, twice, or one line of"
                                + " stdin with --stdin, and sets it for USER in the guest (chpasswd on Linux). It is never"
                                + " taken from the command line, so it stays out of shell history and the process list,"
                                + " and qga never prints or logs it (-v included). Before asking, qga checks that the"
                                + " agent would take it: --read-only, local:, a blocked command or a frozen guest are"
                                + " refused first."))
                .footerHeading("%nExamples:%n")
                .footer("  qga vm1 passwd root",
                        "  pass show vm1/root | qga vm1 passwd --stdin root",
                        "  openssl passwd -6 | qga vm1 passwd --stdin --crypted root");
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build());
        spec.addOption(OptionSpec.builder("--stdin").arity("0").type(boolean.class)
                .description("Read the password as the first line of stdin (without its line end).").build());
        spec.addOption(OptionSpec.builder("--crypted").arity("0").type(boolean.class)
                .description("The password is already a crypt() hash, as in /etc/shadow (asked once on a terminal).").build());
        spec.addPositional(PositionalParamSpec.builder().index("0").arity("1").paramLabel("USER").type(String.class)
                .description("The guest account.").build());
        return spec;
    }

    @Override
    public void check(Context context) throws QgaException {
        String user = context.parsed().matchedPositionalValue(0, "");
        if (user.isEmpty() || !TerminalText.oneLine(user).equals(user) || user.indexOf(':') >= 0) {
            throw QgaException.badInput("passwd: '" + TerminalText.oneLine(user) + "' is not a user name");
        }
        if (!context.parsed().hasMatchedOption("--stdin") && !context.invocation().stdinIsTerminal()) {
            throw QgaException.badInput("passwd reads the password from a terminal, and stdin is not one: give --stdin"
                    + " to read it as one line of stdin");
        }
    }

    @Override
    public int run(Agent agent, Context context) throws QgaException {
        ParseResult parsed = context.parsed();
        String user = parsed.matchedPositionalValue(0, "");
        boolean crypted = parsed.hasMatchedOption("--crypted");
        GuestPassword.admit(agent, user, crypted);
        byte[] password = parsed.hasMatchedOption("--stdin") ? line(context.invocation().in()) : prompt(user, crypted);
        try {
            if (password.length == 0) {
                throw QgaException.badInput("the password is empty; nothing was changed");
            }
            GuestPassword.set(agent, user, password, crypted);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        context.invocation().err().println(context.invocation().program() + ": password of " + user + " set");
        return ExitCode.OK.status();
    }

    /** The first line of stdin, without \n or \r\n. */
    private static byte[] line(InputStream in) throws QgaException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                if (line.size() == MAX_LINE) {
                    throw QgaException.badInput("the first line of stdin is longer than " + MAX_LINE + " bytes: not a password");
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw QgaException.badInput("cannot read stdin: " + e.getMessage());
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        byte[] password = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte) 0);
        return password;
    }

    /** Asked on the terminal without echo: twice for plain text, once for a hash (pasted, not typed). */
    private static byte[] prompt(String user, boolean crypted) throws QgaException {
        Console console = System.console();
        if (console == null) {
            throw QgaException.badInput("passwd asks for the password on the terminal, which needs stdin and stdout on it:"
                    + " give --stdin to read it from stdin instead");
        }
        char[] first = console.readPassword(crypted ? "crypt() hash of the new password for %s: " : "New password for %s: ", user);
        if (first == null) {
            throw QgaException.badInput("no password given; nothing was changed");
        }
        if (!crypted) {
            char[] again = console.readPassword("Retype the new password: ");
            boolean same = again != null && Arrays.equals(first, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw QgaException.badInput("the passwords do not match; nothing was changed");
            }
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(first));
        Arrays.fill(first, '\0');
        byte[] password = new byte[encoded.remaining()];
        encoded.get(password);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return password;
    }
}
