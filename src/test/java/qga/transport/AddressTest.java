package qga.transport;

import qga.base.QgaException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qga.base.ExitCode;
import qga.base.Log;

class AddressTest {
    @TempDir
    Path dir;

    private static Endpoint parse(String text) throws QgaException {
        return Address.parse(text, Map.of(), Log.SILENT);
    }

    @Test
    void unixForms() throws Exception {
        for (String text : List.of("unix:/run/qga.sock", "unix-connect:/run/qga.sock", "/run/qga.sock")) {
            Endpoint endpoint = parse(text);
            assertThat(endpoint).isInstanceOf(UnixEndpoint.class);
            assertThat(((UnixEndpoint) endpoint).path()).isEqualTo(Path.of("/run/qga.sock"));
            assertThat(endpoint.display()).isEqualTo(text);
        }
        assertThat(((UnixEndpoint) parse("relative/qga.sock")).path()).isEqualTo(Path.of("relative/qga.sock"));
        assertThat(((UnixEndpoint) parse("./a:b")).path()).isEqualTo(Path.of("./a:b"));
    }

    @Test
    void abstractUnixNames() throws Exception {
        for (String text : List.of("unix:@qga-vm1", "unix-connect:@qga-vm1")) {
            Endpoint endpoint = parse(text);
            assertThat(endpoint).isInstanceOf(AbstractUnixEndpoint.class);
            assertThat(((AbstractUnixEndpoint) endpoint).name()).isEqualTo("qga-vm1");
            assertThat(endpoint.display()).isEqualTo(text);
        }
        assertThat(((UnixEndpoint) parse("unix:./@")).path()).isEqualTo(Path.of("./@"));
        assertThatThrownBy(() -> parse("unix:@")).hasMessageStartingWith("address unix:@ has no name: write unix:@NAME");
        assertThatThrownBy(() -> parse("unix:@a\0b")).hasMessage("address contains a NUL byte");
    }

    @Test
    void local() throws Exception {
        assertThat(parse("local:")).isInstanceOf(LocalEndpoint.class);
    }

    @Test
    void tcp() throws Exception {
        TcpEndpoint v4 = (TcpEndpoint) parse("tcp:127.0.0.1:4444");
        assertThat(v4.host()).isEqualTo("127.0.0.1");
        assertThat(v4.port()).isEqualTo(4444);
        TcpEndpoint v6 = (TcpEndpoint) parse("tcp:[::1]:4444");
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(((TcpEndpoint) parse("tcp:hv1.example:1")).host()).isEqualTo("hv1.example");
        assertThatThrownBy(() -> parse("tcp:host")).hasMessage("address tcp:host needs a host and a port: write tcp:HOST:PORT");
        assertThatThrownBy(() -> parse("tcp:host:http")).hasMessage(
                "address tcp:host:http: the port must be a number from 0 to 65535, not 'http'");
        assertThatThrownBy(() -> parse("tcp:host:70000")).hasMessageContaining("from 0 to 65535, not '70000'");
        assertThatThrownBy(() -> parse("tcp:host:0")).hasMessageContaining("a port from 1 to 65535");
        assertThatThrownBy(() -> parse("tcp:::1:4444")).hasMessageContaining("write an IPv6 host in brackets");
    }

    @Test
    void vsock() throws Exception {
        VsockEndpoint endpoint = (VsockEndpoint) parse("vsock:3:1234");
        assertThat(endpoint.cid()).isEqualTo(3);
        assertThat(endpoint.port()).isEqualTo(1234);
        assertThat(((VsockEndpoint) parse("vsock:4294967295:4294967295")).cid()).isEqualTo(4294967295L);
        assertThatThrownBy(() -> parse("vsock:3")).hasMessage(
                "address vsock:3 needs a CID and a port: write vsock:CID:PORT (e.g. vsock:3:1234)");
        assertThatThrownBy(() -> parse("vsock:x:1")).hasMessageContaining("the CID must be a number from 0 to 4294967295, not 'x'");
        assertThatThrownBy(() -> parse("vsock:3:4294967296")).hasMessageContaining("the port must be a number");
    }

