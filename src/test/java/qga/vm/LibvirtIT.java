package qga.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.Qga.Result;

/**
 * libvirt:, virsh: and qga domains against a real libvirtd: our own daemons, one domain with the
 * test guest and two agent channels (org.qemu.guest_agent.0, which libvirtd holds, and .1 on a
 * socket of ours). Booted by whichever test runs first; every test starts with an agent on both
 * channels, so they run in any order, including the one that takes the second agent away.
 */
@Tag("vm")
@Timeout(420)
class LibvirtIT {
    /** Short: libvirt cuts names in its channel directories (domain-ID-NAME) to 20 characters. */
    static final String DOMAIN = "qga-test-libvirt";

    /** The guest's kernel, initramfs, console log and second channel's socket. */
    @TempDir
    static Path dir;
    private static LibvirtDaemons daemons;
    private static LibvirtGuest guest;
    private static Throwable failure;

    @BeforeEach
    void bootOnceThenRunBothAgents() throws Exception {
        bootOnce();
        if (!guest.channel(LibvirtGuest.SECOND).map(LibvirtGuest.Channel::state).orElse("").equals("connected")) {
            JsonObject started = guest.runInGuest(resource("start-second-agent.sh"));
            assertThat(started.get("exitcode").getAsInt()).as("start-second-agent.sh in the guest: " + started).isZero();
            guest.awaitChannelState(LibvirtGuest.SECOND, "connected", Duration.ofSeconds(60));
        }
    }

    private static void bootOnce() throws Exception {
        synchronized (LibvirtIT.class) {
            // a skip or failure is repeated for every later test instead of starting again
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw (Exception) failure;
            }
            if (guest == null) {
                try {
                    if (daemons == null) {
                        daemons = LibvirtDaemons.start();
                    }
                    guest = LibvirtGuest.start(daemons, DOMAIN, dir);
                } catch (Exception | Error e) {
                    failure = e;
                    throw e;
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (guest != null) {
                guest.close();
            }
        } finally {
            guest = null;
            if (daemons != null) {
                daemons.close();
                daemons = null;
            }
        }
    }

    @Test
    void virshAddressRunsCommandsAndTurnsAgentErrorsIntoErrorReplies() {
        Result osinfo = qga().run("virsh:" + DOMAIN, "exec", "guest-get-osinfo");
        assertThat(osinfo.exit()).as(osinfo.toString()).isZero();
        assertThat(osinfo.err()).isEmpty();
        JsonObject info = JsonParser.parseString(osinfo.out()).getAsJsonObject().getAsJsonObject("return");
        assertThat(info.get("kernel-release").getAsString()).isEqualTo(guest.image().kernelRelease());

        Result error = qga().run("virsh:" + DOMAIN, "exec", "guest-file-close", "handle=999999");
        assertThat(error.exit()).as(error.toString()).isEqualTo(1);
        assertThat(error.out()).isEqualTo("{\"error\":{\"class\":\"GenericError\",\"desc\":\"handle '999999' has not been found\"}}\n");
        assertThat(error.err()).isEqualTo("qga: guest-file-close: GenericError: handle '999999' has not been found\n");
    }

    /** --all through the real libvirtd: its one running domain, asked through libvirt: like any target. */
    @Test
    void theMonitorLibvirtHoldsAnswersThroughVirsh() {
        Result result = qga().run("qmp:virsh:" + DOMAIN, "exec", "query-status");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{\"status\":\"running\",\"singlestep\":false,\"running\":true}}\n");
    }

    @Test
    void allTakesTheRunningDomainsOfTheRealLibvirt() {
        Result result = qga().run("--all", "--timeout", "30", "exec", "guest-ping");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"target\":\"" + DOMAIN + "\",\"exit\":0,\"reply\":{\"return\":{}}}\n");
    }

    @Test
    void libvirtAddressUsesTheConnectedSecondChannelDirectly() {
        Result result = qga().run("libvirt:" + DOMAIN, "-v", "exec", "guest-ping");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
        assertThat(result.err()).as(result.toString())
                .contains("qga: libvirt:" + DOMAIN + ": using the second channel " + LibvirtGuest.SECOND + " directly at "
                        + guest.secondSocket() + " (libvirt holds " + LibvirtGuest.FIRST + ")\n")
                .doesNotContain("qemu-agent-command");
    }

