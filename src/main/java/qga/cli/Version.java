package qga.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/** qga's version, build (git commit) and release date, from the build.properties the build writes. */
final class Version {
    private static final Properties BUILD = load();

    private Version() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/qga/build.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource reads as an unknown version
        }
        return properties;
    }

    static String number() {
        return value("version");
    }

    static String build() {
        return value("build");
    }

    /** The release date, for the man page: fixed per release, so identical builds give identical pages. */
    static String date() {
        return value("date");
    }

    private static String value(String key) {
        String value = BUILD.getProperty(key, "unknown");
        return value.startsWith("${") ? "unknown" : value;
    }

    static List<String> lines() {
        return List.of("qga " + number() + " (build " + build() + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ")");
    }
}
