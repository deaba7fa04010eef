package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.support.HybridVsockServer;
import qga.support.Qga;
import qga.support.RealAgent;

/**
 * hvsock:PATH:PORT against a VMM socket that speaks Firecracker's documented handshake, bridging
 * to the real qemu-ga, and the refusals a VMM gives when nothing listens on the port.
 */
@Timeout(60)
class HybridVsockTest {
    @TempDir
    Path dir;

    @Test
    void afterOkTheStreamIsTheAgent() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"));
                HybridVsockServer vmm = new HybridVsockServer(dir.resolve("v.sock"), 1234, agent.socket(), null)) {
            Qga.Result result = qga().run("hvsock:" + vmm.socket() + ":1234", "exec", "guest-get-timezone");
            assertThat(result.exit()).as(result.toString()).isZero();
            assertThat(result.out()).startsWith("{\"return\":{").contains("\"offset\":");
            Qga.Result piped = qga().stdin("guest-ping\nguest-ping\n").run("hvsock:" + vmm.socket() + ":1234");
            assertThat(piped.exit()).as(piped.toString()).isZero();
            assertThat(piped.out()).isEqualTo("{\"return\":{}}\n{\"return\":{}}\n");
            assertThat(vmm.requests()).containsExactly("CONNECT 1234\n", "CONNECT 1234\n");
            assertThat(vmm.failures()).isEmpty();
        }
    }

    @Test
    void aPortNobodyListensOnIsRefusedByClosing() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"));
                HybridVsockServer vmm = new HybridVsockServer(dir.resolve("v.sock"), 1234, agent.socket(), null)) {
            Qga.Result result = qga().run("hvsock:" + vmm.socket() + ":5555", "exec", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(3);
            assertThat(result.out()).isEmpty();
            assertThat(result.err()).isEqualTo("qga: the VMM at " + vmm.socket() + " closed the connection without answering"
                    + " CONNECT 5555: nothing listens on vsock port 5555 in the guest (is qemu-ga running there with"
                    + " -m vsock-listen -p 3:5555?)\n");
        }
    }

    @Test
    void aRefusalLineIsQuoted() throws Exception {
        try (RealAgent agent = RealAgent.start(dir.resolve("agent"));
                HybridVsockServer vmm = new HybridVsockServer(dir.resolve("v.sock"), 1234, agent.socket(),
                        "ERR connection refused\u001b[31m\n")) {
            Qga.Result result = qga().run("hvsock:" + vmm.socket() + ":5555", "exec", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(3);
            assertThat(result.err()).isEqualTo("qga: the VMM at " + vmm.socket() + " refused CONNECT 5555:"
                    + " \"ERR connection refused\\x1b[31m\"\n");
        }
    }

    @Test
    void aSocketThatNeverAnswersIsNoAnswerWithinTheTimeout() throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));
            Qga.Result result = qga().run("--timeout", "1", "hvsock:" + socket + ":1234", "exec", "guest-ping");
            assertThat(result.exit()).as(result.toString()).isEqualTo(4);
            assertThat(result.err()).isEqualTo("qga: the VMM at " + socket + " did not answer CONNECT 1234 within 1000 ms"
                    + " (is " + socket + " the VMM's vsock socket, its uds_path?)\n");
        }
    }

    @Test
    void aMissingVmmSocketIsNamed() {
        Path socket = dir.resolve("gone.sock");
        Qga.Result result = qga().run("hvsock:" + socket + ":1234", "exec", "guest-ping");
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("qga: no such socket: " + socket + " (is the VM running, and is this its vsock"
                + " socket, Firecracker's uds_path or Cloud Hypervisor's --vsock socket=?)\n");
    }
}
