package qga.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qga.json.PlainScan;

class ReplyFramerTest {
    private final List<String> seen = new ArrayList<>();
    private final List<Boolean> plain = new ArrayList<>();
    private final ReplyFramer.Sink sink = new ReplyFramer.Sink() {
        @Override
        public void reply(List<byte[]> chunks, int length, PlainScan scan) {
            StringBuilder text = new StringBuilder();
            for (byte[] chunk : chunks) {
                text.append(new String(chunk, 0, Math.min(chunk.length, length - text.length()), StandardCharsets.ISO_8859_1));
            }
            seen.add("reply " + text);
            plain.add(scan != null && scan.plain());
        }

        @Override
        public void delimiter(boolean cut) {
            seen.add(cut ? "delimiter (cut)" : "delimiter");
        }

        @Override
        public void violation(String what) {
            seen.add("violation " + what);
        }
    };

    private static byte[] bytes(String text) {
        return text.replace("<FF>", "\u00ff").getBytes(StandardCharsets.ISO_8859_1);
    }

    private void feedWhole(ReplyFramer framer, String text) throws InterruptedException {
        byte[] data = bytes(text);
        framer.feed(data, 0, data.length);
    }

    private void feedByteByByte(ReplyFramer framer, String text) throws InterruptedException {
        byte[] data = bytes(text);
        for (int i = 0; i < data.length; i++) {
            framer.feed(data, i, 1);
        }
    }

    @Test
    void skipsEverythingBeforeTheFirstDelimiter() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 1 << 20, 64, false);
        feedWhole(framer, "AAAA==\", \"eof\": true}}\n{\"return\": 1}\n<FF>{\"return\": 42}\n");
        assertThat(seen).containsExactly("delimiter", "reply {\"return\": 42}");
    }

    @Test
    void framesAcrossChunkBoundariesAndBracesInStrings() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 1 << 20, 64, true);
        String stream = "{\"return\": {\"s\": \"}{\\\"]\"}}\n{\"return\": [1, {\"a\": []}]}{\"error\": {}}";
        feedByteByByte(framer, stream);
        assertThat(seen).containsExactly("reply {\"return\": {\"s\": \"}{\\\"]\"}}",
                "reply {\"return\": [1, {\"a\": []}]}", "reply {\"error\": {}}");
    }

    @Test
    void aDelimiterInsideAReplyResetsFraming() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 1 << 20, 64, true);
        feedWhole(framer, "{\"return\": \"abc<FF>{\"return\": 7}\n");
        assertThat(seen).containsExactly("delimiter (cut)", "reply {\"return\": 7}");
    }

    @Test
    void garbageBetweenRepliesIsReportedOnceAndSkippedToTheLineEnd() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 1 << 20, 64, true);
        feedWhole(framer, "hello {\"return\": 1}\n{\"return\": 2}\n");
        assertThat(seen).containsExactly("violation unexpected data \"hello {\"return\": 1}\" where a reply should start",
                "reply {\"return\": 2}");
    }

    @Test
    void anOversizeReplyIsAbandonedUntilTheNextDelimiter() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 100, 64, true);
        feedWhole(framer, "{\"return\": \"" + "x".repeat(200) + "\"}\n{\"return\": 1}<FF>{\"return\": 2}");
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).startsWith("violation a reply larger than the reply cap of 100 bytes");
        assertThat(seen.subList(1, 3)).containsExactly("delimiter", "reply {\"return\": 2}");
    }

    @Test
    void deepNestingIsAViolationNotAStackOverflow() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 1 << 30, 256, true);
        feedWhole(framer, "{\"return\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}<FF>{\"return\": 3}");
        assertThat(seen).containsExactly("violation a reply nested deeper than 256 levels", "delimiter",
                "reply {\"return\": 3}");
    }

    @Test
    void aReplyLargerThanTheFirstBufferComesOutWhole() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 16 << 20, 64, true);
        String big = "{\"return\": {\"buf-b64\": \"" + "QUJD".repeat(700_000) + "\", \"eof\": true}}";
        feedWhole(framer, big.substring(0, 100_000));
        feedWhole(framer, big.substring(100_000) + "{\"return\": 1}");
        assertThat(seen).containsExactly("reply " + big, "reply {\"return\": 1}");
    }

    @Test
    void theScanFedAsBytesComeTellsPlainRepliesFromOthers() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 16 << 20, 64, true);
        String big = "{\"return\": {\"buf-b64\": \"" + "QUJD".repeat(700_000) + "\", \"eof\": true}, \"id\": \"x\"}";
        feedWhole(framer, big.substring(0, 70_001));
        feedWhole(framer, big.substring(70_001, 1_500_000));
        String escaped = "{\"return\": \"" + "QUJD".repeat(20_000) + "\\n\"}";
        feedByteByByte(framer, big.substring(1_500_000) + "{\"return\": {}}" + escaped);
        assertThat(seen).containsExactly("reply " + big, "reply {\"return\": {}}", "reply " + escaped);
        // a small reply is not scanned at all (the tree is cheaper for it); a large one with an escape is not plain
        assertThat(plain).containsExactly(true, false, false);
    }

    @Test
    void theScanStartedPastItsThresholdSeesTheBytesBeforeIt() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 16 << 20, 64, true);
        // an escape in the first kilobytes of a reply that only reaches the scan's threshold later
        String early = "{\"return\": \"\\n" + "QUJD".repeat(ReplyFramer.SCAN_ABOVE / 2) + "\"}";
        String plainOne = "{\"return\": \"" + "QUJD".repeat(ReplyFramer.SCAN_ABOVE / 2) + "\"}";
        feedWhole(framer, early.substring(0, 100_000));
        feedWhole(framer, early.substring(100_000) + plainOne);
        assertThat(seen).containsExactly("reply " + early, "reply " + plainOne);
        assertThat(plain).containsExactly(false, true);
    }

    @Test
    void buffersGivenBackByRepliesParsedOnTheSpotCarryTheNextRepliesIntact() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 16 << 20, 64, true);
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // qga cp's 64 KiB chunks: larger than the first buffer, below the scan's threshold
            replies.add("{\"return\": {\"buf-b64\": \"" + String.valueOf((char) ('A' + i)).repeat(87_000) + "\", \"eof\": false}}");
        }
        replies.add("{\"return\": \"\\t" + "QkNE".repeat(ReplyFramer.SCAN_ABOVE / 2) + "\"}");
        replies.add("{\"return\": \"" + "Z".repeat(150_000) + "\"}");
        feedWhole(framer, String.join("\n", replies));
        List<String> expected = new ArrayList<>();
        replies.forEach(reply -> expected.add("reply " + reply));
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(plain).containsExactly(false, false, false, false, false);
    }

    @Test
    void reportsThePartialLengthOfACutReply() throws Exception {
        ReplyFramer framer = new ReplyFramer(sink, 1 << 20, 64, true);
        feedWhole(framer, "{\"return\": {\"a\": \"xy");
        assertThat(framer.partialLength()).isEqualTo(20);
        assertThat(seen).isEmpty();
    }
}
