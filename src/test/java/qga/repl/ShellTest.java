package qga.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static qga.support.FakeAgent.returning;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import qga.api.Agent;
import qga.api.AgentOptions;
import qga.format.ReplyFormat;
import qga.input.RequestParser;
import qga.input.TypedValueParser;
import qga.schema.Catalog;
import qga.support.FakeAgent;
import qga.support.RealAgent;

/** The shell loop in-process, on a JLine DumbTerminal over streams. */
@Timeout(60)
class ShellTest {
    @TempDir
    Path dir;

    private final PipedOutputStream keys = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private ShellSetup setup(String address, Path history) throws Exception {
        Agent agent = Agent.open(address, AgentOptions.defaults().withEnv(Map.of()).withTimeout(Duration.ofSeconds(5)));
        return new ShellSetup("qga-shell", agent, new RequestParser(new TypedValueParser(Catalog.builtIn())), Catalog.builtIn(), null, ReplyFormat.PRETTY,
                "never", false, history, Workflows.NONE);
    }

    private Thread start(ShellSetup setup, int[] status) throws IOException {
        Terminal terminal = new DumbTerminal("test", "dumb", new PipedInputStream(keys, 1 << 16), screen,
                StandardCharsets.UTF_8);
        Thread thread = new Thread(() -> status[0] = Shell.run(setup, terminal), "shell-under-test");
        thread.start();
        return thread;
    }

