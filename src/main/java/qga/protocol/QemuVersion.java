package qga.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * QEMU's version as a monitor states it, the same object in its greeting ("version") and in
 * query-version's return: {"qemu": {"major": 7, "minor": 2, "micro": 22}, "package": "..."}.
 */
public final class QemuVersion {
    private QemuVersion() {
    }

    /** "7.2.22", or "unknown". */
    public static String number(JsonElement version) {
        try {
            JsonObject qemu = version.getAsJsonObject().getAsJsonObject("qemu");
            return qemu.get("major").getAsString() + "." + qemu.get("minor").getAsString() + "." + qemu.get("micro").getAsString();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    /** The package QEMU was built as ("Debian 1:7.2+dfsg-7+deb12u18+b3"), or "" when none is given. */
    public static String packageName(JsonElement version) {
        try {
            return version.getAsJsonObject().get("package").getAsString();
        } catch (RuntimeException e) {
            return "";
        }
    }
}
