package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.Qga.qga;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.support.Qga;
import qga.support.WithRealAgent;

/**
 * Multi-MiB guest-file-read replies from the real qemu-ga, which are plain and so printed from
 * their bytes: exactly the line the tree printer wrote, checked against the file itself.
 */
@Timeout(120)
class BulkReplyTest extends WithRealAgent {
    private static final int SIZE = 5 << 20;

    private Path file() throws Exception {
        byte[] data = new byte[SIZE];
        new Random(15).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        return file;
    }

    private String open(Path file) {
        Qga.Result open = qga().run(agent.address(), "--format", "return", "exec", "guest-file-open", "path=" + file);
        assertThat(open.exit()).as(open.toString()).isZero();
        return open.out().strip();
    }

    /** The compact line of a read reply of these bytes, as the tree printer writes it. */
    private static String readReply(byte[] data, boolean eof, String idMember) {
        return "{\"return\":{\"count\":" + data.length + ",\"buf-b64\":\"" + Base64.getEncoder().encodeToString(data)
                + "\",\"eof\":" + eof + "}" + idMember + "}\n";
    }

    @Test
    void execPrintsAWholeFileReadAsTheTreePrinterDid() throws Exception {
        Path file = file();
        String handle = open(file);

        // one byte more than the file, so the agent reports the end (eof true) rather than maybe
        Qga.Result read = qga().run(agent.address(), "exec", "guest-file-read", "handle=" + handle, "count=" + (SIZE + 1));

        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out()).isEqualTo(readReply(Files.readAllBytes(file), true, ""));
    }

    @Test
    void returnFormatOffATerminalPrintsTheReturnValueAsTheTreePrinterDid() throws Exception {
        Path file = file();
        String handle = open(file);

        Qga.Result read = qga().run(agent.address(), "--format", "return", "exec", "guest-file-read", "handle=" + handle,
                "count=" + (SIZE + 1));

        assertThat(read.exit()).as(read.err()).isZero();
        String line = readReply(Files.readAllBytes(file), true, "");
        assertThat(read.out()).isEqualTo(line.substring("{\"return\":".length(), line.length() - 2) + "\n");
    }

    @Test
    void pipeModePrintsReadsWithTheUsersIdBackWhereQgasWas() throws Exception {
        Path file = file();
        String handle = open(file);
        byte[] data = Files.readAllBytes(file);
        int first = 3 << 20;
        String requests = "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":" + first
                + "},\"id\":{\"n\":\"caf\u00e9\\n\"}}\n"
                + "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":" + SIZE + "}}\n";

        Qga.Result read = qga().stdin(requests).run(agent.address());

        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(read.out()).isEqualTo(readReply(Arrays.copyOfRange(data, 0, first), false, ",\"id\":{\"n\":\"caf\u00e9\\n\"}")
                + readReply(Arrays.copyOfRange(data, first, SIZE), true, ""));
    }
}
