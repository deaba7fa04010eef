package qga.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Channel discovery from libvirt live XML recorded from the real virsh dumpxml. */
class DomainXmlTest {
    private static String recorded(String name) throws IOException {
        try (InputStream in = DomainXmlTest.class.getResourceAsStream("/virsh/recorded/" + name + ".stdout")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DomainXml.Domain parse(String xml) throws IOException {
        return DomainXml.parseDomain(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoConnectedChannels() throws IOException {
        DomainXml.Domain domain = parse(recorded("dumpxml"));
        assertThat(domain.name()).isEqualTo("qgatest");
        assertThat(domain.running()).isTrue();
        assertThat(domain.agentChannels()).containsExactly(
                new DomainXml.AgentChannel("org.qemu.guest_agent.0",
                        "/var/lib/libvirt/qemu/channel/target/domain-1-qgatest/org.qemu.guest_agent.0", "connected"),
                new DomainXml.AgentChannel("org.qemu.guest_agent.1", "/tmp/lv/agent1.sock", "connected"));
    }

    @Test
    void disconnectedWhileBooting() throws IOException {
        DomainXml.Domain domain = parse(recorded("dumpxml-disconnected"));
        assertThat(domain.agentChannels()).extracting(DomainXml.AgentChannel::isConnected).containsExactly(false, false);
    }

    @Test
    void oneChannelAndNoChannel() throws IOException {
        String one = recorded("dumpxml").replaceAll("(?s)<channel type='unix'>\\s*<source mode='bind' path='/tmp/lv/agent1.sock'/>.*?</channel>", "");
        assertThat(parse(one).agentChannels()).extracting(DomainXml.AgentChannel::name).containsExactly("org.qemu.guest_agent.0");
        String none = recorded("dumpxml").replaceAll("(?s)<channel type='unix'>.*?</channel>", "");
        assertThat(parse(none).agentChannels()).isEmpty();
    }

    @Test
    void anInactiveDomainIsNotRunning() throws IOException {
        DomainXml.Domain domain = parse(recorded("dumpxml-inactive"));
        assertThat(domain.running()).isFalse();
        assertThat(domain.channel("org.qemu.guest_agent.0").path()).isNull();
    }

    @Test
    void hostileXmlIsRefused() {
        String entity = "<?xml version='1.0'?><!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain><name>&x;</name></domain>";
        assertThatThrownBy(() -> parse(entity)).isInstanceOf(IOException.class).hasMessageContaining("cannot read the domain XML");
    }
}
