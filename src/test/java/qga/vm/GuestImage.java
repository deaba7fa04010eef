package qga.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The test guest: a Debian kernel and an initramfs holding busybox, the host's own qemu-ga with
 * the libraries ldd lists, the virtio modules and our init. Built from Debian packages only
 * (apt-get download, dpkg-deb) and cached in ${XDG_CACHE_HOME:-~/.cache}/qga-test-guest/ under a
 * key made of the kernel package, the qemu-ga version and this recipe, so a rebuild happens only
 * when one of those changes.
 */
final class GuestImage {
    /** Raise when the Java side of the recipe changes; edits to the guest files change the key by themselves. */
    static final int RECIPE = 1;
    static final Path QEMU_GA = Path.of("/usr/sbin/qemu-ga");
    /** virtio-serial for the agent's ports; virtio-blk and ext4 (which also serves ext2) for the data disk. */
    static final List<String> MODULES = List.of("virtio_pci", "virtio_console", "virtio_blk", "ext4", "crc32c_generic");
    static final String HOSTNAME = "qga-test-guest";
    /** Guest files kept as resources under vm/guest/: resource name, where it goes. All executable. */
    private static final Map<String, String> GUEST_FILES = Map.of(
            "init", "init",
            "shutdown", "sbin/shutdown",
            "chpasswd", "usr/local/sbin/chpasswd");
    private static final Duration APT_LIMIT = Duration.ofMinutes(3);

    private static GuestImage built;
    private static String unavailable;

    private final Path kernel;
    private final Path initramfs;
    private final String summary;
    private final String kernelRelease;

