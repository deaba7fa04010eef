package qga.cli;

import java.util.List;

/** qga's version, from the jar manifest (unknown when run from classes). */
final class Version {
    private Version() {
    }

    static String number() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    static List<String> lines() {
        return List.of("qga " + number(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
    }
}
