package qga.guest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import qga.api.Agent;
import qga.base.QgaException;
import qga.format.TerminalText;
import qga.json.JsonCodec;

/**
 * guest-fstrim: the guest discards the unused blocks of its mounted file systems, so a thin or
 * sparse disk image can shrink on the host (the virtual disk must pass discards on: discard=unmap
 * in QEMU). The agent answers per file system: bytes trimmed, or why not.
 */
public final class GuestTrim {
    /** One file system's outcome: trimmed and minimum, or the agent's error (all may be null on odd agents). */
    public record Trimmed(String path, Long trimmed, Long minimum, String error) {
    }

    /** The agent's answer, as rows and as the JSON it sent. */
    public record Result(List<Trimmed> paths, String json) {
        /** The file systems the agent could not trim. */
        public long failures() {
            return paths.stream().filter(p -> p.error() != null).count();
        }

        /** PATH, TRIMMED, MINIMUM, RESULT, sizes in binary units, guest text made terminal-safe. */
        public String table() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"PATH", "TRIMMED", "MINIMUM", "RESULT"});
            for (Trimmed path : paths) {
                rows.add(new String[] {path.path() == null ? "-" : TerminalText.oneLine(path.path()), bytes(path.trimmed()), bytes(path.minimum()),
                        path.error() == null ? "trimmed" : TerminalText.oneLine(path.error())});
            }
            int[] widths = new int[3];
            for (String[] row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (String[] row : rows) {
                out.append(pad(row[0], widths[0])).append("  ").append(padLeft(row[1], widths[1])).append("  ")
                        .append(padLeft(row[2], widths[2])).append("  ").append(row[3]).append('\n');
            }
            return out.toString();
        }
    }

    private GuestTrim() {
    }

    /** Trims; minimum is the smallest free range worth discarding, in bytes (null: the agent's default, 0). */
    public static Result run(Agent agent, Long minimum) throws QgaException {
        JsonObject arguments = new JsonObject();
        if (minimum != null) {
            arguments.addProperty("minimum", minimum);
        }
        JsonElement value = agent.call("guest-fstrim", arguments);
        List<Trimmed> paths = new ArrayList<>();
        JsonElement list = value != null && value.isJsonObject() ? value.getAsJsonObject().get("paths") : null;
        if (list != null && !list.isJsonArray()) {
            throw QgaException.protocol("guest-fstrim returned paths that are not a list: " + JsonCodec.compact(value));
        }
        if (list != null) {
            for (JsonElement element : list.getAsJsonArray()) {
                if (!element.isJsonObject()) {
                    throw QgaException.protocol("guest-fstrim returned a path that is not an object: " + JsonCodec.compact(element));
                }
                JsonObject path = element.getAsJsonObject();
                paths.add(new Trimmed(string(path, "path"), number(path, "trimmed"), number(path, "minimum"), string(path, "error")));
            }
        }
        return new Result(paths, value == null ? "null" : JsonCodec.compact(value));
    }

    private static String string(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static Long number(JsonObject object, String member) {
        JsonElement value = object.get(member);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber() ? value.getAsLong() : null;
    }

    /** 0 B, 512 B, 31.0 MiB: one decimal from KiB on. */
    static String bytes(Long count) {
        if (count == null) {
            return "-";
        }
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }

    private static String padLeft(String text, int width) {
        return " ".repeat(width - text.length()) + text;
    }
}
