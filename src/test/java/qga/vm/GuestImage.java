package qga.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The test guest's kernel and initramfs (see {@link GuestBuilder}), cached in
 * ${XDG_CACHE_HOME:-~/.cache}/qga-test-guest/ under a key made of the kernel package, the qemu-ga
 * version and the recipe, so a rebuild happens only when one of those changes. The kernel package
 * is what linux-image-amd64 depends on, as apt sees it now.
 */
final class GuestImage {
    /** Raise when the Java side of the recipe changes; edits to the guest files change the key by themselves. */
    static final int RECIPE = 2;
    static final Path QEMU_GA = Path.of("/usr/sbin/qemu-ga");
    static final Duration APT_LIMIT = Duration.ofMinutes(3);

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
            removeLeftovers(cache);
            Path dir = cache.resolve(key);
            if (!Files.exists(dir.resolve("guest.properties"))) {
                log("building the guest " + key + " in " + cache);
                GuestBuilder.build(cache, dir, parts);
            }
            GuestImage image = new GuestImage(dir);
            log("guest: " + image.summary());
            return image;
        }
    }

    /** What a build that was killed left behind (an unpacked kernel is 400 MB); safe while we hold the lock. */
    private static void removeLeftovers(Path cache) throws IOException {
        try (Stream<Path> entries = Files.list(cache)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().matches("(work|partial)-\\d+")).toList()) {
                log("removing " + p + ", left by an interrupted build");
                deleteTree(p);
            }
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
            sha.update(GuestBuilder.MODULES.toString().getBytes(StandardCharsets.UTF_8));
            for (String name : GuestBuilder.GUEST_FILES.keySet().stream().sorted().toList()) {
                sha.update(name.getBytes(StandardCharsets.UTF_8));
                sha.update(GuestBuilder.resource(name));
            }
            // a rebuilt qemu-ga keeps its version string
            sha.update(Files.readAllBytes(QEMU_GA));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
