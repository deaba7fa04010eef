import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * qga's benchmarks, each side by side with its baseline in the same run: the runs alternate
 * between the tools, and every figure is a median with its min and max. Run through bench/run.
 */
public class Bench {
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path QGA = ROOT.resolve("bin/qga");
    static final Path QGA_SHELL = ROOT.resolve("bin/qga-shell");
    static final List<String> BLOCKED = List.of("guest-shutdown", "guest-suspend-disk", "guest-suspend-ram",
            "guest-suspend-hybrid", "guest-set-time", "guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list",
            "guest-fsfreeze-thaw", "guest-fstrim", "guest-set-vcpus", "guest-set-memory-blocks",
            "guest-set-user-password", "guest-ssh-add-authorized-keys", "guest-ssh-remove-authorized-keys");
    static final int MIB = 1 << 20;

    static int runs = 21;
    static Path work;
    static Path socket;

    /** One timed run: wall milliseconds and peak resident memory in KiB (0 if not measured). */
    record Sample(double millis, long rssKib) {
    }

    /** Median, min and max of a set of samples. */
    record Stats(double median, double min, double max, long rssMedianKib, long rssMinKib, long rssMaxKib) {
        static Stats of(List<Sample> samples) {
            double[] ms = samples.stream().mapToDouble(Sample::millis).sorted().toArray();
            long[] rss = samples.stream().mapToLong(Sample::rssKib).sorted().toArray();
            return new Stats(median(ms), ms[0], ms[ms.length - 1], rss[rss.length / 2], rss[0], rss[rss.length - 1]);
        }

        /** The same runs' peak RSS, in MiB, as the figures of a row. */
        Stats memory() {
            return new Stats(rssMedianKib / 1024.0, rssMinKib / 1024.0, rssMaxKib / 1024.0, rssMedianKib, rssMinKib,
                    rssMaxKib);
        }

        static double median(double[] sorted) {
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }

    /** A row of the results table. */
    record Row(String benchmark, String tool, Stats stats, String note, String unit) {
        Row(String benchmark, String tool, Stats stats, String note) {
            this(benchmark, tool, stats, note, "ms");
        }
    }

