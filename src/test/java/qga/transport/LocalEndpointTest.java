package qga.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static qga.support.Qga.qga;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.base.Log;
import qga.support.Poll;
import qga.support.Qga;
import qga.support.RawClient;
import qga.support.RealAgent;
import qga.support.Signals;

@Timeout(60)
class LocalEndpointTest {
    @Test
    void startsAPrivateAgentWithStateChangingCommandsBlockedAndStopsIt() throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(RealAgent.BINARY).isExecutable();
        LocalEndpoint local = new LocalEndpoint(Map.of("PATH", "/usr/bin:/bin"), Log.SILENT);
        Path socket;
        long pid;
        try (local; Channel channel = local.connect(Duration.ofSeconds(5))) {
            socket = local.socketPath();
            pid = local.pid();
            assertThat(socket).exists();
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(socket.getParent()).doesNotExist();
    }

    @Test
    void guestInfoThroughLocalShowsEveryBlockedCommandDisabled() {
        Qga.Result result = qga().run("local:", "exec", "--return", "guest-info");
        assertThat(result.exit()).as(result.toString()).isZero();
        JsonObject info = JsonParser.parseString(result.out()).getAsJsonObject();
        Map<String, Boolean> enabled = new HashMap<>();
        for (JsonElement command : info.getAsJsonArray("supported_commands")) {
            enabled.put(command.getAsJsonObject().get("name").getAsString(),
                    command.getAsJsonObject().get("enabled").getAsBoolean());
        }
        for (String blocked : LocalEndpoint.blockedCommands()) {
            assertThat(enabled).as(blocked).containsEntry(blocked, false);
        }
        assertThat(enabled).containsEntry("guest-ping", true).containsEntry("guest-get-osinfo", true);
    }

    @Test
    void saysHowToInstallTheAgentWhenItIsMissing() {
        LocalEndpoint local = new LocalEndpoint(Map.of("PATH", "/nonexistent"), Log.SILENT, List.of("/also-nonexistent"));
        assertThatThrownBy(() -> local.connect(Duration.ofSeconds(1)))
                .hasMessage("local: needs qemu-ga, which is not installed: apt-get install qemu-guest-agent");
    }

