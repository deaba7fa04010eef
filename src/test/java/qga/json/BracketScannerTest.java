package qga.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qga.json.BracketScanner.Step;

class BracketScannerTest {
    private static List<Step> steps(BracketScanner scanner, String text) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            steps.add(scanner.take(text.charAt(i)));
        }
        return steps;
    }

    @Test
    void eachCharacterIsNamedForWhatItDoesToTheScan() {
        assertThat(steps(new BracketScanner(), "{\"a\\\"}\":[1]}")).containsExactly(Step.OPEN, Step.QUOTE, Step.STRING,
                Step.ESCAPE, Step.ESCAPE, Step.STRING, Step.QUOTE, Step.OTHER, Step.OPEN, Step.OTHER, Step.CLOSE,
                Step.CLOSE);
    }

    @Test
    void bracketsInsideStringsDoNotCount() {
        BracketScanner scanner = new BracketScanner();
        steps(scanner, "{\"a\": \"}]\\\\\", \"b\": [\"{\"");
        assertThat(scanner.depth()).isEqualTo(2);
        assertThat(scanner.inString()).isFalse();
    }

    @Test
    void anOpenStringAndExtraClosesShow() {
        BracketScanner open = new BracketScanner();
        steps(open, "{\"a\": \"}");
        assertThat(open.inString()).isTrue();
        BracketScanner closed = new BracketScanner();
        steps(closed, "{}]}");
        assertThat(closed.depth()).isEqualTo(-2);
    }

    @Test
    void stringContentIsSkippedUpToAQuoteABackslashOrTheStopByte() {
        byte[] data = "\"abc\\\"de\u00ff\"".getBytes(StandardCharsets.ISO_8859_1);
        BracketScanner scanner = new BracketScanner();
        assertThat(scanner.skipStringContent(data, 0, data.length)).isZero();
        scanner.take(data[0]);
        assertThat(scanner.skipStringContent(data, 1, data.length)).isEqualTo(4);
        scanner.take(data[4]);
        assertThat(scanner.skipStringContent(data, 5, data.length)).isEqualTo(5);
        scanner.take(data[5]);
        assertThat(scanner.skipStringContent(data, 6, data.length)).isEqualTo(8);
        assertThat(scanner.skipStringContent(data, 9, data.length)).isEqualTo(9);
        assertThat(scanner.skipStringContent(data, 6, 7)).isEqualTo(7);
    }
}