    private void type(String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private String screen() {
        return screen.toString(StandardCharsets.UTF_8);
    }

    private void awaitScreen(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!screen().contains(text)) {
            assertThat(System.nanoTime()).as("waiting for %s in:%n%s", text, screen()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aSessionAgainstTheRealAgent() throws Exception {
        Path history = dir.resolve("state/qga/history");
        try (RealAgent agent = RealAgent.start(dir)) {
            int[] status = {-1};
            Thread shell = start(setup(agent.address(), history), status);
            awaitScreen(".sock> ");
            assertThat(screen()).contains("connected to " + agent.address() + ", qemu-ga 7.2");
            type("guest-get-timezone\n");
            awaitScreen("\"zone\": ");
            type("{\"execute\":\n \"guest-ping\", \"id\": \"a\\\\b\"}\n");
            awaitScreen("\"id\": \"a\\\\b\"");
            type(":format compact\nguest-ping\n");
            awaitScreen("{\"return\":{}}");
            type("guest-exec-status pid=abc\n");
            awaitScreen("qga-shell: guest-exec-status: pid=abc: expected an integer");
            type(":help guest-file-read\n");
            awaitScreen("Usage: guest-file-read handle=INT [count=INT]");
            type("guest-ssh-add-authorized-keys username=root keys='[\"ssh-ed25519 SECRETKEY\"]'\n");
            awaitScreen("guest-ssh-add-authorized-keys is disabled on this agent");
            // no history expansion of !!, and backslashes reach the request untouched
            type("guest-file-open path='/nonexistent!!\\\\x'\n");
            awaitScreen("/nonexistent!!\\\\\\\\x");
            keys.close();
            shell.join(10_000);
            assertThat(status[0]).isZero();
            assertThat(Files.getPosixFilePermissions(history)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String saved = Files.readString(history);
            assertThat(saved).contains("guest-get-timezone").contains("keys=<redacted>").doesNotContain("SECRETKEY");
        }
    }

    @Test
    void ctrlCCancelsAPendingRequestAndTheNextOneGetsItsOwnReply() throws Exception {
        CountDownLatch slowArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (FakeAgent agent = FakeAgent.start(dir.resolve("fake.sock"), c -> {
            JsonObject request;
            while ((request = c.nextRequest()) != null) {
                String command = request.get("execute").getAsString();
                if (command.equals("guest-info")) {
                    c.write(returning(request, "{\"version\": \"7.2.22\", \"supported_commands\": ["
                            + "{\"enabled\": true, \"name\": \"guest-ping\", \"success-response\": true},"
                            + "{\"enabled\": true, \"name\": \"guest-get-osinfo\", \"success-response\": true}]}") + "\n");
                } else if (command.equals("guest-get-osinfo")) {
                    slowArrived.countDown();
                    release.await();
                    c.write(returning(request, "{\"late\": true}") + "\n");
                } else {
                    c.write(returning(request, "{\"own\": \"" + command + "\"}") + "\n");
                }
            }
        })) {
            int[] status = {-1};
            Terminal terminal = new DumbTerminal("test", "dumb", new PipedInputStream(keys, 1 << 16), screen,
                    StandardCharsets.UTF_8);
            ShellSetup setup = setup(agent.address(), dir.resolve("history"));
            Thread shell = new Thread(() -> status[0] = Shell.run(setup, terminal));
            shell.start();
            awaitScreen(".sock> ");
            type("guest-get-osinfo\n");
            assertThat(slowArrived.await(10, TimeUnit.SECONDS)).isTrue();
            terminal.raise(Terminal.Signal.INT);
            awaitScreen("cancelled: guest-get-osinfo may still run in the guest; the next request resyncs first");
            release.countDown();
            type("guest-ping\n");
            awaitScreen("\"own\": \"guest-ping\"");
            keys.close();
            shell.join(10_000);
            assertThat(screen()).doesNotContain("late");
            assertThat(status[0]).isZero();
        }
    }

    @Test
    void aClosedChannelIsReportedOnceAndTheNextCommandReconnects() throws Exception {
        try (RealAgent first = RealAgent.start(dir)) {
            int[] status = {-1};
            Thread shell = start(setup(first.address(), dir.resolve("history")), status);
            awaitScreen(".sock> ");
            first.close();
            awaitScreen("closed (VM shut down or restarted, or agent restarted); the next command reconnects");
            try (RealAgent second = RealAgent.start(dir)) {
                type("guest-ping\n");
                awaitScreen("reconnected to unix:");
                awaitScreen("\"return\": {\n");
                keys.close();
                shell.join(10_000);
                assertThat(screen().split("the next command reconnects", -1)).hasSize(2);
                assertThat(status[0]).isZero();
            }
        }
    }

    @Test
    void timeoutIsReadAndShownAsOnTheCommandLine() throws Exception {
        try (RealAgent agent = RealAgent.start(dir)) {
            int[] status = {-1};
            Thread shell = start(setup(agent.address(), dir.resolve("history")), status);
            awaitScreen(".sock> ");
            type(":timeout 0.001\n");
            awaitScreen("qga-shell: timeout: 0.001 s\n");
            type(":timeout 2.5f\n");
            awaitScreen("qga-shell: :timeout 2.5f is not a number of seconds (e.g. :timeout 2.5)\n");
            type(":timeout 0\n");
            awaitScreen("qga-shell: :timeout 0 is out of range: give seconds between 0.001 and 86400\n");
            // the failed ones left the timeout as it was; :format's answer marks the end of :timeout's
            type(":timeout\n:format\n");
            awaitScreen("qga-shell: format: pretty (");
            keys.close();
            shell.join(10_000);
            assertThat(screen().split("qga-shell: timeout: 0.001 s\n", -1)).hasSize(3);
            assertThat(status[0]).isZero();
        }
    }

    @Test
    void colorIsReadInAnyCaseAsOnTheCommandLine() throws Exception {
        try (RealAgent agent = RealAgent.start(dir)) {
            ShellSetup plain = setup(agent.address(), dir.resolve("history"));
            // as qga-shell --color ALWAYS gives it: the command line takes the word in any case
            ShellSetup always = new ShellSetup(plain.program(), plain.agent(), plain.parser(), plain.catalog(),
                    plain.timeout(), plain.format(), "ALWAYS", plain.noColor(), plain.historyFile(), plain.workflows());
            int[] status = {-1};
            Thread shell = start(always, status);
            awaitScreen(".sock> ");
            type("guest-ping\n");
            awaitScreen("\u001b[1;34m\"return\"");
            keys.close();
            shell.join(10_000);
            assertThat(status[0]).isZero();
        }
    }
}
