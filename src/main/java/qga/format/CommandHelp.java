package qga.format;

import qga.schema.Argument;
import qga.schema.CommandInfo;

/** qga help COMMAND and the shell's :help COMMAND: usage, arguments, what comes back, an example. */
public final class CommandHelp {
    private static final int WIDTH = 78;

    private CommandHelp() {
    }

    /**
     * A QEMU monitor command as its own schema describes it: usage and argument types; QEMU's
     * introspection carries no descriptions (the QMP reference in QEMU's documentation has them).
     */
    public static String monitorText(CommandInfo info, String qemuVersion, boolean closed) {
        StringBuilder out = new StringBuilder();
        out.append(info.name()).append(" - a command of this QEMU monitor (QEMU ").append(qemuVersion).append(")\n\n");
        out.append("Usage: ").append(info.usage()).append("\n\n");
        if (info.arguments().isEmpty() && closed) {
            out.append("Arguments: none\n");
        } else {
            out.append("Arguments:\n");
            for (Argument argument : info.arguments()) {
                out.append("  ").append(argument.name()).append(": ").append(argument.type().describe())
                        .append(argument.optional() ? ", optional" : ", required").append('\n');
            }
            if (!closed) {
                out.append("  and more that the schema leaves open (the members of a union, or a device's properties)\n");
            }
        }
        out.append('\n').append(info.changesState() ? "May change the VM" : "Read-only (a query)")
                .append(". Descriptions: QEMU's QMP reference (docs/interop/qemu-qmp-ref).\n");
        return out.toString();
    }

    public static String text(CommandInfo info) {
        StringBuilder out = new StringBuilder();
        out.append(info.name()).append(" - ").append(info.purpose()).append("\n\n");
        out.append("Usage: ").append(info.usage()).append("\n\n");
        for (String line : TextWrap.wrap(info.description(), WIDTH)) {
            out.append(line).append('\n');
        }
        out.append('\n');
        if (info.arguments().isEmpty()) {
            out.append("Arguments: none\n");
        } else {
            out.append("Arguments:\n");
            for (Argument argument : info.arguments()) {
                out.append("  ").append(argument.name()).append(": ").append(argument.type().describe());
                out.append(argument.optional() ? ", optional" : ", required");
                if (argument.format() != null) {
                    out.append(", ").append(argument.format());
                }
                if (argument.since() != null) {
                    out.append(", since ").append(argument.since());
                }
                out.append('\n');
                for (String line : TextWrap.wrap(argument.description(), WIDTH - 6)) {
                    out.append("      ").append(line).append('\n');
                }
            }
        }
        out.append('\n');
        if (info.returns() == null) {
            out.append("Returns: nothing on success");
        } else {
            out.append("Returns: ").append(info.returns().describe());
        }
        out.append('\n');
        for (String line : TextWrap.wrap(info.returnsDescription(), WIDTH - 2)) {
            out.append("  ").append(line).append('\n');
        }
        out.append('\n');
        out.append("Since QEMU ").append(info.since());
        out.append(info.platforms() == null ? "; all platforms" : "; " + info.platforms());
        out.append(info.changesState() ? "; changes the guest" : "; read-only");
        out.append(info.replies() ? "" : "; sends no reply on success");
        if (info.timeout() != null) {
            out.append("; default timeout ").append(info.timeout().toSeconds()).append(" s");
        }
        out.append(".\n\nExample:\n  qga ADDRESS exec ").append(info.example()).append('\n');
        return out.toString();
    }
}
