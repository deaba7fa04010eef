package qga.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import qga.api.Agent;
import qga.api.AgentOptions;
import qga.support.WithRealAgent;

/** FileCopy from Java against the real qemu-ga: what the command line does not choose (chunks, requests in flight). */
@Timeout(60)
class FileCopyTest extends WithRealAgent {
    @Test
    void pipelinedSmallChunksCopyByteForByteAndReportProgressInOrder() throws Exception {
        byte[] data = new byte[100_003];
        new Random(3).nextBytes(data);
        Path local = Files.write(dir.resolve("local.bin"), data);
        List<Long> seen = new ArrayList<>();
        FileCopy.Progress record = new FileCopy.Progress() {
            @Override
            public void started(long total) {
                seen.add(-total);
            }

            @Override
            public void advanced(long done) {
                seen.add(done);
            }
        };
        try (Agent client = Agent.open(agent.address(), AgentOptions.defaults())) {
            FileCopy.Result up = new FileCopy(client).chunkSize(4096).inFlight(4).verify(true).progress(record)
                    .upload(local, dir.resolve("guest.bin").toString());
            assertThat(up.bytes()).isEqualTo(data.length);
            assertThat(up.inPlace()).isFalse();
            assertThat(up.sha256()).hasSize(64);
        }
        assertThat(Files.readAllBytes(dir.resolve("guest.bin"))).isEqualTo(data);
        // started with the size (negated here), then 4096 bytes at a time, the last 1723
        assertThat(seen).hasSize(26).startsWith(-100_003L, 4096L, 8192L).endsWith(98_304L, 100_003L);

        try (Agent client = Agent.open(agent.address(), AgentOptions.defaults())) {
            new FileCopy(client).chunkSize(4096).inFlight(8).download(dir.resolve("guest.bin").toString(), dir.resolve("back.bin"));
        }
        assertThat(Files.readAllBytes(dir.resolve("back.bin"))).isEqualTo(data);
    }

    @Test
    void settingsOutOfRangeAreRefused() throws Exception {
        try (Agent client = Agent.open(agent.address(), AgentOptions.defaults())) {
            FileCopy copy = new FileCopy(client);
            assertThatThrownBy(() -> copy.chunkSize(0)).hasMessage("chunk size 0 is not between 1 and 50331648");
            assertThatThrownBy(() -> copy.inFlight(257)).hasMessage("requests in flight 257 is not between 1 and 256");
        }
        assertThat(FileCopy.chunkFitting(80L << 20)).isEqualTo(FileCopy.LARGEST_CHUNK);
        assertThat(FileCopy.chunkFitting(1024)).isEqualTo(576);
    }
}