    public static void main(String[] args) throws Exception {
        boolean write = true;
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--no-write")) {
                write = false;
            } else if (args[i].equals("--only")) {
                // a part of the table is no table: print it only
                only = List.of(args[++i].split(","));
                write = false;
            } else {
                System.err.println((args[i].equals("--help") ? "" : "bench/run: unknown option " + args[i] + "\n")
                        + "usage: bench/run [--runs N] [--no-write] [--only NAME,...]  (writes BENCHMARKS.md unless --no-write or --only)");
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
        }
        work = Files.createTempDirectory("qga-bench-");
        socket = work.resolve("qga.sock");
        Process agent = startAgent();
        List<Row> rows = new ArrayList<>();
        try {
            for (Map.Entry<String, Benchmark> benchmark : benchmarks().entrySet()) {
                if (only == null || only.contains(benchmark.getKey())) {
                    benchmark.getValue().run(rows);
                }
            }
        } finally {
            agent.destroy();
            agent.waitFor(5, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String table = table(rows);
        System.out.println(table);
        if (write) {
            writeBenchmarks(table);
        }
    }

    interface Benchmark {
        void run(List<Row> rows) throws Exception;
    }

    /** Every benchmark by the name --only takes, in the table's order. */
    static Map<String, Benchmark> benchmarks() {
        Map<String, Benchmark> all = new java.util.LinkedHashMap<>();
        all.put("one-shot", Bench::oneShot);
        all.put("start-up", Bench::startUpOnEachJdk);
        all.put("run", Bench::runTrue);
        all.put("pipe", Bench::pipe);
        all.put("large-replies", Bench::largeReplies);
        all.put("cp", Bench::copy);
        all.put("cp-chunks", Bench::copyChunks);
        all.put("shell", Bench::shell);
        all.put("libvirt", Bench::libvirtOneShot);
        all.put("fanout", Bench::fanOut);
        return all;
    }

    static Process startAgent() throws Exception {
        Process agent = new ProcessBuilder("/usr/sbin/qemu-ga", "-m", "unix-listen", "-p", socket.toString(), "-t",
                work.toString(), "-f", work.resolve("pid").toString(), "-b", String.join(",", BLOCKED))
                .redirectErrorStream(true).redirectOutput(work.resolve("qemu-ga.log").toFile()).start();
        for (int i = 0; i < 500 && !Files.exists(socket); i++) {
            Thread.sleep(10);
        }
        if (!Files.exists(socket)) {
            throw new IllegalStateException("qemu-ga did not start: " + Files.readString(work.resolve("qemu-ga.log")));
        }
        return agent;
    }

    // ---- running things -------------------------------------------------------------------

    /** Runs a command under GNU time (for peak RSS), stdin from a file (or nothing), stdout to a file. */
    static Sample run(List<String> command, Path stdin, Path stdout) throws Exception {
        Path rss = work.resolve("rss");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
        timed.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(timed)
                .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))
                        : ProcessBuilder.Redirect.from(stdin.toFile()))
                .redirectOutput(stdout.toFile()).redirectError(work.resolve("stderr").toFile());
        builder.environment().remove("QGA_JAR");
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        String rssText = Files.readString(rss).strip();
        String last = rssText.lines().reduce((a, b) -> b).orElse("0");
        return new Sample(millis, Long.parseLong(last.replaceAll("[^0-9]", "")));
    }

    /** Alternates the tools run by run and returns each tool's samples (after one warm-up each). */
    static List<List<Sample>> alternate(List<Supplier<Sample>> tools, Runnable beforeEach) {
        for (Supplier<Sample> tool : tools) {
            beforeEach.run();
            tool.get();
        }
        List<List<Sample>> samples = new ArrayList<>();
        tools.forEach(t -> samples.add(new ArrayList<>()));
        for (int i = 0; i < runs; i++) {
            for (int t = 0; t < tools.size(); t++) {
                beforeEach.run();
                samples.get(t).add(tools.get(t).get());
            }
        }
        return samples;
    }

    static Supplier<Sample> timed(List<String> command, Path stdin, Path stdout) {
        return () -> {
            try {
                return run(command, stdin, stdout);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
    }

    static String qgaExec(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(QGA.toString(), "unix:" + socket, "exec"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }

    // ---- the benchmarks -------------------------------------------------------------------

    static void oneShot(List<Row> rows) throws Exception {
        Path request = Files.writeString(work.resolve("osinfo.json"), "{\"execute\":\"guest-get-osinfo\"}\n");
        Path hello = javaFloor();
        Path out = work.resolve("out");
        List<Supplier<Sample>> tools = List.of(
                timed(List.of(QGA.toString(), "unix:" + socket, "exec", "guest-get-osinfo"), null, out),
                timed(List.of("socat", "-", "UNIX-CONNECT:" + socket), request, out),
                timed(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", hello.toString(), "Hello"),
                        null, out),
                timed(List.of("env", "QGA_CDS=0", QGA.toString(), "unix:" + socket, "exec", "guest-get-osinfo"), null, out));
        run(List.of(QGA.toString(), "unix:" + socket, "exec", "guest-get-osinfo"), null, out);
        check(Files.readString(out).contains("\"return\""), "qga printed a reply");
        run(List.of("socat", "-", "UNIX-CONNECT:" + socket), request, out);
        check(Files.readString(out).contains("\"return\""), "socat printed a reply");
        List<List<Sample>> s = alternate(tools, () -> { });
        Stats qga = Stats.of(s.get(0));
        Stats socat = Stats.of(s.get(1));
        Stats floor = Stats.of(s.get(2));
        Stats noArchive = Stats.of(s.get(3));
        String what = "one request, guest-get-osinfo (qga: sync, request)";
        rows.add(new Row(what, "qga exec", qga, ratio(qga, socat) + " of socat, " + ratio(qga, floor) + " of the bare JVM"));
        rows.add(new Row(what, "socat", socat, "one write, one read"));
        rows.add(new Row(what, "bare JVM (Hello)", floor, "the floor for any Java tool"));
        rows.add(new Row(what, "qga exec, QGA_CDS=0", noArchive, "without the class-data-sharing archive: "
                + ratio(noArchive, floor) + " of the bare JVM"));
        rows.add(new Row("peak RSS of that one-shot run", "qga exec", qga.memory(), "target under 64 MiB", "MiB"));
    }

    /** qga run -- true end to end: what running a program in the guest costs beyond one request. */
    static void runTrue(List<Row> rows) throws Exception {
        Path out = work.resolve("run-out");
        Path tmp = Files.createDirectories(work.resolve("run-tmp"));
        List<String> streamed = List.of(QGA.toString(), "unix:" + socket, "run", "--tmpdir", tmp.toString(), "--", "true");
        List<String> atExit = List.of(QGA.toString(), "unix:" + socket, "run", "--no-stream", "--", "true");
        List<String> ping = List.of(QGA.toString(), "unix:" + socket, "exec", "guest-ping");
        List<Supplier<Sample>> tools = List.of(timed(streamed, null, out), timed(atExit, null, out), timed(ping, null, out));
        run(streamed, null, out);
        check(Files.readString(work.resolve("stderr")).isEmpty(), "qga run -- true said nothing on stderr");
        run(atExit, null, out);
        check(Files.readString(work.resolve("stderr")).isEmpty(), "qga run --no-stream -- true said nothing on stderr");
        List<List<Sample>> s = alternate(tools, () -> { });
        Stats stream = Stats.of(s.get(0));
        Stats exit = Stats.of(s.get(1));
        Stats one = Stats.of(s.get(2));
        String what = "qga run -- true, whole process (host-side agent)";
        rows.add(new Row(what, "qga run (output as it comes)", stream, ratio(stream, one)
                + " of one exec guest-ping: a shell, two files opened, read, closed and removed"));
        rows.add(new Row(what, "qga run --no-stream", exit, ratio(exit, one) + " of one exec guest-ping: guest-exec and status polls"));
        rows.add(new Row(what, "qga exec guest-ping", one, "one request, for scale"));
    }

    /** The JVM flags bin/qga runs with, read from it, so that the floor client runs as qga does. */
    static List<String> launcherFlags() throws Exception {
        for (String line : Files.readAllLines(QGA)) {
            if (line.startsWith("flags=\"")) {
                return List.of(line.substring(7, line.length() - 1).split(" "));
            }
        }
        throw new IllegalStateException("no flags= line in " + QGA);
    }

    /**
     * bench/FloorClient (connect, sync, one request, print the reply; the JDK only) as a jar with a
     * class cache of its own for this Java, trained by one run as qga's is: the command that runs it
     * the way bin/qga runs qga. What is left between it and qga exec is qga's own cost.
     */
    static List<String> floorClient(Jdk jdk, String socketPath) throws Exception {
        Path dir = Files.createDirectories(work.resolve("floor"));
        Path jar = dir.resolve("floor.jar");
        if (!Files.exists(jar)) {
            Process javac = new ProcessBuilder("javac", "--release", "17", "-d", dir.toString(),
                    ROOT.resolve("bench/FloorClient.java").toString()).inheritIO().start();
            check(javac.waitFor() == 0, "javac FloorClient");
            Process jarTool = new ProcessBuilder("jar", "cf", jar.toString(), "-C", dir.toString(), "FloorClient.class")
                    .inheritIO().start();
            check(jarTool.waitFor() == 0, "jar FloorClient");
        }
        Path cache = dir.resolve("floor.java" + jdk.feature() + (jdk.feature() >= 25 ? ".aot" : ".jsa"));
        List<String> base = new ArrayList<>(List.of(jdk.java().toString()));
        base.addAll(launcherFlags());
        base.add("-Xlog:disable");
        if (!Files.exists(cache)) {
            String output = (jdk.feature() >= 25 ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + cache;
            run(concat(concat(base, output), "-cp", jar.toString(), "FloorClient", socketPath, "guest-get-osinfo"), null,
                    work.resolve("out"));
            check(Files.exists(cache), "a class cache for the floor client on " + jdk.name());
        }
        List<String> command = new ArrayList<>(base);
        command.add((jdk.feature() >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache);
        command.addAll(List.of("-cp", jar.toString(), "FloorClient", socketPath));
        return command;
    }

    static Path javaFloor() throws Exception {
        Path dir = Files.createDirectories(work.resolve("hello"));
        Path source = Files.writeString(dir.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }\n");
        Process javac = new ProcessBuilder("javac", "-d", dir.toString(), source.toString()).inheritIO().start();
        check(javac.waitFor() == 0, "javac Hello");
        return dir;
    }

    static void pipe(List<Row> rows) throws Exception {
        StringBuilder shorthand = new StringBuilder();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            shorthand.append("guest-ping\n");
            json.append("{\"execute\":\"guest-ping\"}\n");
        }
        Path pings = Files.writeString(work.resolve("pings.txt"), shorthand);
        Path pingsJson = Files.writeString(work.resolve("pings.json"), json);
        Path out = work.resolve("pipe-out");
        List<Jdk> jdks = jdks();
        List<Supplier<Sample>> tools = new ArrayList<>();
        tools.add(timed(List.of("socat", "-", "UNIX-CONNECT:" + socket), pingsJson, out));
        for (Jdk jdk : jdks) {
            trainCachesFor(jdk);
            tools.add(timed(concat(qgaOn(jdk), "unix:" + socket), pings, out));
        }
        List<List<Sample>> s = alternate(tools, () -> { });
        for (Jdk jdk : jdks) {
            run(concat(qgaOn(jdk), "unix:" + socket), pings, out);
            check(Files.readAllLines(out).size() == 10_000, "qga on " + jdk.name() + " printed 10,000 replies");
        }
        run(List.of("socat", "-", "UNIX-CONNECT:" + socket), pingsJson, out);
        long socatLines = Files.readAllLines(out).size();
        Stats socat = Stats.of(s.get(0));
        String what = "10,000 guest-ping piped on stdin, one reply each";
        for (int j = 0; j < jdks.size(); j++) {
            Stats qga = Stats.of(s.get(j + 1));
            rows.add(new Row(what, "qga ADDRESS < requests, " + jdks.get(j).name() + ", " + jdks.get(j).cache(), qga,
                    ratio(qga, socat) + " of socat (target 2x)"));
        }
        rows.add(new Row(what, "socat", socat, socatLines + " replies received"));
    }

    /** bin/qga run on a given Java. */
    static List<String> qgaOn(Jdk jdk) {
        return List.of("env", "QGA_JAVA=" + jdk.java(), QGA.toString());
    }

    static void largeReplies(List<Row> rows) throws Exception {
        Path file = work.resolve("big.bin");
        byte[] data = new byte[40 * MIB];
        new Random(42).nextBytes(data);
        Files.write(file, data);
        String opened = qgaExec("--return", "guest-file-open", "path=" + file);
        String handle = opened.strip();
        check(handle.matches("[0-9]+"), "guest-file-open gave a handle: " + opened);
        Runnable rewind = () -> {
            try {
                qgaExec("guest-file-seek", "handle=" + handle, "offset=0", "whence=set");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Path out = work.resolve("read-out");
        Path request = Files.writeString(work.resolve("read.json"),
                "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":" + (40 * MIB) + "}}\n");
        // socat's default: 0.5 s after its input ends it gives up; the agent is still reading the file
        List<String> socatDefault = List.of("socat", "-", "UNIX-CONNECT:" + socket);
        // with -t 30 it waits until the agent, having seen the half-close, replies and hangs up
        List<String> socatPatient = List.of("socat", "-t", "30", "-", "UNIX-CONNECT:" + socket);
        List<Jdk> jdks = jdks();
        List<Supplier<Sample>> tools = new ArrayList<>(List.of(timed(socatPatient, request, out), timed(socatDefault, request, out)));
        for (Jdk jdk : jdks) {
            trainCachesFor(jdk);
            tools.add(timed(concat(qgaOn(jdk), "unix:" + socket, "exec", "guest-file-read", "handle=" + handle,
                    "count=" + (40 * MIB)), null, out));
        }
        List<List<Sample>> s = alternate(tools, rewind);
        long replyBytes = 0;
        for (Jdk jdk : jdks) {
            rewind.run();
            run(concat(qgaOn(jdk), "unix:" + socket, "exec", "guest-file-read", "handle=" + handle, "count=" + (40 * MIB)),
                    null, out);
            replyBytes = Files.size(out);
            check(replyBytes > 50L * MIB, "qga on " + jdk.name() + " printed the whole 40 MiB reply (" + replyBytes + " bytes)");
        }
        rewind.run();
        run(socatPatient, request, out);
        long patientBytes = Files.size(out);
        rewind.run();
        run(socatDefault, request, out);
        long defaultBytes = Files.size(out);
        Stats socat = Stats.of(s.get(0));
        Stats socatGaveUp = Stats.of(s.get(1));
        String what = String.format(Locale.ROOT, "guest-file-read of 40 MiB in one request (reply %.1f MiB of JSON)",
                replyBytes / (double) MIB);
        for (int j = 0; j < jdks.size(); j++) {
            Stats qga = Stats.of(s.get(j + 2));
            rows.add(new Row(what, "qga exec, " + jdks.get(j).name() + ", " + jdks.get(j).cache(), qga, throughput(40, qga)
                    + " = " + ratio(socat, qga) + " of socat's throughput (target 0.8x), peak RSS " + rss(qga) + " = "
                    + String.format(Locale.ROOT, "%.1fx", qga.rssMedianKib() * 1024.0 / replyBytes) + " the reply (target under 2x)"));
        }
        rows.add(new Row(what, "socat -t 30", socat, throughput(40, socat) + ", peak RSS " + rss(socat) + ", printed "
                + patientBytes + " bytes"));
        rows.add(new Row(what, "socat (default -t 0.5)", socatGaveUp, "printed " + defaultBytes
                + " bytes: gone before the reply came"));
        for (int mib : List.of(8, 40)) {
            StringBuilder chunks = new StringBuilder("{\"execute\":\"guest-file-seek\",\"arguments\":{\"handle\":" + handle
                    + ",\"offset\":0,\"whence\":\"set\"}}\n");
            for (int i = 0; i < mib; i++) {
                chunks.append("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":").append(handle)
                        .append(",\"count\":").append(MIB).append("}}\n");
            }
            Path requests = Files.writeString(work.resolve("chunks-" + mib), chunks);
            List<Supplier<Sample>> chunkTools = new ArrayList<>(List.of(timed(List.of("socat", "-", "UNIX-CONNECT:" + socket), requests, out)));
            for (Jdk jdk : jdks) {
                chunkTools.add(timed(concat(qgaOn(jdk), "unix:" + socket), requests, out));
            }
            List<List<Sample>> c = alternate(chunkTools, () -> { });
            run(List.of("socat", "-", "UNIX-CONNECT:" + socket), requests, out);
            long socatLines = Files.readAllLines(out).size();
            Stats so = Stats.of(c.get(0));
            String chunked = mib + " MiB read in 1 MiB chunks, piped (" + mib + " guest-file-read requests)";
            for (int j = 0; j < jdks.size(); j++) {
                run(concat(qgaOn(jdks.get(j)), "unix:" + socket), requests, out);
                long qgaLines = Files.readAllLines(out).size();
                check(qgaLines == mib + 1, "qga printed " + (mib + 1) + " replies, not " + qgaLines);
                Stats q = Stats.of(c.get(j + 1));
                rows.add(new Row(chunked, "qga ADDRESS < requests, " + jdks.get(j).name() + ", " + jdks.get(j).cache(), q,
                        throughput(mib, q) + " = " + ratio(so, q) + " of socat's throughput (target 0.8x), peak RSS " + rss(q)));
            }
            rows.add(new Row(chunked, "socat", so, throughput(mib, so) + ", peak RSS " + rss(so) + ", " + socatLines
                    + " of " + (mib + 1) + " replies"));
        }
        qgaExec("guest-file-close", "handle=" + handle);
    }

    /**
     * qga cp of a 64 MiB random file each way, the whole process, against socat piping the same
     * data in the agent's largest chunks (48 MiB and the rest), its JSON and base64 made before
     * the clock starts and its replies not decoded: the floor for any client of this agent.
     */
    static void copy(List<Row> rows) throws Exception {
        int size = 64 * MIB;
        byte[] data = new byte[size];
        new Random(64).nextBytes(data);
        Path source = Files.write(work.resolve("cp-source.bin"), data);
        Path up = work.resolve("cp-up.bin");
        Path down = work.resolve("cp-down.bin");
        Path raw = work.resolve("cp-raw.bin");
        Path out = work.resolve("cp-out");
        int largestWrite = qga.guest.FileCopy.LARGEST_CHUNK - (4 << 10);
        StringBuilder writes = new StringBuilder();
        for (int offset = 0; offset < size; offset += largestWrite) {
            byte[] chunk = Arrays.copyOfRange(data, offset, Math.min(size, offset + largestWrite));
            writes.append("{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":HANDLE,\"buf-b64\":\"")
                    .append(java.util.Base64.getEncoder().encodeToString(chunk)).append("\"}}\n");
        }
        String writeTemplate = writes.toString();
        writes = null;
        String readTemplate = ("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":HANDLE,\"count\":"
                + qga.guest.FileCopy.LARGEST_CHUNK + "}}\n").repeat(2);
        Path writeRequests = work.resolve("cp-writes.json");
        Path readRequests = work.resolve("cp-reads.json");
        String[] handle = {null};
        // each socat run gets a fresh handle (a write handle at offset 0, a read handle at the start)
        java.util.function.Function<String, Runnable> reopen = mode -> () -> {
            try {
                if (handle[0] != null) {
                    qgaExec("guest-file-close", "handle=" + handle[0]);
                }
                String path = mode.equals("w") ? raw.toString() : source.toString();
                handle[0] = qgaExec("--return", "guest-file-open", "path=" + path, "mode=" + mode).strip();
                check(handle[0].matches("[0-9]+"), "guest-file-open gave a handle: " + handle[0]);
                Files.writeString(mode.equals("w") ? writeRequests : readRequests,
                        (mode.equals("w") ? writeTemplate : readTemplate).replace("HANDLE", handle[0]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<String> socat = List.of("socat", "-t", "60", "-", "UNIX-CONNECT:" + socket);
        List<List<Sample>> upload = alternate(List.of(
                timed(List.of(QGA.toString(), "unix:" + socket, "cp", source.toString(), "guest:" + up), null, out),
                timed(socat, writeRequests, out)), reopen.apply("w"));
        check(Arrays.equals(Files.readAllBytes(up), data), "qga cp uploaded the file byte for byte");
        check(Files.size(raw) == size, "socat wrote the whole file (" + Files.size(raw) + " bytes)");
        List<List<Sample>> download = alternate(List.of(
                timed(List.of(QGA.toString(), "unix:" + socket, "cp", "guest:" + source, down.toString()), null, out),
                timed(socat, readRequests, out)), reopen.apply("r"));
        check(Arrays.equals(Files.readAllBytes(down), data), "qga cp downloaded the file byte for byte");
        long replies = Files.readAllLines(out).size();
        check(replies == 2, "socat got both read replies, not " + replies);
        qgaExec("guest-file-close", "handle=" + handle[0]);
        Stats qgaUp = Stats.of(upload.get(0));
        Stats socatUp = Stats.of(upload.get(1));
        Stats qgaDown = Stats.of(download.get(0));
        Stats socatDown = Stats.of(download.get(1));
        String chunking = (qga.guest.FileCopy.DEFAULT_CHUNK >> 10) + " KiB chunks, " + qga.guest.FileCopy.DEFAULT_IN_FLIGHT
                + " in flight, as qga cp sends them";
        rows.add(new Row("qga cp of 64 MiB, host to guest (whole process)", "qga cp FILE guest:PATH", qgaUp,
                throughput(64, qgaUp) + " (" + chunking + "), " + ratio(qgaUp, socatUp) + " of socat, peak RSS " + rss(qgaUp)));
        rows.add(new Row("qga cp of 64 MiB, host to guest (whole process)", "socat, 2 guest-file-write", socatUp,
                throughput(64, socatUp) + ", JSON made beforehand"));
        rows.add(new Row("qga cp of 64 MiB, guest to host (whole process)", "qga cp guest:PATH FILE", qgaDown,
                throughput(64, qgaDown) + " (" + chunking + "), " + ratio(qgaDown, socatDown) + " of socat, peak RSS "
                        + rss(qgaDown)));
        rows.add(new Row("qga cp of 64 MiB, guest to host (whole process)", "socat, 2 guest-file-read", socatDown,
                throughput(64, socatDown) + ", replies not decoded"));
    }

    /**
     * How the chunk size and the requests in flight change a copy, measured in this JVM through
     * the API qga cp uses (qga.guest.FileCopy), the settings taking turns run by run.
     */
    static void copyChunks(List<Row> rows) throws Exception {
        Path source = work.resolve("cp-source.bin");
        if (!Files.exists(source)) {
            byte[] data = new byte[64 * MIB];
            new Random(64).nextBytes(data);
            Files.write(source, data);
        }
        Path guest = work.resolve("cp-chunks.bin");
        Path back = work.resolve("cp-chunks-back.bin");
        record Setting(int chunk, int inFlight) {
            String label() {
                return (chunk >= MIB ? (chunk >> 20) + " MiB" : (chunk >> 10) + " KiB") + ", " + inFlight + " in flight";
            }
        }
        List<Setting> settings = new ArrayList<>();
        for (int chunk : List.of(64 << 10, 256 << 10, MIB, 4 * MIB, 16 * MIB, qga.guest.FileCopy.LARGEST_CHUNK)) {
            settings.add(new Setting(chunk, 1));
        }
        for (int inFlight : List.of(2, 4, 8)) {
            settings.add(new Setting(64 << 10, inFlight));
        }
        int sweepRuns = Math.min(runs, 5);
        List<List<Sample>> ups = new ArrayList<>();
        List<List<Sample>> downs = new ArrayList<>();
        settings.forEach(s -> {
            ups.add(new ArrayList<>());
            downs.add(new ArrayList<>());
        });
        for (int run = -1; run < sweepRuns; run++) {
            for (int i = 0; i < settings.size(); i++) {
                Setting setting = settings.get(i);
                try (qga.api.Agent agent = qga.api.Agent.open("unix:" + socket, qga.api.AgentOptions.defaults())) {
                    long start = System.nanoTime();
                    new qga.guest.FileCopy(agent).chunkSize(setting.chunk()).inFlight(setting.inFlight())
                            .upload(source, guest.toString());
                    Sample sample = new Sample((System.nanoTime() - start) / 1e6, 0);
                    if (run >= 0) {
                        ups.get(i).add(sample);
                    }
                }
                try (qga.api.Agent agent = qga.api.Agent.open("unix:" + socket, qga.api.AgentOptions.defaults())) {
                    long start = System.nanoTime();
                    new qga.guest.FileCopy(agent).chunkSize(setting.chunk()).inFlight(setting.inFlight())
                            .download(guest.toString(), back);
                    Sample sample = new Sample((System.nanoTime() - start) / 1e6, 0);
                    if (run >= 0) {
                        downs.get(i).add(sample);
                    }
                }
            }
        }
        check(Arrays.equals(Files.readAllBytes(back), Files.readAllBytes(source)), "the chunk sweep copied byte for byte");
        for (int i = 0; i < settings.size(); i++) {
            Stats up = Stats.of(ups.get(i));
            Stats down = Stats.of(downs.get(i));
            String what = "64 MiB through qga.guest.FileCopy in one JVM (" + sweepRuns + " runs), by chunk and requests in flight";
            rows.add(new Row(what, settings.get(i).label() + ", host to guest", up, throughput(64, up)));
            rows.add(new Row(what, settings.get(i).label() + ", guest to host", down, throughput(64, down)));
        }
    }

    /** Launch to prompt, and Tab completion, in a real pseudo-terminal (script from util-linux). */
    static void shell(List<Row> rows) throws Exception {
        Path hello = work.resolve("hello");
        List<Sample> start = new ArrayList<>();
        List<Sample> floor = new ArrayList<>();
        List<Sample> completion = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            double[] times = shellOnce();
            Sample jvm = run(List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", hello.toString(), "Hello"),
                    null, work.resolve("out"));
            if (i > 0) {
                start.add(new Sample(times[0], 0));
                completion.add(new Sample(times[1], 0));
                floor.add(jvm);
            }
        }
        Stats prompt = Stats.of(start);
        Stats jvm = Stats.of(floor);
        Stats tab = Stats.of(completion);
        rows.add(new Row("qga-shell: launch to a usable prompt (sync and guest-info included)", "qga-shell", prompt,
                ratio(prompt, jvm) + " of the bare JVM; target under 500 ms"));
        rows.add(new Row("qga-shell: launch to a usable prompt (sync and guest-info included)", "bare JVM (Hello)", jvm, ""));
        rows.add(new Row("qga-shell: Tab after guest-get-h until guest-get-host-name shows", "qga-shell", tab,
                "target under 20 ms"));
    }

    static double[] shellOnce() throws Exception {
        return shellOnce("");
    }

    /** The same, with prefix (an env command, say) before the launcher. */
    static double[] shellOnce(String prefix) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("script", "-qfec",
                "stty cols 200 rows 50; exec " + prefix + QGA_SHELL + " unix:" + socket, "/dev/null");
        builder.environment().put("TERM", "xterm");
        builder.environment().put("XDG_STATE_HOME", work.resolve("state").toString());
        builder.environment().put("NO_COLOR", "1");
        builder.redirectErrorStream(true);
        long t0 = System.nanoTime();
        Process process = builder.start();
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (screen) {
                        screen.write(buffer, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the shell ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        OutputStream keys = process.getOutputStream();
        try {
            awaitText(screen, "qga.sock> ", 0);
            double toPrompt = (System.nanoTime() - t0) / 1e6;
            int mark = size(screen);
            keys.write("guest-get-h".getBytes(StandardCharsets.UTF_8));
            keys.flush();
            awaitText(screen, "guest-get-h", mark);
            mark = size(screen);
            long t1 = System.nanoTime();
            keys.write('\t');
            keys.flush();
            awaitText(screen, "ost-name", mark);
            double toCompletion = (System.nanoTime() - t1) / 1e6;
            keys.write(new byte[] {0x15, 0x04});
            keys.flush();
            check(process.waitFor(30, TimeUnit.SECONDS), "qga-shell left on Ctrl-D");
            return new double[] {toPrompt, toCompletion};
        } finally {
            process.destroyForcibly();
        }
    }

    static int size(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.size();
        }
    }

    static void awaitText(ByteArrayOutputStream screen, String text, int from) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String seen;
            synchronized (screen) {
                seen = new String(Arrays.copyOfRange(screen.toByteArray(), from, screen.size()), StandardCharsets.UTF_8);
            }
            if (seen.contains(text)) {
                return;
            }
            check(System.nanoTime() < deadline, "waiting for '" + text + "' from qga-shell; saw: " + seen);
            Thread.sleep(0, 200_000);
        }
    }

    // ---- one-shots through libvirt ----------------------------------------------------------

    /**
     * One request through libvirt, the whole process: qga virsh:DOMAIN and libvirt:DOMAIN against a
     * plain virsh qemu-agent-command, on the VM suite's cached test guest booted as a domain of a
     * private libvirtd (started here as our child and stopped by PID, as the VM suite does). Skipped,
     * saying why, without root, libvirt, QEMU or the cached guest, or with a libvirt daemon running.
     */
    static void libvirtOneShot(List<Row> rows) throws Exception {
        String missing = libvirtMissing();
        Path image = guestImage();
        if (missing == null && image == null) {
            missing = "no cached test guest in ~/.cache/qga-test-guest (the VM suite builds it)";
        }
        if (missing != null) {
            System.err.println("bench: libvirt one-shot skipped: " + missing);
            return;
        }
        Path dir = Files.createDirectories(work.resolve("libvirt"));
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path kernel = Files.copy(image.resolve("vmlinuz"), dir.resolve("vmlinuz"));
        Path initrd = Files.copy(image.resolve("initrd.gz"), dir.resolve("initrd.gz"));
        String domain = "qga-bench-" + ProcessHandle.current().pid();
        String xml = "<domain type='qemu'><name>" + domain + "</name><memory unit='MiB'>512</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type><kernel>" + kernel + "</kernel><initrd>" + initrd + "</initrd>"
                + "<cmdline>console=ttyS0 panic=-1 quiet qga_ports=1</cmdline></os>"
                + "<on_poweroff>destroy</on_poweroff><on_reboot>destroy</on_reboot>"
                + "<devices><serial type='file'><source path='" + dir.resolve("console.log") + "'/><target port='0'/></serial>"
                + "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>"
                + "<memballoon model='none'/></devices></domain>";
        Path definition = Files.writeString(dir.resolve("domain.xml"), xml);
        List<Process> daemons = new ArrayList<>();
        boolean defined = false;
        try {
            for (String daemon : List.of("virtlogd", "libvirtd")) {
                ProcessBuilder builder = new ProcessBuilder(daemon).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(dir.resolve(daemon + ".log").toFile());
                builder.environment().put("LIBVIRT_LOG_OUTPUTS", "3:stderr");
                daemons.add(builder.start());
                if (daemon.equals("virtlogd")) {
                    awaitCondition("virtlogd's socket", 60, () -> Files.exists(Path.of("/run/libvirt/virtlogd-sock")));
                }
            }
            awaitCondition("libvirtd answering virsh", 120, () -> virsh(60, "version") == 0);
            check(virsh(300, "define", definition.toString()) == 0, "virsh define");
            defined = true;
            check(virsh(300, "start", domain) == 0, "virsh start");
            String ping = "{\"execute\":\"guest-ping\"}";
            awaitCondition("the guest's agent through libvirt", 300,
                    () -> virsh(30, "qemu-agent-command", domain, ping, "--timeout", "5") == 0);
            Path out = work.resolve("libvirt-out");
            List<List<Sample>> s = alternate(List.of(
                    timed(List.of("virsh", "-c", "qemu:///system", "qemu-agent-command", domain, ping), null, out),
                    timed(List.of(QGA.toString(), "virsh:" + domain, "exec", "guest-ping"), null, out),
                    timed(List.of(QGA.toString(), "libvirt:" + domain, "exec", "guest-ping"), null, out)), () -> { });
            run(List.of(QGA.toString(), "virsh:" + domain, "exec", "guest-ping"), null, out);
            check(Files.readString(out).strip().equals("{\"return\":{}}"), "qga through virsh printed the reply");
            Stats plain = Stats.of(s.get(0));
            Stats viaVirsh = Stats.of(s.get(1));
            Stats viaLibvirt = Stats.of(s.get(2));
            String what = "one guest-ping through a private libvirtd (whole process; TCG guest, the VM suite's)";
            rows.add(new Row(what, "virsh qemu-agent-command", plain, "the floor: one virsh process"));
            rows.add(new Row(what, "qga virsh:DOMAIN exec guest-ping", viaVirsh, ratio(viaVirsh, plain)
                    + " of plain virsh (target 1.3x): one virsh process, plus the JVM"));
            rows.add(new Row(what, "qga libvirt:DOMAIN exec guest-ping", viaLibvirt, ratio(viaLibvirt, plain)
                    + " of plain virsh: the domain's only channel is libvirt's, so this goes through virsh too"));
        } finally {
            if (defined) {
                virsh(60, "destroy", domain);
                virsh(60, "undefine", domain);
            }
            for (int i = daemons.size() - 1; i >= 0; i--) {
                daemons.get(i).destroy();
                if (!daemons.get(i).waitFor(20, TimeUnit.SECONDS)) {
                    daemons.get(i).destroyForcibly();
                }
            }
        }
    }

    /** Why the libvirt part cannot run here, or null. */
    static String libvirtMissing() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "it runs its own libvirtd, which needs root";
        }
        for (String program : List.of("virsh", "libvirtd", "virtlogd", "qemu-system-x86_64")) {
            if (new ProcessBuilder("sh", "-c", "command -v " + program).start().waitFor() != 0) {
                return "no " + program;
            }
        }
        for (String daemon : List.of("libvirtd", "virtqemud", "virtlogd")) {
            if (new ProcessBuilder("pgrep", "-x", daemon).start().waitFor() == 0) {
                return "a " + daemon + " is already running, and a second one would fight over /run/libvirt";
            }
        }
        return null;
    }

    /** The newest test guest the VM suite cached (vmlinuz and initrd.gz), or null. */
    static Path guestImage() throws Exception {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path root = (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg))
                .resolve("qga-test-guest");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.exists(d.resolve("vmlinuz")) && Files.exists(d.resolve("initrd.gz")))
                    .max(Comparator.comparing(d -> d.toFile().lastModified())).orElse(null);
        }
    }

    /** virsh on the system URI, its output discarded; its exit status (-1 if it ran past the limit). */
    static int virsh(int seconds, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("virsh", "-c", "qemu:///system"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitCondition(String what, int seconds, Condition condition) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.holds()) {
            check(System.nanoTime() < deadline, what + " within " + seconds + " s");
            Thread.sleep(200);
        }
    }

    // ---- start-up on each JDK ---------------------------------------------------------------

    /** JDK 25's java, measured beside the default one when it is installed; QGA_JDK25 names another. */
    static final Path JDK25 = Path.of(System.getenv().getOrDefault("QGA_JDK25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"));

    /** A Java to start qga on: its java program, version and feature version. */
    record Jdk(Path java, String version, int feature) {
        String name() {
            return "JDK " + version;
        }

        String cache() {
            return feature >= 25 ? "AOT cache" : "CDS archive";
        }

        /** The class caches the launcher uses with this Java, beside the checkout's jar. */
        List<Path> caches() {
            Path target = ROOT.resolve("target");
            return feature >= 25 ? List.of(target.resolve("qga.java" + feature + ".aot"),
                    target.resolve("qga-shell.java" + feature + ".aot")) : List.of(target.resolve("qga.java" + feature + ".jsa"));
        }
    }

    /**
     * The start-up figures on the default java and on JDK 25 when it is there, side by side in one
     * alternating run, each against the bare JVM of the same JDK: one exec (with and without the
     * class cache), --version, help, commands, and the shell to its prompt.
     */
    static void startUpOnEachJdk(List<Row> rows) throws Exception {
        List<Jdk> jdks = jdks();
        Path hello = javaFloor();
        Path out = work.resolve("out");
        String address = "unix:" + socket;
        List<String> figures = List.of("bare", "floor", "exec", "exec-uncached", "version", "help", "commands", "shell");
        List<Supplier<Sample>> tools = new ArrayList<>();
        for (Jdk jdk : jdks) {
            trainCachesFor(jdk);
            List<String> qga = List.of("env", "QGA_JAVA=" + jdk.java(), QGA.toString());
            List<String> uncached = List.of("env", "QGA_JAVA=" + jdk.java(), "QGA_CDS=0", QGA.toString());
            tools.add(timed(List.of(jdk.java().toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", hello.toString(), "Hello"), null, out));
            List<String> floor = concat(floorClient(jdk, socket.toString()), "guest-get-osinfo");
            run(floor, null, out);
            check(Files.readString(out).contains("\"return\""), "the floor client on " + jdk.name() + " printed a reply");
            tools.add(timed(floor, null, out));
            tools.add(timed(concat(qga, address, "exec", "guest-get-osinfo"), null, out));
            tools.add(timed(concat(uncached, address, "exec", "guest-get-osinfo"), null, out));
            tools.add(timed(concat(qga, "--version"), null, out));
            tools.add(timed(concat(qga, "help", "guest-exec"), null, out));
            tools.add(timed(concat(qga, "commands"), null, out));
            tools.add(() -> {
                try {
                    return new Sample(shellOnce("env QGA_JAVA=" + jdk.java() + " ")[0], 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            run(concat(qga, "--version"), null, out);
            check(Files.readString(out).contains("Java " + jdk.version()), "qga runs on " + jdk.name());
            run(concat(qga, address, "exec", "guest-get-osinfo"), null, out);
            check(Files.readString(out).contains("\"return\""), "qga on " + jdk.name() + " printed a reply");
        }
        List<List<Sample>> s = alternate(tools, () -> { });
        Stats[][] stats = new Stats[jdks.size()][figures.size()];
        for (int j = 0; j < jdks.size(); j++) {
            for (int f = 0; f < figures.size(); f++) {
                stats[j][f] = Stats.of(s.get(j * figures.size() + f));
            }
        }
        String[] what = {"start-up, JDK by JDK: bare JVM printing one line (-Xshare:auto -XX:TieredStopAtLevel=1"
                + " -XX:+UseSerialGC)", "start-up: the floor of a Java agent client (bench/FloorClient: connect, sync, one"
                + " request, print; the JDK only, bin/qga's flags, a class cache of its own)",
                "start-up: qga ADDRESS exec guest-get-osinfo", null, "start-up: qga --version",
                "start-up: qga help guest-exec", "start-up: qga commands",
                "start-up: qga-shell ADDRESS, launch to a usable prompt"};
        String[] target = {"", "", "1.5x", "", "1.3x", "1.3x", "1.3x", ""};
        int floorAt = figures.indexOf("floor");
        int execAt = figures.indexOf("exec");
        for (int f = 0; f < figures.size(); f++) {
            for (int j = 0; j < jdks.size(); j++) {
                Jdk jdk = jdks.get(j);
                Stats figure = stats[j][f];
                String benchmark = what[f] == null ? what[execAt] : what[f];
                String tool = f == 0 ? jdk.name() : f == execAt + 1 ? jdk.name() + ", no cache (QGA_CDS=0)"
                        : jdk.name() + ", " + (figures.get(f).equals("shell") && jdk.feature() >= 25 ? "the shell's " : "")
                        + jdk.cache();
                String note = f == 0 ? "the floor for any Java tool on this JDK"
                        : ratio(figure, stats[j][0]) + " of its bare JVM" + (target[f].isEmpty() ? "" : " (target " + target[f] + ")");
                if (f == execAt) {
                    note += ", " + ratio(figure, stats[j][floorAt]) + " of the floor client";
                }
                if (j > 0) {
                    note += "; " + ratio(figure, stats[0][f]) + " of " + jdks.get(0).name();
                }
                rows.add(new Row(benchmark, tool, figure, note));
            }
        }
    }

    /** The default java (on PATH) and JDK 25, if it is installed and not the default. */
    static List<Jdk> jdks() throws Exception {
        List<Jdk> jdks = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path java = Path.of(dir.isEmpty() ? "." : dir, "java");
            if (Files.isExecutable(java)) {
                jdks.add(jdk(java));
                break;
            }
        }
        check(!jdks.isEmpty(), "a java on PATH");
        if (Files.isExecutable(JDK25) && !JDK25.toRealPath().equals(jdks.get(0).java())) {
            jdks.add(jdk(JDK25));
        }
        return jdks;
    }

    /** A java program's version, from the release file of the JDK it is in (as bin/qga reads it). */
    static Jdk jdk(Path java) throws Exception {
        Path real = java.toRealPath();
        String version = Files.readAllLines(real.getParent().getParent().resolve("release")).stream()
                .filter(line -> line.startsWith("JAVA_VERSION=")).findFirst()
                .map(line -> line.substring(line.indexOf('=') + 1).replace("\"", "")).orElseThrow();
        return new Jdk(real, version, Integer.parseInt(version.replaceAll("[^0-9].*", "")));
    }

    /** Trains the caches for a JDK (src/build/train-cache.sh) unless the build already did, for this jar. */
    static void trainCachesFor(Jdk jdk) throws Exception {
        Path jar = ROOT.resolve("target/qga.jar");
        boolean fresh = true;
        for (Path cache : jdk.caches()) {
            fresh &= Files.exists(cache)
                    && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0;
        }
        if (fresh) {
            return;
        }
        ProcessBuilder training = new ProcessBuilder("sh", ROOT.resolve("src/build/train-cache.sh").toString(),
                jar.toString(), QGA_SHELL.toString()).inheritIO();
        training.environment().put("QGA_JAVA", jdk.java().toString());
        check(training.start().waitFor() == 0, "train-cache.sh for " + jdk.name());
        for (Path cache : jdk.caches()) {
            check(Files.exists(cache), "train-cache.sh wrote " + cache);
        }
    }

    static List<String> concat(List<String> command, String... args) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return all;
    }

    // ---- many targets ---------------------------------------------------------------------

    /** Real agents for the fan-out, healthy ones at most; silent listeners added to every list. */
    static final int[] FANOUT_SIZES = {10, 50, 100, 200};
    static final int FANOUT_SILENT = 10;
    /** The sequential loops start a process per target: this many healthy targets, plus the silent ones. */
    static final int LOOP_SIZE = 50;

    /**
     * qga --targets FILE exec guest-get-osinfo over N real qemu-ga processes (each its own Unix
     * socket and state directory, state-changing commands blocked) plus 10 listeners that accept
     * and never answer, at --timeout 1; against a shell loop of qga and one of socat.
     */
    static void fanOut(List<Row> rows) throws Exception {
        Path dir = Files.createDirectories(work.resolve("fanout"));
        List<Process> agents = new ArrayList<>();
        List<Silent> silent = new ArrayList<>();
        try {
            List<Path> sockets = new ArrayList<>();
            for (int i = 0; i < FANOUT_SIZES[FANOUT_SIZES.length - 1]; i++) {
                Path home = Files.createDirectories(dir.resolve("agent" + i));
                Path sock = home.resolve("qga.sock");
                agents.add(new ProcessBuilder("/usr/sbin/qemu-ga", "-m", "unix-listen", "-p", sock.toString(), "-t",
                        home.toString(), "-f", home.resolve("pid").toString(), "-b", String.join(",", BLOCKED))
                        .redirectErrorStream(true).redirectOutput(home.resolve("qemu-ga.log").toFile()).start());
                sockets.add(sock);
            }
            for (Path sock : sockets) {
                awaitCondition("qemu-ga listening on " + sock, 10, () -> Files.exists(sock));
            }
            for (int i = 0; i < FANOUT_SILENT; i++) {
                silent.add(new Silent(dir.resolve("silent" + i + ".sock")));
            }
            Runnable hangUp = () -> silent.forEach(Silent::hangUp);
            int fanRuns = Math.min(runs, 5);
            Path out = work.resolve("fanout-out");
            for (int size : FANOUT_SIZES) {
                Path targets = targetFile(dir, sockets.subList(0, size), silent);
                List<String> command = List.of(QGA.toString(), "--targets", targets.toString(), "--timeout", "1", "exec",
                        "guest-get-osinfo");
                hangUp.run();
                run(command, null, out);
                List<String> lines = Files.readAllLines(out);
                check(lines.size() == size + FANOUT_SILENT, "one line per target (" + lines.size() + ")");
                check(lines.stream().filter(l -> l.contains("\"exit\":0,\"reply\":{\"return\":")).count() == size,
                        size + " replies");
                check(lines.stream().filter(l -> l.contains("\"exit\":4,\"error\":\"no answer")).count() == FANOUT_SILENT,
                        FANOUT_SILENT + " timeouts");
                List<Supplier<Sample>> tools = List.of(timed(command, null, out),
                        timed(concat(command.subList(0, 5), "--parallel", "64", "exec", "guest-get-osinfo"), null, out));
                int saved = runs;
                runs = fanRuns;
                List<List<Sample>> s = alternate(tools, hangUp);
                runs = saved;
                String what = "many targets: " + size + " qemu-ga + " + FANOUT_SILENT + " silent, --timeout 1, guest-get-osinfo";
                Stats eight = Stats.of(s.get(0));
                Stats wide = Stats.of(s.get(1));
                rows.add(new Row(what, "qga --targets (--parallel 8, the default)", eight, "peak RSS " + rss(eight)
                        + "; " + fanRuns + " runs"));
                rows.add(new Row(what, "qga --targets --parallel 64", wide, "peak RSS " + rss(wide) + "; " + fanRuns + " runs"));
                if (size == FANOUT_SIZES[FANOUT_SIZES.length - 1]) {
                    rows.add(new Row("peak RSS of that run over " + size + " + " + FANOUT_SILENT, "qga --targets (--parallel 8)",
                            eight.memory(), "target under 128 MiB", "MiB"));
                    rows.add(new Row("peak RSS of that run over " + size + " + " + FANOUT_SILENT, "qga --targets --parallel 64",
                            wide.memory(), "", "MiB"));
                }
            }
            // the loops are measured over the healthy and the silent targets apart: 200 + 10 one at a time
            // takes minutes a run, so the healthy part is measured over LOOP_SIZE and scaled to 200
            List<String> healthy = new ArrayList<>();
            sockets.subList(0, LOOP_SIZE).forEach(sock -> healthy.add("unix:" + sock));
            List<String> unanswered = new ArrayList<>();
            silent.forEach(listener -> unanswered.add("unix:" + listener.path));
            Path healthyFile = Files.write(dir.resolve("loop-healthy"), healthy);
            Path silentFile = Files.write(dir.resolve("loop-silent"), unanswered);
            Path request = Files.writeString(work.resolve("osinfo.json"), "{\"execute\":\"guest-get-osinfo\"}\n");
            String qgaLoop = "while read -r t; do \"" + QGA + "\" \"$t\" --timeout 1 exec guest-get-osinfo; done < ";
            String socatLoop = "while read -r t; do timeout 1 socat - \"UNIX-CONNECT:${t#unix:}\" < " + request + "; done < ";
            Path loopOut = work.resolve("loop-out");
            run(List.of("sh", "-c", qgaLoop + healthyFile), null, loopOut);
            check(Files.readAllLines(loopOut).stream().filter(l -> l.startsWith("{\"return\":")).count() == LOOP_SIZE,
                    "the qga loop printed " + LOOP_SIZE + " replies");
            run(List.of("sh", "-c", socatLoop + healthyFile), null, loopOut);
            check(Files.readAllLines(loopOut).stream().filter(l -> l.startsWith("{\"return\":")).count() == LOOP_SIZE,
                    "the socat loop printed " + LOOP_SIZE + " replies");
            int saved = runs;
            runs = Math.min(runs, 3);
            List<List<Sample>> s = alternate(List.of(timed(List.of("sh", "-c", qgaLoop + healthyFile), null, loopOut),
                    timed(List.of("sh", "-c", socatLoop + healthyFile), null, loopOut),
                    timed(List.of("sh", "-c", qgaLoop + silentFile), null, loopOut),
                    timed(List.of("sh", "-c", socatLoop + silentFile), null, loopOut)), hangUp);
            runs = saved;
            int largest = FANOUT_SIZES[FANOUT_SIZES.length - 1];
            String[] tools = {"sh loop of qga ADDRESS --timeout 1 exec", "sh loop of timeout 1 socat"};
            String[] notes = {"", "; socat gives up 0.5 s after its input ends (its -t), and has no resync"};
            for (int t = 0; t < 2; t++) {
                Stats healthyStats = Stats.of(s.get(t));
                Stats silentStats = Stats.of(s.get(t + 2));
                rows.add(new Row("many targets, one at a time: a shell loop over " + LOOP_SIZE + " qemu-ga", tools[t],
                        healthyStats, String.format(Locale.ROOT, "%.0f ms per target, peak RSS %s", healthyStats.median() / LOOP_SIZE,
                                rss(healthyStats))));
                rows.add(new Row("many targets, one at a time: a shell loop over the " + FANOUT_SILENT + " silent", tools[t],
                        silentStats, String.format(Locale.ROOT, "%.0f ms per target%s; %d + %d one at a time: about %.0f s"
                                + " (extrapolated from these two rows)", silentStats.median() / FANOUT_SILENT, notes[t], largest,
                                FANOUT_SILENT, (healthyStats.median() / LOOP_SIZE * largest + silentStats.median()) / 1000)));
            }
        } finally {
            for (Process agent : agents) {
                agent.destroy();
            }
            for (Process agent : agents) {
                if (!agent.waitFor(5, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
            silent.forEach(Silent::close);
        }
    }

    /** The healthy sockets with the silent ones spread evenly among them, one address a line. */
    static Path targetFile(Path dir, List<Path> sockets, List<Silent> silent) throws Exception {
        List<String> lines = new ArrayList<>();
        int every = sockets.size() / silent.size();
        for (int i = 0; i < sockets.size(); i++) {
            lines.add("unix:" + sockets.get(i));
            if ((i + 1) % every == 0 && (i + 1) / every <= silent.size()) {
                lines.add("unix:" + silent.get((i + 1) / every - 1).path);
            }
        }
        return Files.write(dir.resolve("targets-" + sockets.size()), lines);
    }

    /** A Unix socket that accepts and never answers: an agent that is not there behind a live chardev. */
    static final class Silent {
        final Path path;
        final java.nio.channels.ServerSocketChannel server;
        final List<java.nio.channels.SocketChannel> held = java.util.Collections.synchronizedList(new ArrayList<>());

        Silent(Path path) throws Exception {
            this.path = path;
            server = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
            server.bind(java.net.UnixDomainSocketAddress.of(path), 512);
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(server.accept());
                    }
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            }, "silent-" + path.getFileName());
            acceptor.setDaemon(true);
            acceptor.start();
        }

        /** Drops the connections of the last run: their clients are gone. */
        void hangUp() {
            synchronized (held) {
                for (java.nio.channels.SocketChannel channel : held) {
                    try {
                        channel.close();
                    } catch (java.io.IOException e) {
                        // already gone
                    }
                }
                held.clear();
            }
        }

        void close() {
            hangUp();
            try {
                server.close();
            } catch (java.io.IOException e) {
                // nothing left to do
            }
        }
    }

    // ---- reporting ------------------------------------------------------------------------

    static String ratio(Stats a, Stats b) {
        return String.format(Locale.ROOT, "%.2fx", a.median() / b.median());
    }

    static String throughput(int mib, Stats stats) {
        return String.format(Locale.ROOT, "%.0f MiB/s", mib / (stats.median() / 1000));
    }

    static String rss(Stats stats) {
        return String.format(Locale.ROOT, "%.0f MiB", stats.rssMedianKib() / 1024.0);
    }

    static String table(List<Row> rows) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("Measured ").append(LocalDate.now()).append(" on ").append(machine()).append(", ").append(runs)
                .append(" alternating runs per tool (after one warm-up each).\n\n");
        out.append("| benchmark | tool | median | min | max | notes |\n| --- | --- | ---: | ---: | ---: | --- |\n");
        String last = null;
        for (Row row : rows) {
            out.append("| ").append(row.benchmark().equals(last) ? "" : row.benchmark()).append(" | ").append(row.tool())
                    .append(String.format(Locale.ROOT, " | %.1f %4$s | %.1f %4$s | %.1f %4$s | ", row.stats().median(),
                            row.stats().min(), row.stats().max(), row.unit()))
                    .append(row.note()).append(" |\n");
            last = row.benchmark();
        }
        return out.toString();
    }

    static String machine() throws Exception {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Long.parseLong(memory) / 1024 / 1024 + " GiB, Linux " + kernel + ", Java "
                + System.getProperty("java.version") + ", " + firstLine("/usr/sbin/qemu-ga", "--version") + ", "
                + firstLine("socat", "-V").replaceAll("^socat by.*", "socat") + ", load average "
                + Files.readString(Path.of("/proc/loadavg")).split(" ")[0] + " at the end";
    }

    static String firstLine(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }

    /** Replaces the text between the result markers in BENCHMARKS.md. */
    static void writeBenchmarks(String table) throws Exception {
        Path file = ROOT.resolve("BENCHMARKS.md");
        String text = Files.readString(file);
        String start = "<!-- results:start -->";
        String end = "<!-- results:end -->";
        int a = text.indexOf(start);
        int b = text.indexOf(end);
        check(a >= 0 && b > a, "BENCHMARKS.md has the results markers");
        Files.writeString(file, text.substring(0, a + start.length()) + "\n" + table + text.substring(b));
        System.out.println("wrote " + file);
    }
}
