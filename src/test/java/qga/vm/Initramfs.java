package qga.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A guest's whole file tree, written as the kernel's initramfs format (cpio "newc"). Built in
 * memory, so the owner is root and /dev/console can be a device node without root on the host.
 */
final class Initramfs {
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int SYMLINK = 0120000;
    private static final int CHAR_DEVICE = 0020000;

    private record Entry(int mode, byte[] data, int rdevMajor, int rdevMinor) {
    }

    /** Sorted by path, so every directory comes before what it holds. */
    private final Map<String, Entry> entries = new TreeMap<>();

    Initramfs directory(String path, int permissions) {
        entries.put(clean(path), new Entry(DIRECTORY | permissions, new byte[0], 0, 0));
        return this;
    }

    Initramfs file(String path, int permissions, byte[] data) {
        parents(path);
        entries.put(clean(path), new Entry(REGULAR | permissions, data, 0, 0));
        return this;
    }

    Initramfs symlink(String path, String target) {
        parents(path);
        entries.put(clean(path), new Entry(SYMLINK | 0777, target.getBytes(StandardCharsets.UTF_8), 0, 0));
        return this;
    }

    Initramfs charDevice(String path, int permissions, int major, int minor) {
        parents(path);
        entries.put(clean(path), new Entry(CHAR_DEVICE | permissions, new byte[0], major, minor));
        return this;
    }

    private void parents(String path) {
        String clean = clean(path);
        for (int slash = clean.indexOf('/'); slash > 0; slash = clean.indexOf('/', slash + 1)) {
            entries.putIfAbsent(clean.substring(0, slash), new Entry(DIRECTORY | 0755, new byte[0], 0, 0));
        }
    }

    private static String clean(String path) {
        String clean = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (clean.isEmpty() || clean.contains("//") || clean.startsWith("../") || clean.contains("/../")) {
            throw new IllegalArgumentException("bad path in the initramfs: " + path);
        }
        return clean;
    }

    void writeTo(OutputStream out) throws IOException {
        Counting counting = new Counting(out);
        int inode = 1;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            Entry entry = e.getValue();
            boolean directory = (entry.mode() & 0170000) == DIRECTORY;
            header(counting, e.getKey(), inode++, entry.mode(), directory ? 2 : 1, entry.data().length,
                    entry.rdevMajor(), entry.rdevMinor());
            counting.write(entry.data());
            counting.pad();
        }
        header(counting, "TRAILER!!!", 0, 0, 1, 0, 0, 0);
        counting.flush();
    }

    /** newc: "070701", thirteen 8-digit hex fields, the name with its NUL, each part padded to 4 bytes. */
    private static void header(Counting out, String name, int inode, int mode, int links, int size, int rdevMajor,
            int rdevMinor) throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.UTF_8);
        String fields = String.format("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", inode, mode,
                0, 0, links, 0, size, 0, 0, rdevMajor, rdevMinor, nameBytes.length, 0);
        out.write(fields.getBytes(StandardCharsets.US_ASCII));
        out.write(nameBytes);
        out.pad();
    }

    private static final class Counting {
        private final OutputStream out;
        private long count;

        Counting(OutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            count += bytes.length;
        }

        void pad() throws IOException {
            while (count % 4 != 0) {
                out.write(0);
                count++;
            }
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
