package qga.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * stdout as a PrintStream that remembers why a write failed: PrintStream itself only keeps a
 * flag, and a full disk must be told apart from a reader that went away (| head).
 */
final class StdoutStream extends PrintStream {
    private final Recorder recorder;

    StdoutStream(OutputStream raw) {
        this(new Recorder(raw));
    }

    private StdoutStream(Recorder recorder) {
        super(new BufferedOutputStream(recorder, 1 << 16), false, StandardCharsets.UTF_8);
        this.recorder = recorder;
    }

    /** The first write error, or null. */
    IOException failure() {
        return recorder.failure;
    }

    /** Whether writes to out failed only because its reader went away (| head), which is not an error of qga's. */
    static boolean readerLeft(PrintStream out) {
        IOException failure = out instanceof StdoutStream stdout ? stdout.failure() : null;
        return failure != null && "Broken pipe".equals(failure.getMessage());
    }

    /** Records the first IOException on its way up to PrintStream, which swallows it. */
    private static final class Recorder extends FilterOutputStream {
        private volatile IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                remember(e);
                throw e;
            }
        }

        private void remember(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