    private GuestImage(Path dir) throws IOException {
        this.kernel = dir.resolve("vmlinuz");
        this.initramfs = dir.resolve("initrd.gz");
        Properties info = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("guest.properties"))) {
            info.load(in);
        }
        this.kernelRelease = info.getProperty("kernel_release");
        this.summary = info.getProperty("kernel_package") + " " + info.getProperty("kernel_version") + ", qemu-ga "
                + info.getProperty("qemu_ga_version") + ", built in " + info.getProperty("build_seconds") + " s ("
                + dir + ")";
    }

    Path kernel() {
        return kernel;
    }

    Path initramfs() {
        return initramfs;
    }

    /** uname -r in the guest. */
    String kernelRelease() {
        return kernelRelease;
    }

    String summary() {
        return summary;
    }

    /** The image, built now if the cache lacks it; remembers for this JVM why it could not be built. */
    static synchronized GuestImage obtain() throws Unavailable {
        if (built == null && unavailable == null) {
            try {
                built = locateOrBuild();
            } catch (Unavailable e) {
                unavailable = e.getMessage();
            } catch (IOException | UncheckedIOException e) {
                unavailable = "the guest could not be built: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted while building the guest";
            }
        }
        if (built == null) {
            throw new Unavailable(unavailable);
        }
        return built;
    }

    /** This machine cannot build the guest (no apt, no qemu-ga, no network for the packages). */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason);
        }
    }

    private static GuestImage locateOrBuild() throws Unavailable, IOException, InterruptedException {
        for (String tool : List.of("apt-get", "apt-cache", "dpkg-deb", "ldd")) {
            if (Host.which(tool).isEmpty()) {
                throw new Unavailable("no " + tool + " on PATH: the guest is built from Debian packages with apt");
            }
        }
        if (!Files.isExecutable(QEMU_GA)) {
            throw new Unavailable(QEMU_GA + " is missing (apt-get install qemu-guest-agent): the guest runs the host's");
        }
        String kernelPackage = kernelPackage();
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("kernel_package", kernelPackage);
        parts.put("kernel_version", candidateVersion(kernelPackage));
        parts.put("busybox_version", candidateVersion("busybox-static"));
        parts.put("qemu_ga_version", Host.run(Duration.ofSeconds(30), QEMU_GA.toString(), "--version").lines()
                .findFirst().orElse("?").replaceFirst(".*Agent\\s*", "").strip());
        parts.put("recipe", Integer.toString(RECIPE));
        parts.put("recipe_hash", recipeHash(parts));
        String key = (kernelPackage + "_" + parts.get("kernel_version") + "_qemu-ga-" + parts.get("qemu_ga_version")
                + "_recipe-" + RECIPE + "-" + parts.get("recipe_hash")).replaceAll("[^A-Za-z0-9._+-]", "_");

        Path cache = cacheRoot();
        Files.createDirectories(cache);
        // another build of this checkout or another one may be running: one builder at a time
        try (FileChannel lockFile = FileChannel.open(cache.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            Path dir = cache.resolve(key);
            if (!Files.exists(dir.resolve("guest.properties"))) {
                log("building the guest " + key + " in " + cache);
                build(cache, dir, parts);
            }
            GuestImage image = new GuestImage(dir);
            log("guest: " + image.summary());
            return image;
        }
    }

    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("qga-test-guest");
    }

    /** linux-image-amd64 is a metapackage; the kernel is the package it depends on. */
    private static String kernelPackage() throws Unavailable, IOException, InterruptedException {
        Pattern dependency = Pattern.compile("Depends: (linux-image-\\S+)");
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Matcher m = dependency.matcher(Host.run(APT_LIMIT, "apt-cache", "depends", "linux-image-amd64"));
                if (m.find()) {
                    return m.group(1);
                }
            } catch (IOException e) {
                log("apt-cache: " + e.getMessage());
            }
            if (attempt == 0) {
                // a fresh machine has no package lists yet
                log("no linux-image-amd64 in the package lists: apt-get update");
                try {
                    Host.run(APT_LIMIT, "apt-get", "update", "-qq");
                } catch (IOException e) {
                    throw new Unavailable("apt-get update failed (" + e.getMessage() + ")");
                }
            }
        }
        throw new Unavailable("apt knows no linux-image-amd64 (not a Debian amd64 machine?)");
    }

    private static String candidateVersion(String pkg) throws Unavailable, IOException, InterruptedException {
        Matcher m = Pattern.compile("(?m)^Version: (\\S+)")
                .matcher(Host.run(APT_LIMIT, "apt-cache", "show", "--no-all-versions", pkg));
        if (!m.find()) {
            throw new Unavailable("apt has no version of " + pkg);
        }
        return m.group(1);
    }

    private static String recipeHash(Map<String, String> parts) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(parts.toString().getBytes(StandardCharsets.UTF_8));
            sha.update(MODULES.toString().getBytes(StandardCharsets.UTF_8));
            for (String name : GUEST_FILES.keySet().stream().sorted().toList()) {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(resource(name));
            }
            // a rebuilt qemu-ga keeps its version string
            sha.update(Files.readAllBytes(QEMU_GA));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GuestImage.class.getResourceAsStream("/vm/guest/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource vm/guest/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static void build(Path cache, Path dir, Map<String, String> parts) throws IOException, InterruptedException {
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

            Initramfs root = new Initramfs();
            for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "usr/local/sbin", "etc", "proc", "sys",
                    "dev", "run", "var", "lib/modules")) {
                root.directory(d, 0755);
            }
            root.directory("tmp", 01777).directory("root", 0700).symlink("var/run", "../run");
            // the kernel opens /dev/console for init before anything is mounted
            root.charDevice("dev/console", 0600, 5, 1);
            root.file("bin/busybox", 0755, Files.readAllBytes(busyboxTree.resolve("bin/busybox")));
            for (Map.Entry<String, String> f : GUEST_FILES.entrySet()) {
                root.file(f.getValue(), 0755, resource(f.getKey()));
            }
            addWithLibraries(root, QEMU_GA);

            StringBuilder loadOrder = new StringBuilder();
            for (KernelModules.Module module : new KernelModules(modulesDir).loadOrder(MODULES)) {
                String path = "lib/modules/" + release + "/" + module.relativePath();
                root.file(path, 0644, module.bytes());
                loadOrder.append('/').append(path).append('\n');
            }
            root.file("etc/qga-guest/modules", 0644, bytes(loadOrder.toString()));
            root.file("etc/hostname", 0644, bytes(HOSTNAME + "\n"));
            root.file("etc/hosts", 0644, bytes("127.0.0.1 localhost\n127.0.1.1 " + HOSTNAME + "\n"));
            root.file("etc/passwd", 0644, bytes("root:x:0:0:root:/root:/bin/sh\n"));
            root.file("etc/group", 0644, bytes("root:x:0:\n"));
            // guest-get-osinfo reads it: the guest claims to be the host's Debian release
            root.file("etc/os-release", 0644, Files.readAllBytes(Path.of("/etc/os-release")));

            Path partial = Files.createTempDirectory(cache, "partial-");
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.copy(kernelTree.resolve("boot/vmlinuz-" + release), partial.resolve("vmlinuz"));
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial.resolve("initrd.gz")), 1 << 16)) {
                root.writeTo(out);
            }
            Properties info = new Properties();
            info.putAll(parts);
            info.setProperty("kernel_release", release);
            info.setProperty("modules", loadOrder.toString().strip().replace('\n', ' '));
            info.setProperty("build_seconds", String.format(java.util.Locale.ROOT, "%.1f",
                    (System.nanoTime() - start) / 1e9));
            try (OutputStream out = Files.newOutputStream(partial.resolve("guest.properties"))) {
                info.store(out, "qga test guest");
            }
            deleteTree(dir);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(work);
        }
    }

    /** The .deb of PKG at VERSION in the download cache, fetched with apt-get download if missing. */
    private static Path download(Path debs, String pkg, String version) throws IOException, InterruptedException {
        String prefix = pkg + "_" + version.replace(":", "%3a") + "_";
        Path deb = findDeb(debs, prefix);
        if (deb != null) {
            return deb;
        }
        log("apt-get download " + pkg + " (" + version + ")");
        try (Stream<Path> old = Files.list(debs)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(pkg + "_")).toList()) {
                Files.delete(p);
            }
        }
        Host.run(debs, APT_LIMIT, List.of("apt-get", "download", "-q", pkg + "=" + version));
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
        Host.run(APT_LIMIT, "dpkg-deb", "-x", deb.toString(), into.toString());
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

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void log(String message) {
        System.err.println("[qga-test-guest] " + message);
    }
}
