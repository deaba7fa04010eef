package qga.vm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The kernel modules of one unpacked kernel package: finds a module by name and the modules it
 * depends on, read from each module's own .modinfo section (the .deb ships no modules.dep: its
 * postinst runs depmod). Compressed modules (.ko.xz, .ko.zst, .ko.gz) are stored uncompressed so
 * the guest's busybox insmod can load them.
 */
final class KernelModules {
    /** One module to put in the guest, in load order. */
    record Module(String name, String relativePath, byte[] bytes) {
    }

    private final Path root;
    private final Map<String, Path> byName = new HashMap<>();
    private final Set<String> builtin = new LinkedHashSet<>();

    /** root: the lib/modules/KVER directory of the unpacked package. */
    KernelModules(Path root) throws IOException {
        this.root = root;
        try (Stream<Path> files = Files.walk(root.resolve("kernel"))) {
            files.filter(f -> f.getFileName().toString().matches(".*\\.ko(\\.xz|\\.zst|\\.gz)?"))
                    .forEach(f -> byName.put(nameOf(f.getFileName().toString()), f));
        }
        Path list = root.resolve("modules.builtin");
        if (Files.exists(list)) {
            for (String line : Files.readAllLines(list)) {
                builtin.add(nameOf(line.substring(line.lastIndexOf('/') + 1)));
            }
        }
    }

    /** Module names are file names without .ko, with '-' and '_' the same. */
    static String nameOf(String fileName) {
        return fileName.replaceFirst("\\.ko(\\.xz|\\.zst|\\.gz)?$", "").replace('-', '_');
    }

    /** The wanted modules and everything they depend on, dependencies first; built-in ones are left out. */
    List<Module> loadOrder(List<String> wanted) throws IOException, InterruptedException {
        List<Module> order = new ArrayList<>();
        Set<String> visited = new LinkedHashSet<>();
        for (String name : wanted) {
            add(nameOf(name), order, visited);
        }
        return order;
    }

    private void add(String name, List<Module> order, Set<String> visited) throws IOException, InterruptedException {
        if (!visited.add(name)) {
            return;
        }
        Path file = byName.get(name);
        if (file == null) {
            if (builtin.contains(name)) {
                return;
            }
            throw new IOException("kernel module " + name + " is neither in " + root + " nor built in");
        }
        byte[] bytes = uncompressed(file);
        for (String dependency : modinfo(bytes, "depends")) {
            add(nameOf(dependency), order, visited);
        }
        String relative = root.relativize(file).toString().replaceFirst("\\.(xz|zst|gz)$", "");
        order.add(new Module(name, relative, bytes));
    }

    private static byte[] uncompressed(Path file) throws IOException, InterruptedException {
        String name = file.getFileName().toString();
        if (name.endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                return in.readAllBytes();
            }
        }
        if (name.endsWith(".xz") || name.endsWith(".zst")) {
            String tool = name.endsWith(".xz") ? "xz" : "zstd";
            return Host.bytes(Duration.ofSeconds(60), tool, "-dc", file.toString());
        }
        return Files.readAllBytes(file);
    }

    /** The comma-separated values of KEY in an ELF64 module's .modinfo section ("key=value\0..."). */
    static List<String> modinfo(byte[] elf, String key) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < 64 || b.getInt(0) != 0x464c457f || elf[4] != 2) {
            throw new IOException("not an ELF64 kernel module");
        }
        long sectionTable = b.getLong(0x28);
        int entrySize = Short.toUnsignedInt(b.getShort(0x3A));
        int count = Short.toUnsignedInt(b.getShort(0x3C));
        int namesIndex = Short.toUnsignedInt(b.getShort(0x3E));
        long namesOffset = b.getLong((int) (sectionTable + (long) namesIndex * entrySize + 0x18));
        for (int i = 0; i < count; i++) {
            int header = (int) (sectionTable + (long) i * entrySize);
            String sectionName = cString(elf, (int) (namesOffset + Integer.toUnsignedLong(b.getInt(header))));
            if (sectionName.equals(".modinfo")) {
                int offset = (int) b.getLong(header + 0x18);
                int size = (int) b.getLong(header + 0x20);
                List<String> values = new ArrayList<>();
                for (String entry : new String(elf, offset, size, StandardCharsets.UTF_8).split("\0")) {
                    if (entry.startsWith(key + "=")) {
                        for (String value : entry.substring(key.length() + 1).split(",")) {
                            if (!value.isBlank()) {
                                values.add(value.strip());
                            }
                        }
                    }
                }
                return values;
            }
        }
        throw new IOException("no .modinfo section");
    }

    private static String cString(byte[] bytes, int offset) {
        int end = offset;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }
}
