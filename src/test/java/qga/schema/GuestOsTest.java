package qga.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The guest's OS as told by the OS-specific commands an agent has enabled. */
class GuestOsTest {
    private final Catalog catalog = Catalog.builtIn();

    private static AgentInfo agent(String... enabledAndDisabled) {
        Map<String, AgentInfo.Entry> commands = new LinkedHashMap<>();
        for (String command : enabledAndDisabled) {
            boolean disabled = command.startsWith("-");
            commands.put(disabled ? command.substring(1) : command, new AgentInfo.Entry(!disabled, true));
        }
        return new AgentInfo("7.2.22", commands);
    }

    @Test
    void aCommandForOneOsEnabledTellsThatOs() {
        assertThat(GuestOs.of(catalog, agent("guest-ping", "guest-get-fsinfo", "guest-get-memory-blocks", "-guest-get-devices")))
                .isEqualTo("Linux");
        assertThat(GuestOs.of(catalog, agent("guest-ping", "guest-get-fsinfo", "guest-get-devices", "-guest-get-memory-blocks")))
                .isEqualTo("Windows");
    }

    @Test
    void commandsForSeveralOsesOrNoneDoNotTell() {
        assertThat(GuestOs.of(catalog, agent("guest-ping", "guest-get-fsinfo", "-guest-get-devices"))).isNull();
        assertThat(GuestOs.of(catalog, agent("guest-ping", "-guest-get-devices", "-guest-get-memory-blocks"))).isNull();
        assertThat(GuestOs.of(catalog, agent("guest-get-devices", "guest-get-memory-blocks"))).isNull();
    }
}
