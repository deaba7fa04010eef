package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static qga.support.Qga.qga;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.FakeAgent;
import qga.support.FakeVirsh;
import qga.support.Qga;
import qga.support.RawClient;
import qga.support.RealAgent;
import qga.support.Signals;

/**
 * libvirt:DOMAIN, qga domains and the diagnosis of silent sockets, with libvirt's answers replayed
 * from recordings of the real virsh and real agents where a socket is used directly.
 */
@Timeout(60)
class LibvirtAddressTest {
    static final String RECORDED_SECOND_SOCKET = "/tmp/lv/agent1.sock";
    static final String RECORDED_FIRST_SOCKET = "/var/lib/libvirt/qemu/channel/target/domain-\\d+-qgatest/org\\.qemu\\.guest_agent\\.0";

    @TempDir
    Path dir;
    FakeVirsh virsh;

    @BeforeEach
    void standIn() throws Exception {
        virsh = new FakeVirsh(dir.resolve("bin")).replay("guest-info", "guest-info");
    }

    private Qga.Result run(String... args) {
        return qga().env("PATH", virsh.path()).run(args);
    }

    @Test
    void aConnectedSecondChannelIsUsedDirectly() throws Exception {
        try (RealAgent agent = RealAgent.start(Files.createDirectories(dir.resolve("agent")))) {
            virsh.replay("dumpxml-qgatest", "dumpxml", xml -> xml.replace(RECORDED_SECOND_SOCKET, agent.socket().toString()));
            Qga.Result result = run("libvirt:qgatest", "exec", "-v", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
            assertThat(result.err()).contains("libvirt:qgatest: using the second channel org.qemu.guest_agent.1 directly at "
                    + agent.socket());
            assertThat(virsh.calls()).hasSize(1);
        }
    }

    @Test
    void withoutAUsableSecondChannelRequestsGoThroughLibvirt() throws Exception {
        virsh.replay("dumpxml-qgatest", "dumpxml-disconnected").replay("guest-get-time", "time");
        Qga.Result result = run("--domain", "qgatest", "exec", "-v", "guest-get-time");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("{\"return\":1795647342712638000}\n");
        assertThat(result.err()).contains("its second channel is disconnected (no second qemu-ga runs in the guest);"
                + " going through virsh qemu-agent-command");

        virsh.replay("dumpxml-qgatest", "dumpxml", xml -> xml.replaceAll(
                "(?s)<channel type='unix'>\\s*<source mode='bind' path='" + RECORDED_SECOND_SOCKET + "'/>.*?</channel>", ""));
        Qga.Result oneChannel = run("libvirt:qgatest", "exec", "-v", "guest-get-time");
        assertThat(oneChannel.exit()).isZero();
        assertThat(oneChannel.err()).contains("it has no second channel org.qemu.guest_agent.1");
    }

    @Test
    void aDomainWithoutAChannelOrNotRunningIsExplained() throws Exception {
        virsh.replay("dumpxml-qgatest", "dumpxml", xml -> xml.replaceAll("(?s)<channel type='unix'>.*?</channel>", ""));
        Qga.Result none = run("libvirt:qgatest", "exec", "guest-ping");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.err()).startsWith("qga: libvirt domain qgatest has no guest agent channel: add <channel type='unix'>");
        virsh.replay("dumpxml-qgatest", "dumpxml-inactive");
        assertThat(run("libvirt:qgatest", "exec", "guest-ping").err())
                .isEqualTo("qga: libvirt domain qgatest is not running (virsh start qgatest)\n");
        virsh.replay("dumpxml-nosuch", "no-domain");
        assertThat(run("libvirt:nosuch", "exec", "guest-ping").err())
                .isEqualTo("qga: no libvirt domain named nosuch (virsh list --all shows them)\n");
    }

    @Test
    void domainsListsEveryAgentChannelWithItsAddress() throws Exception {
        virsh.replay("list", "list-name").replay("dumpxml-qgatest", "dumpxml");
        Qga.Result result = run("domains");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(
                "DOMAIN   CHANNEL                 STATE        ADDRESS\n"
                + "qgatest  org.qemu.guest_agent.0  connected    virsh:qgatest  (libvirt holds this channel)\n"
                + "qgatest  org.qemu.guest_agent.1  connected    unix:/tmp/lv/agent1.sock\n");
        virsh.replay("dumpxml-qgatest", "dumpxml-disconnected");
        Qga.Result json = run("list", "--json", "--uri", "qemu:///system");
        assertThat(json.out()).contains("{\"domain\":\"qgatest\",\"channel\":\"org.qemu.guest_agent.0\",\"state\":"
                + "\"disconnected\",\"address\":\"virsh:qgatest?uri=qemu:///system\"");
        assertThat(virsh.calls().get(virsh.calls().size() - 1)).startsWith("-c", "qemu:///system", "dumpxml", "qgatest");
    }

