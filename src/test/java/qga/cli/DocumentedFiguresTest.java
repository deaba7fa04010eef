package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Figures the README states, checked against the code that has them. */
class DocumentedFiguresTest {
    private static String readme() throws Exception {
        return Files.readString(Path.of(System.getProperty("qga.home", ".")).resolve("README.md"));
    }

    @Test
    void theRequestsInFlightInPipeModeAreTheCodes() throws Exception {
        Matcher stated = Pattern.compile("Requests are pipelined \\(up to (\\d+) in flight\\)").matcher(readme());
        assertThat(stated.find()).as("README states the pipe window").isTrue();
        assertThat(Integer.parseInt(stated.group(1))).isEqualTo(qga.api.Pipeline.WINDOW);
    }

    @Test
    void theUnansweredBytesInPipeModeAreTheCodes() throws Exception {
        Matcher stated = Pattern.compile("with at most (\\d+) KiB of requests unanswered at a time").matcher(readme());
        assertThat(stated.find()).as("README states the budget").isTrue();
        assertThat(Integer.parseInt(stated.group(1)) << 10).isEqualTo(qga.protocol.SendBudget.BYTES);
    }

    @Test
    void theDefaultReplyLimitIsTheCodes() throws Exception {
        Matcher stated = Pattern.compile("`--max-reply SIZE` \\(default (\\d+)M,").matcher(readme());
        assertThat(stated.find()).as("README states the default reply limit").isTrue();
        assertThat(Long.parseLong(stated.group(1)) << 20).isEqualTo(qga.api.AgentOptions.DEFAULT_MAX_REPLY);
    }

    @Test
    void theFiguresOfRunAreTheCodes() throws Exception {
        String readme = readme().replaceAll("\\s+", " ");
        Matcher polling = Pattern.compile("Polling starts at (\\d+) ms and doubles up to (\\d+) ms").matcher(readme);
        Matcher input = Pattern.compile("stdin \\(at most (\\d+) MiB").matcher(readme);
        Matcher grace = Pattern.compile("with TERM, then KILL after (\\d+) s, and qga exits (\\d+)").matcher(readme);
        Matcher kept = Pattern.compile("\\(output kept up to (\\d+) MiB per stream\\)").matcher(readme);
        assertThat(polling.find() && input.find() && grace.find() && kept.find()).as("README states run's figures").isTrue();
        assertThat(Long.parseLong(polling.group(1)) * 1_000_000).isEqualTo(qga.guest.GuestRun.FIRST_DELAY_NANOS);
        assertThat(Long.parseLong(polling.group(2)) * 1_000_000).isEqualTo(qga.guest.GuestRun.MAX_DELAY_NANOS);
        assertThat(Integer.parseInt(input.group(1)) << 20).isEqualTo(qga.guest.GuestRun.MAX_INPUT);
        assertThat(Long.parseLong(grace.group(1)) * 1_000_000_000).isEqualTo(qga.guest.GuestRun.TERM_GRACE_NANOS);
        assertThat(Integer.parseInt(grace.group(2))).isEqualTo(RunCommand.TIMED_OUT);
        assertThat(Integer.parseInt(kept.group(1)) << 20).isEqualTo(RunCommand.JSON_CAP);
    }

    @Test
    void theChunksOfCpAreTheCodes() throws Exception {
        Matcher stated = Pattern.compile("chunks of (\\d+) KiB, (\\d+) request in flight at a time").matcher(readme());
        assertThat(stated.find()).as("README states cp's chunks").isTrue();
        assertThat(Integer.parseInt(stated.group(1)) << 10).isEqualTo(qga.guest.FileCopy.DEFAULT_CHUNK);
        assertThat(Integer.parseInt(stated.group(2))).isEqualTo(qga.guest.FileCopy.DEFAULT_IN_FLIGHT);
    }

    @Test
    void theFiguresOfManyTargetsAreTheCodes() throws Exception {
        String readme = readme().replaceAll("\\s+", " ");
        assertThat(readme).contains("ask `--parallel N` of them at a time (default " + ManyTargets.DEFAULT_PARALLEL + ")")
                .contains("(the first " + ManyTargets.NAMED_FAILURES + ", then a count)")
                .contains("cut at " + qga.guest.TargetOutcome.BRIEF + " characters");
    }
}
