package qga.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the guest from Debian packages only (apt-get download, dpkg-deb): the kernel, and an
 * initramfs holding busybox, the host's own qemu-ga with the libraries ldd lists, the virtio
 * modules and our init (resources under vm/guest/). Writes vmlinuz, initrd.gz and
 * guest.properties into the cache directory, atomically.
 */
final class GuestBuilder {
    /** virtio-serial for the agent's ports; virtio-blk and ext4 (which also serves ext2) for the data disk. */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_console", "virtio_blk", "ext4", "crc32c_generic");
    static final String HOSTNAME = "qga-test-guest";
    /** Guest files kept as resources under vm/guest/: resource name, where it goes. All executable. */
    static final Map<String, String> GUEST_FILES = Map.of(
            "init", "init",
            "shutdown", "sbin/shutdown",
            "chpasswd", "usr/local/sbin/chpasswd");

    private GuestBuilder() {
    }

    static void build(Path cache, Path dir, Map<String, String> parts) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path debs = Files.createDirectories(cache.resolve("debs"));
        Path work = Files.createTempDirectory(cache, "work-");
        try {
            Path kernelTree = unpack(download(debs, parts.get("kernel_package"), parts.get("kernel_version")),
                    work.resolve("kernel"));
            Path busyboxTree = unpack(download(debs, "busybox-static", parts.get("busybox_version")),
                    work.resolve("busybox"));
            Path modulesDir;
            try (Stream<Path> versions = Files.list(kernelTree.resolve("lib/modules"))) {
                modulesDir = versions.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new IOException("no lib/modules/VERSION in " + parts.get("kernel_package")));
            }
            String release = modulesDir.getFileName().toString();
            Initramfs root = baseSystem(busyboxTree.resolve("bin/busybox"));
            String loadOrder = addModules(root, modulesDir, release);

            Path partial = Files.createTempDirectory(cache, "partial-");
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(kernelTree.resolve("boot/vmlinuz-" + release), partial.resolve("vmlinuz"));
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial.resolve("initrd.gz")), 1 << 16)) {
                root.writeTo(out);
            }
            Properties info = new Properties();
            info.putAll(parts);
            info.setProperty("kernel_release", release);
            info.setProperty("modules", loadOrder.strip().replace('\n', ' '));
            info.setProperty("build_seconds", String.format(java.util.Locale.ROOT, "%.1f",
                    (System.nanoTime() - start) / 1e9));
            try (OutputStream out = Files.newOutputStream(partial.resolve("guest.properties"))) {
                info.store(out, "qga test guest");
            }
            GuestImage.deleteTree(dir);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            GuestImage.deleteTree(work);
        }
    }

    /** Everything but the kernel modules: directories, busybox, our init and shims, qemu-ga, /etc. */
    private static Initramfs baseSystem(Path busybox) throws IOException, InterruptedException {
        Initramfs root = new Initramfs();
        for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "usr/local/sbin", "etc", "proc", "sys", "dev",
                "run", "var", "lib/modules")) {
            root.directory(d, 0755);
        }
        root.directory("tmp", 01777).directory("root", 0700).symlink("var/run", "../run");
        // the kernel opens /dev/console for init before anything is mounted
        root.charDevice("dev/console", 0600, 5, 1);
        // the applet links are made by init (busybox --install), not here: no downloaded binary runs on the host
        root.file("bin/busybox", 0755, Files.readAllBytes(busybox));
        for (Map.Entry<String, String> f : GUEST_FILES.entrySet()) {
            root.file(f.getValue(), 0755, resource(f.getKey()));
        }
        addWithLibraries(root, GuestImage.QEMU_GA);
        root.file("etc/hostname", 0644, bytes(HOSTNAME + "\n"));
        root.file("etc/hosts", 0644, bytes("127.0.0.1 localhost\n127.0.1.1 " + HOSTNAME + "\n"));
        root.file("etc/passwd", 0644, bytes("root:x:0:0:root:/root:/bin/sh\n"));
        // the chpasswd shim sets passwords here, as chpasswd would
        root.file("etc/shadow", 0600, bytes("root:*:19000:0:99999:7:::\n"));
        root.file("etc/group", 0644, bytes("root:x:0:\n"));
        // guest-get-osinfo reads it: the guest claims to be the host's Debian release
        root.file("etc/os-release", 0644, Files.readAllBytes(Path.of("/etc/os-release")));
        return root;
    }

    /** The modules in load order, and the list init loads them from (no depmod, no modprobe in the guest). */
    private static String addModules(Initramfs root, Path modulesDir, String release)
            throws IOException, InterruptedException {
        StringBuilder loadOrder = new StringBuilder();
        for (KernelModules.Module module : new KernelModules(modulesDir).loadOrder(MODULES)) {
            String path = "lib/modules/" + release + "/" + module.relativePath();
            root.file(path, 0644, module.bytes());
            loadOrder.append('/').append(path).append('\n');
        }
        root.file("etc/qga-guest/modules", 0644, bytes(loadOrder.toString()));
        return loadOrder.toString();
    }

    /** The .deb of PKG at VERSION in the download cache, fetched with apt-get download if missing. */
    private static Path download(Path debs, String pkg, String version) throws IOException, InterruptedException {
        String prefix = pkg + "_" + version.replace(":", "%3a") + "_";
        Path deb = findDeb(debs, prefix);
        if (deb != null) {
            return deb;
        }
        GuestImage.log("apt-get download " + pkg + " (" + version + ")");
        try (Stream<Path> old = Files.list(debs)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(pkg + "_")).toList()) {
                Files.delete(p);
            }
        }
        Host.run(debs, GuestImage.APT_LIMIT, List.of("apt-get", "download", "-q", pkg + "=" + version));
        deb = findDeb(debs, prefix);
        if (deb == null) {
            throw new IOException("apt-get download " + pkg + " left no " + prefix + "*.deb in " + debs);
        }
        return deb;
    }

    private static Path findDeb(Path debs, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(debs)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
        }
    }

    private static Path unpack(Path deb, Path into) throws IOException, InterruptedException {
        Files.createDirectories(into);
        Host.run(GuestImage.APT_LIMIT, "dpkg-deb", "-x", deb.toString(), into.toString());
        return into;
    }

    /** A dynamically linked program and what ldd says it loads, each at the same path in the guest. */
    private static void addWithLibraries(Initramfs root, Path program) throws IOException, InterruptedException {
        root.file(program.toString(), 0755, Files.readAllBytes(program));
        Pattern library = Pattern.compile("=>\\s*(/\\S+)|^\\s*(/\\S+)\\s+\\(");
        List<String> missing = new ArrayList<>();
        for (String line : Host.run(Duration.ofSeconds(30), "ldd", program.toString()).lines().toList()) {
            if (line.contains("not found")) {
                missing.add(line.strip());
                continue;
            }
            Matcher m = library.matcher(line);
            if (m.find()) {
                String path = m.group(1) != null ? m.group(1) : m.group(2);
                root.file(path, 0755, Files.readAllBytes(Path.of(path)));
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(program + " lacks libraries on this host: " + missing);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = GuestBuilder.class.getResourceAsStream("/vm/guest/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource vm/guest/" + name);
            }
            return in.readAllBytes();
        }
    }

}