    @Test
    void hybridVsock() throws Exception {
        HybridVsockEndpoint endpoint = (HybridVsockEndpoint) parse("hvsock:/run/fc/a:b.sock:1234");
        assertThat(endpoint.path()).isEqualTo(Path.of("/run/fc/a:b.sock"));
        assertThat(endpoint.port()).isEqualTo(1234);
        assertThat(endpoint.display()).isEqualTo("hvsock:/run/fc/a:b.sock:1234");
        assertThatThrownBy(() -> parse("hvsock:/run/fc/v.sock")).hasMessage("address hvsock:/run/fc/v.sock needs the VMM's"
                + " vsock socket and a guest port: write hvsock:PATH:PORT (e.g. hvsock:/run/firecracker/v.sock:1234)");
        assertThatThrownBy(() -> parse("hvsock::1234")).hasMessageContaining("write hvsock:PATH:PORT");
        assertThatThrownBy(() -> parse("hvsock:/v.sock:qga")).hasMessage(
                "address hvsock:/v.sock:qga: the port must be a number from 0 to 4294967295, not 'qga'");
    }

    @Test
    void serial() throws Exception {
        SerialEndpoint endpoint = (SerialEndpoint) parse("serial:/dev/pts/7");
        assertThat(endpoint.path()).isEqualTo(Path.of("/dev/pts/7"));
        assertThat(endpoint.display()).isEqualTo("serial:/dev/pts/7");
        assertThatThrownBy(() -> parse("serial:")).hasMessage("address serial: names no device: write serial:/dev/pts/N,"
                + " the pty QEMU's -chardev pty reports (char device redirected to /dev/pts/N)");
    }

    @Test
    void exec() throws Exception {
        ExecEndpoint endpoint = (ExecEndpoint) parse("exec:ssh root@hv1 'socat STDIO UNIX-CONNECT:/run/vm 1/qga.sock'");
        assertThat(endpoint.argv()).containsExactly("ssh", "root@hv1", "socat STDIO UNIX-CONNECT:/run/vm 1/qga.sock");
        assertThatThrownBy(() -> parse("exec:")).hasMessageContaining("names no program");
        assertThatThrownBy(() -> parse("exec:ssh 'unterminated")).hasMessageContaining("unterminated ' quote");
    }

    @Test
    void libvirtAndVirsh() throws Exception {
        LibvirtEndpoint libvirt = (LibvirtEndpoint) parse("libvirt:web1");
        assertThat(libvirt.domain()).isEqualTo("web1");
        assertThat(libvirt.uri()).isNull();
        VirshEndpoint virsh = (VirshEndpoint) parse("virsh:web1?uri=qemu+ssh://root@hv1/system");
        assertThat(virsh.domain()).isEqualTo("web1");
        assertThat(virsh.virsh().uri()).isEqualTo("qemu+ssh://root@hv1/system");
        assertThat(((LibvirtEndpoint) parse("libvirt:a:b?c?uri=x")).domain()).isEqualTo("a:b?c");
        assertThatThrownBy(() -> parse("libvirt:")).hasMessage("address libvirt: names no domain: write libvirt:DOMAIN"
                + " (virsh list shows them)");
        assertThatThrownBy(() -> parse("virsh:web1?uri=")).hasMessageContaining("has an empty uri");
    }

