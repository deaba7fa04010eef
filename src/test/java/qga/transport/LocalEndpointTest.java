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
import qga.base.Log;
import qga.support.Qga;
import qga.support.RealAgent;

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
        for (String blocked : LocalEndpoint.BLOCKED) {
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
    void anAgentThatCannotStartIsReportedWithItsOwnWords() throws Exception {
        Path fake = Files.createTempFile("fake-qemu-ga", ".sh");
        try {
            Files.writeString(fake, "#!/bin/sh\necho 'qemu-ga: cannot do that' >&2\nexit 1\n");
            fake.toFile().setExecutable(true);
            Qga.Result result = qga().env("QGA_QEMU_GA", fake.toString()).run("local:", "exec", "guest-ping");
            assertThat(result.exit()).isEqualTo(3);
            assertThat(result.err()).isEqualTo("qga: local: qemu-ga exited with status 1: qemu-ga: cannot do that\n");
        } finally {
            Files.delete(fake);
        }
    }
}
