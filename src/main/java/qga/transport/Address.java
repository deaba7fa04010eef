package qga.transport;

import java.nio.file.Path;
import java.util.Map;
import qga.base.BadInputException;
import qga.base.Log;

/** Turns the address a user typed into an endpoint. Nothing is opened here. */
public final class Address {
    /** The forms accepted, for error messages and help. */
    public static final String FORMS = "unix:PATH, unix-connect:PATH, a socket path, or local:";

    private Address() {
    }

    public static Endpoint parse(String text, Map<String, String> env, Log log) throws BadInputException {
        if (text == null || text.isBlank()) {
            throw new BadInputException("empty address: give " + FORMS);
        }
        if (text.equals("local:")) {
            return new LocalEndpoint(env, log);
        }
        if (text.startsWith("unix:")) {
            return unix(text, text.substring("unix:".length()));
        }
        if (text.startsWith("unix-connect:")) {
            return unix(text, text.substring("unix-connect:".length()));
        }
        int colon = text.indexOf(':');
        int slash = text.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash) && text.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new BadInputException("unknown address type '" + text.substring(0, colon + 1) + "' in " + text
                    + ": use " + FORMS);
        }
        return unix(text, text);
    }

    private static Endpoint unix(String text, String path) throws BadInputException {
        if (path.isEmpty()) {
            throw new BadInputException("address " + text + " has no path: write unix:/path/to/socket");
        }
        if (path.indexOf('\0') >= 0) {
            throw new BadInputException("address contains a NUL byte");
        }
        return new UnixEndpoint(Path.of(path), text);
    }
}