    @Test
    void badAddresses() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty address");
        assertThatThrownBy(() -> parse("unix:")).hasMessage("address unix: has no path: write unix:/path/to/socket");
        assertThatThrownBy(() -> parse("sctp:1.2.3.4")).hasMessage(
                "unknown address type 'sctp:' in sctp:1.2.3.4: use " + Address.FORMS);
    }

    @Test
    void theMessageListsEverySchemeAsHelpDoes() throws Exception {
        assertThat(Address.FORMS).isEqualTo("unix:PATH (or a socket path), libvirt:DOMAIN, virsh:DOMAIN, tcp:HOST:PORT,"
                + " vsock:CID:PORT, hvsock:PATH:PORT, serial:DEVICE, exec:PROGRAM ARG..., qmp:ADDRESS or local:");
        assertThat(parse("local:")).isInstanceOf(LocalEndpoint.class);
        assertThatThrownBy(() -> parse("local:x")).hasMessage("unknown address type 'local:' in local:x: use " + Address.FORMS);
    }

    @Test
    void qmpNamesAMonitorBehindAnyAddressQgaOpensItself() throws Exception {
        for (String address : List.of("qmp:/run/vm1/qmp.sock", "qmp:unix:/run/vm1/qmp.sock", "qmp:tcp:localhost:4444",
                "qmp:exec:ssh root@hv1 socat STDIO UNIX-CONNECT:/run/vm1/qmp.sock", "qmp:qmp:/run/vm1/qmp.sock")) {
            Endpoint endpoint = parse(address);
            assertThat(endpoint.speaksQmp()).as(address).isTrue();
            assertThat(endpoint.display()).isEqualTo(address.startsWith("qmp:qmp:") ? address.substring(4) : address);
        }
        assertThat(parse("/run/vm1/qmp.sock").speaksQmp()).isFalse();
        assertThatThrownBy(() -> parse("qmp:local:")).hasMessage("'qmp:local:' names no QEMU monitor: qmp: takes a"
                + " monitor's address (a path, unix:, tcp:, exec:, or virsh:DOMAIN for a libvirt domain's); local: is a guest agent");
        assertThatThrownBy(() -> parse("qmp:")).hasMessageStartingWith("empty address: give ");
    }

    @Test
    void aLibvirtDomainsMonitorIsReachedThroughVirshWhicheverSchemeNamesIt() throws Exception {
        for (String address : List.of("qmp:virsh:vm1", "qmp:libvirt:vm1", "qmp:virsh:vm1?uri=qemu+ssh://hv1/system")) {
            Endpoint endpoint = parse(address);
            assertThat(endpoint).as(address).isInstanceOf(VirshEndpoint.class);
            assertThat(endpoint.speaksQmp()).as(address).isTrue();
            assertThat(endpoint.display()).isEqualTo(address);
            assertThat(((VirshEndpoint) endpoint).domain()).isEqualTo("vm1");
        }
        assertThat(((VirshEndpoint) parse("qmp:virsh:vm1?uri=qemu+ssh://hv1/system")).virsh().uri())
                .isEqualTo("qemu+ssh://hv1/system");
        assertThat(parse("virsh:vm1").speaksQmp()).isFalse();
        assertThatThrownBy(() -> parse("qmp:virsh:")).hasMessage("address virsh: names no domain: write virsh:DOMAIN"
                + " (virsh list shows them)");
    }

    private QgaException connectFailure(String address) {
        try {
            parse(address).open(Duration.ofSeconds(1), new Endpoint.Links<Void>() {
                @Override
                public Void overChannel(Channel channel) {
                    channel.close();
                    return null;
                }

                @Override
                public Void throughVirsh(VirshEndpoint virsh) {
                    throw new AssertionError("not a channel: " + virsh.display());
                }
            });
        } catch (QgaException e) {
            assertThat(e.exitCode()).isEqualTo(ExitCode.CANNOT_CONNECT);
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("connected to " + address);
    }

    @Test
    void aMissingSocketIsNamed() {
        assertThat(connectFailure(dir.resolve("nope.sock").toString())).hasMessageStartingWith("no such socket: ");
    }

    @Test
    void aRegularFileIsNotASocket() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(connectFailure("unix:" + file)).hasMessage(file + " is not a socket (it is a regular file)");
        assertThat(connectFailure("unix:" + dir)).hasMessage(dir + " is not a socket (it is a directory)");
    }

    @Test
    void aSocketNobodyListensOnIsRefused() throws IOException {
        Path socket = dir.resolve("dead.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        server.close();
        assertThat(connectFailure("unix:" + socket)).hasMessageContaining("nothing is listening on " + socket)
                .hasMessageContaining("connection refused");
    }

    @Test
    void aPathTooLongForSunPathIsExplained() {
        String longPath = "/tmp/" + "d".repeat(120) + "/qga.sock";
        assertThat(connectFailure(longPath)).hasMessageContaining("Unix sockets allow 107");
    }
}
