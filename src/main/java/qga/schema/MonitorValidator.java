package qga.schema;

import qga.base.Excerpt;
import qga.base.QgaException;
import qga.protocol.Request;

/**
 * The checks of {@link Validator}, for a QEMU monitor: the command against what this monitor
 * lists, the arguments against its introspection; with --read-only only query-* commands.
 */
public final class MonitorValidator {
    private final String unknownCommandHint;

    public MonitorValidator(String unknownCommandHint) {
        this.unknownCommandHint = unknownCommandHint;
    }

    public void checkReadOnly(Request request) throws QgaException {
        if (!MonitorSchema.isQuery(request.command())) {
            throw QgaException.badInput(Excerpt.of(request.command()) + " may change the VM: on a QEMU monitor only"
                    + " query-* commands are read-only; refused because of --read-only (QGA_READ_ONLY)");
        }
    }

    public void check(Request request, MonitorSchema schema) throws QgaException {
        String command = request.command();
        if (!schema.commands().contains(command)) {
            String suggestion = DidYouMean.closest(command, schema.commands());
            throw QgaException.badInput("unknown command " + Excerpt.of(command) + " on this QEMU monitor ("
                    + schema.version() + ")" + (suggestion == null ? "" : ": did you mean " + suggestion + "?")
                    + " (" + unknownCommandHint + ")");
        }
        CommandInfo info = schema.find(command);
        if (info != null) {
            Validator.checkArguments(info, request, schema.closed(command));
        }
    }
}
