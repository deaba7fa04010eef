package qga.api;

import com.google.gson.JsonElement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import qga.base.Log;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;

/**
 * QEMU monitors' introspection (query-qmp-schema, about 200 KB) kept per QEMU build in
 * $XDG_CACHE_HOME/qga (or ~/.cache/qga): it is the same for every VM one QEMU binary runs, so
 * only the first connection to each build asks for it. A cache that cannot be read or written is
 * no cache; with neither variable set there is none.
 */
final class SchemaCache {
    private final Path dir;
    private final Log log;

    private SchemaCache(Path dir, Log log) {
        this.dir = dir;
        this.log = log;
    }

    static SchemaCache in(Map<String, String> env, Log log) {
        String cache = env.get("XDG_CACHE_HOME");
        String home = env.get("HOME");
        Path dir = cache != null && !cache.isEmpty() ? Path.of(cache, "qga")
                : home != null && !home.isEmpty() ? Path.of(home, ".cache", "qga") : null;
        return new SchemaCache(dir, log);
    }

    /** The schema kept for this build (its version, package and target), or null. */
    JsonElement get(String build) {
        Path file = file(build);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonElement schema = JsonCodec.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (schema.isJsonArray()) {
                log.verbose("QMP schema of " + build + " read from " + file);
                return schema;
            }
        } catch (IOException | JsonSyntaxError e) {
            log.verbose("ignoring the cached QMP schema " + file + " (" + e.getMessage() + ")");
        }
        return null;
    }

    void put(String build, JsonElement schema) {
        Path file = file(build);
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, "qmp-schema", ".tmp");
            Files.writeString(temporary, JsonCodec.compact(schema), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.verbose("QMP schema of " + build + " kept in " + file);
        } catch (IOException e) {
            log.verbose("cannot keep the QMP schema in " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** One file per build, its name made of the build's letters, digits and dots. */
    private Path file(String build) {
        return dir == null ? null : dir.resolve("qmp-schema-" + build.replaceAll("[^A-Za-z0-9.+-]+", "_") + ".json");
    }
}
