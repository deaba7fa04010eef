package qga.base;

/** Where the layers below the front ends report what -v shows. */
@FunctionalInterface
public interface Log {
    Log SILENT = message -> { };

    void verbose(String message);
}