    /** The recorded second channel as libvirt describes a pty one in the live XML: the device twice. */
    static String asPtyChannel(String xml, String device) {
        return xml.replace("<channel type='unix'>\n      <source mode='bind' path='" + RECORDED_SECOND_SOCKET + "'/>",
                "<channel type='pty' tty='" + device + "'>\n      <source path='" + device + "'/>");
    }

    @Test
    void domainsListsAPtyChannelAsASerialAddress() throws Exception {
        virsh.replay("list", "list-name").replay("dumpxml-qgatest", "dumpxml", xml -> asPtyChannel(xml, "/dev/pts/5"));
        Qga.Result result = run("domains");
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(
                "DOMAIN   CHANNEL                 STATE        ADDRESS\n"
                + "qgatest  org.qemu.guest_agent.0  connected    virsh:qgatest  (libvirt holds this channel)\n"
                + "qgatest  org.qemu.guest_agent.1  connected    serial:/dev/pts/5\n");
    }

    /** A real pty with the real agent behind it stands for the guest's second channel. */
    @Test
    void aPtySecondChannelIsUsedDirectly() throws Exception {
        assumeThat(AbstractSocketTest.SOCAT).as("socat is installed").isExecutable();
        try (RealAgent agent = RealAgent.start(Files.createDirectories(dir.resolve("agent")))) {
            Path pty = dir.resolve("pty");
            Process socat = SerialTest.ptyBridge(agent, pty, dir.resolve("socat.log"));
            try {
                String device = pty.toRealPath().toString();
                virsh.replay("dumpxml-qgatest", "dumpxml", xml -> asPtyChannel(xml, device));
                Qga.Result result = run("libvirt:qgatest", "exec", "-v", "guest-ping");
                assertThat(result.exit()).as(result.toString()).isZero();
                assertThat(result.out()).isEqualTo("{\"return\":{}}\n");
                assertThat(result.err()).contains("libvirt:qgatest: using the second channel org.qemu.guest_agent.1 directly at "
                        + device + " (libvirt holds org.qemu.guest_agent.0)");
            } finally {
                Signals.stop(socat);
            }
        }
    }

    @Test
    void aSilentLibvirtChannelSaysWhoHoldsItAndWhatToDo() throws Exception {
        // libvirt shortens the name in the directory to 20 characters; the diagnosis asks for the whole one
        Path channel = Files.createDirectories(dir.resolve("channel/target/domain-7-web1-with-a-long-na"))
                .resolve("org.qemu.guest_agent.0");
        virsh.answer("domname", "web1-with-a-long-name\n\n", "", 0);
        virsh.replay("dumpxml-web1-with-a-long-name", "dumpxml", xml -> xml.replaceAll(RECORDED_FIRST_SOCKET, channel.toString()));
        try (FakeAgent silent = FakeAgent.start(channel, c -> {
            while (c.readRequest() != null) {
                // libvirt holds the real one: nothing ever answers
            }
        })) {
            Qga.Result result = run("--timeout", "0.5", "unix:" + channel, "exec", "guest-ping");
            assertThat(result.exit()).isEqualTo(4);
            assertThat(result.err()).startsWith("qga: no answer from the agent within 0.5 s: this is the agent channel"
                    + " org.qemu.guest_agent.0 of libvirt domain web1-with-a-long-name, which libvirtd holds")
                    .contains("use virsh:web1-with-a-long-name")
                    .contains("<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.1'/></channel>");

            virsh.replay("dumpxml-web1-with-a-long-name", "dumpxml-disconnected",
                    xml -> xml.replaceAll(RECORDED_FIRST_SOCKET, channel.toString()));
            Qga.Result disconnected = run("--timeout", "0.5", "unix:" + channel, "exec", "guest-ping");
            assertThat(disconnected.err()).contains("libvirt reports this channel of domain web1-with-a-long-name disconnected:"
                    + " no agent is"
                    + " running in the guest");
        }
    }

    @Test
    void aSocketHeldByAnotherClientIsNamed() throws Exception {
        try (RealAgent agent = RealAgent.start(dir); RawClient holder = RawClient.connect(agent.socket())) {
            holder.sync();
            Qga.Result result = qga().run("--timeout", "0.5", agent.address(), "exec", "guest-ping");
            assertThat(result.exit()).isEqualTo(4);
            assertThat(result.err()).isEqualTo("qga: no answer from the agent within 0.5 s: another client is connected to "
                    + agent.socket() + " (QEMU and qemu-ga serve one client at a time; find it with: ss -xp | grep "
                    + agent.socket() + ")\n");
            holder.close();
            Qga.Result after = qga().run(agent.address(), "exec", "guest-ping");
            assertThat(after.exit()).as(after.toString()).isZero();
        }
    }
}
