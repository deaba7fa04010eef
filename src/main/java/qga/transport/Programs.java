package qga.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Finds helper programs (virsh, socat) on PATH, the way a shell would. */
final class Programs {
    private Programs() {
    }

    static Path find(String name, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }
}