    @Test
    void theChannelLibvirtHoldsIsDiagnosedAndLibvirtKeepsIt() throws Exception {
        String held = guest.channel(LibvirtGuest.FIRST).orElseThrow().path();
        assertThat(held).as("libvirt's own channel directory")
                .matches("/.*/channel/target/domain-\\d+-" + Pattern.quote(DOMAIN) + "/" + Pattern.quote(LibvirtGuest.FIRST));

        Result result = qga().run("--timeout", "2", "unix:" + held, "exec", "guest-ping");

        assertThat(result.exit()).as(result.toString()).isEqualTo(4);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).as(result.toString())
                .startsWith("qga: no answer from the agent within 2 s: this is the agent channel " + LibvirtGuest.FIRST
                        + " of libvirt domain " + DOMAIN + ", which libvirtd holds (QEMU serves one client at a time): use virsh:"
                        + DOMAIN + ", or add a second channel ")
                .endsWith(" and use libvirt:" + DOMAIN + "\n");

        // qga only ever sent a sync into the held socket: libvirt's connection to the agent is unharmed
        Result after = qga().run("virsh:" + DOMAIN, "exec", "guest-get-host-name");
        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.out()).isEqualTo("{\"return\":{\"host-name\":\"" + GuestBuilder.HOSTNAME + "\"}}\n");
    }

    @Test
    void domainsListsBothChannelsWithTheirAddresses() {
        Result table = qga().run("domains");
        assertThat(table.exit()).as(table.toString()).isZero();
        assertThat(table.out().lines().toList()).as(table.toString())
                .contains(DOMAIN + "  " + LibvirtGuest.FIRST + "  connected    virsh:" + DOMAIN + "  (libvirt holds this channel)",
                        DOMAIN + "  " + LibvirtGuest.SECOND + "  connected    unix:" + guest.secondSocket());

        assertThat(agents(qga().run("domains", "--json"))).containsExactly(
                List.of(LibvirtGuest.FIRST, "connected", "virsh:" + DOMAIN),
                List.of(LibvirtGuest.SECOND, "connected", "unix:" + guest.secondSocket()));
    }

    /** Channel, state and address of each of our domain's rows in qga domains --json. */
    private static List<List<String>> agents(Result json) {
        assertThat(json.exit()).as(json.toString()).isZero();
        List<List<String>> rows = new ArrayList<>();
        for (JsonElement row : JsonParser.parseString(json.out()).getAsJsonArray()) {
            JsonObject agent = row.getAsJsonObject();
            if (agent.get("domain").getAsString().equals(DOMAIN)) {
                rows.add(List.of(agent.get("channel").getAsString(), agent.get("state").getAsString(),
                        agent.get("address").getAsString()));
            }
        }
        return rows;
    }

    @Test
    void withoutAnAgentOnTheSecondChannelLibvirtAddressGoesThroughVirsh() throws Exception {
        JsonObject stopped = guest.runInGuest(resource("stop-second-agent.sh"));
        assertThat(stopped.get("exitcode").getAsInt()).as("stop-second-agent.sh in the guest: " + stopped).isZero();
        guest.awaitChannelState(LibvirtGuest.SECOND, "disconnected", Duration.ofSeconds(60));

        Result result = qga().run("libvirt:" + DOMAIN, "-v", "exec", "guest-get-host-name");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":{\"host-name\":\"" + GuestBuilder.HOSTNAME + "\"}}\n");
        assertThat(result.err()).as(result.toString())
                .contains("qga: libvirt:" + DOMAIN + ": libvirt holds " + LibvirtGuest.FIRST + " and its second channel is"
                        + " disconnected (no second qemu-ga runs in the guest); going through virsh qemu-agent-command\n")
                .containsPattern("running \\S*virsh qemu-agent-command " + DOMAIN + " \\{\"execute\":\"guest-get-host-name\"\\}")
                .doesNotContain("using the second channel");

        assertThat(agents(qga().run("domains", "--json"))).containsExactly(
                List.of(LibvirtGuest.FIRST, "connected", "virsh:" + DOMAIN),
                List.of(LibvirtGuest.SECOND, "disconnected", "unix:" + guest.secondSocket()));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LibvirtIT.class.getResourceAsStream("/vm/" + name)) {
            assertThat(in).as("test resource vm/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