    @Test
    void anAgentThatCannotStartIsReportedWithItsOwnWords(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("fake-qemu-ga.sh");
        Files.writeString(fake, "#!/bin/sh\necho 'qemu-ga: cannot do that' >&2\nexit 1\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        Qga.Result result = qga().env("QGA_QEMU_GA", fake.toString()).run("local:", "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("qga: local: qemu-ga exited with status 1: qemu-ga: cannot do that\n");
    }

    @Test
    void everyCommandTheCatalogSaysChangesStateIsBlockedByTheLocalAgent() {
        List<String> changing = qga.schema.Catalog.builtIn().all().stream()
                .filter(qga.schema.CommandInfo::changesState).map(qga.schema.CommandInfo::name).toList();
        assertThat(changing).contains("guest-exec", "guest-file-open", "guest-file-write", "guest-shutdown");
        assertThat(LocalEndpoint.blockedCommands()).containsExactlyInAnyOrderElementsOf(changing);
    }

    @Test
    void theLocalAgentItselfRefusesWhatWouldActOnTheHost(@TempDir Path dir) throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(RealAgent.BINARY).isExecutable();
        Path target = dir.resolve("created-by-the-agent");
        try (LocalEndpoint local = new LocalEndpoint(Map.of("PATH", "/usr/bin:/bin"), Log.SILENT)) {
            local.connect(Duration.ofSeconds(5)).close();
            try (RawClient raw = RawClient.connect(local.socketPath())) {
                raw.sync();
                List<String> requests = List.of(
                        "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/usr/bin/touch\",\"arg\":[\"" + target + "\"]}}",
                        "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + target + "\",\"mode\":\"w\"}}",
                        "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"/etc/hostname\",\"mode\":\"r\"}}",
                        "{\"execute\":\"guest-file-write\",\"arguments\":{\"handle\":1000,\"buf-b64\":\"eA==\"}}",
                        "{'execute':'guest-set-time','arguments':{'time':0}}");
                for (String request : requests) {
                    JsonObject reply = raw.call(request);
                    assertThat(reply.getAsJsonObject("error").get("desc").getAsString()).as(request).endsWith("has been disabled");
                }
            }
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void qgaRefusesHostActionsOnLocalInEveryFormAndMode(@TempDir Path dir) {
        Path target = dir.resolve("created-through-qga");
        String exec = "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/usr/bin/touch\",\"arg\":[\"" + target + "\"]}}";
        String refusal = "qga: guest-exec would act on this host, which local: never does (it answers about this machine):"
                + " send it to a guest's agent\n";
        Qga.Result shorthand = qga().run("local:", "exec", "guest-exec", "path=/usr/bin/touch", "arg=[\"" + target + "\"]");
        assertThat(shorthand.exit()).as(shorthand.toString()).isEqualTo(2);
        assertThat(shorthand.err()).isEqualTo(refusal);
        Qga.Result unvalidated = qga().run("--no-validate", "local:", "exec", exec);
        assertThat(unvalidated.exit()).as(unvalidated.toString()).isEqualTo(2);
        assertThat(unvalidated.err()).isEqualTo(refusal);
        Qga.Result unknown = qga().run("--no-validate", "local:", "exec", "guest-made-up-command");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("qga: guest-made-up-command is not in qga's catalog, and local: runs on this host:"
                + " it takes only commands known to change nothing; send it to a guest's agent\n");
        Qga.Result outOfBand = qga().run("--no-validate", "local:", "exec",
                "{\"execute\":\"guest-ping\",\"exec-oob\":\"guest-exec\",\"arguments\":{\"path\":\"/usr/bin/touch\"}}");
        assertThat(outOfBand.exit()).isEqualTo(2);
        assertThat(outOfBand.err()).isEqualTo("qga: \"exec-oob\" is not sent to local:, which runs on this host:"
                + " it takes plain requests of execute, arguments and id\n");
        Qga.Result piped = qga().stdin(exec + "\nguest-file-open path=" + target + " mode=w\nguest-ping\n")
                .run("--no-validate", "local:");
        assertThat(piped.out().lines().toList()).hasSize(3);
        assertThat(piped.out().lines().limit(2)).allSatisfy(l -> assertThat(l).contains("QgaInvalidRequest"));
        assertThat(piped.out().lines().toList().get(2)).isEqualTo("{\"return\":{}}");
        assertThat(target).doesNotExist();
    }

    @Test
    void theAgentGoesWhenQgaIsKilledWithSigkill(@TempDir Path dir) throws Exception {
        assertTheAgentGoesWithQga(dir, false);
    }

    /**
     * qemu-ga 7.2 can hang in its own SIGTERM handler and outlive qga; a stopped agent stands in
     * for it (SIGTERM stays pending), and the watcher has to follow up with SIGKILL.
     */
    @Test
    void anAgentThatDoesNotGoOnSigtermIsKilled(@TempDir Path dir) throws Exception {
        assertTheAgentGoesWithQga(dir, true);
    }

    private static void assertTheAgentGoesWithQga(Path dir, boolean agentStopped) throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(RealAgent.BINARY).isExecutable();
        // a separate JVM running qga's real main, killed with SIGKILL once its local agent answered
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process qga = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"), "qga.cli.Main", "-v", "local:")
                .redirectError(dir.resolve("err").toFile()).start();
        ProcessHandle agent = null;
        try {
            qga.getOutputStream().write("guest-ping\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            qga.getOutputStream().flush();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(qga.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("{\"return\":{}}");
            java.util.regex.Matcher started = java.util.regex.Pattern.compile("local: qemu-ga pid (\\d+) listening on (\\S+)")
                    .matcher(Files.readString(dir.resolve("err")));
            assertThat(started.find()).isTrue();
            agent = ProcessHandle.of(Long.parseLong(started.group(1))).orElseThrow();
            Path directory = Path.of(started.group(2)).getParent();
            assertThat(agent.isAlive()).isTrue();
            assertThat(directory).exists();
            if (agentStopped) {
                Signals.send(agent.pid(), "STOP");
            }
            qga.destroyForcibly();
            assertThat(qga.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            agent.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
            Poll.until("the watcher removing " + directory, Duration.ofSeconds(10), () -> !Files.exists(directory));
        } finally {
            qga.destroyForcibly();
            if (agent != null) {
                agent.destroyForcibly();
            }
        }
    }
}
