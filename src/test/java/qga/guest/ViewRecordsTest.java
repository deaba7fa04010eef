package qga.guest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qga.json.JsonCodec;
import qga.json.JsonSyntaxError;

/**
 * The views' JSON from replies a real agent on this host cannot be made to give: Windows fields,
 * members left out, numbers past 2^53, fractional login times, a skew to round.
 */
class ViewRecordsTest {
    private static JsonObject reply(String json) throws JsonSyntaxError {
        return JsonCodec.parse(json).getAsJsonObject();
    }

    @Test
    void anInterfaceKeepsVirshsFieldsAndDropsTheCounters() throws Exception {
        NetworkInterface nic = NetworkInterface.from(reply("{\"name\":\"eth0\",\"hardware-address\":\"52:54:00:12:34:56\","
                + "\"ip-addresses\":[{\"ip-address-type\":\"ipv4\",\"ip-address\":\"10.0.0.5\",\"prefix\":24},"
                + "{\"ip-address-type\":\"ipv6\",\"ip-address\":\"fe80::1\",\"prefix\":64}],"
                + "\"statistics\":{\"rx-bytes\":1,\"tx-bytes\":2}}"));
        assertThat(ViewRecord.jsonText(List.of(nic))).isEqualTo("[{\"name\":\"eth0\",\"mac\":\"52:54:00:12:34:56\",\"addresses\":["
                + "{\"protocol\":\"ipv4\",\"address\":\"10.0.0.5\",\"prefix\":24},"
                + "{\"protocol\":\"ipv6\",\"address\":\"fe80::1\",\"prefix\":64}]}]\n");
    }

    @Test
    void whatTheAgentLeavesOutIsNullNotMissing() throws Exception {
        assertThat(ViewRecord.jsonText(List.of(NetworkInterface.from(reply("{\"name\":\"tun0\"}")))))
                .isEqualTo("[{\"name\":\"tun0\",\"mac\":null,\"addresses\":[]}]\n");
        assertThat(ViewRecord.jsonText(List.of(FileSystem.from(reply("{\"name\":\"sda1\",\"mountpoint\":\"/\",\"type\":\"xfs\","
                + "\"disk\":[{\"serial\":\"QM00001\",\"bus-type\":\"sata\",\"bus\":0,\"target\":0,\"unit\":0}]}")))))
                .isEqualTo("[{\"mountpoint\":\"/\",\"name\":\"sda1\",\"fstype\":\"xfs\",\"total-bytes\":null,\"used-bytes\":null,"
                        + "\"disks\":[{\"device\":null,\"serial\":\"QM00001\",\"bus-type\":\"sata\",\"bus\":0,\"target\":0,\"unit\":0}]}]\n");
        assertThat(ViewRecord.jsonText(List.of(GuestDisk.from(reply("{\"name\":\"/dev/dm-0\",\"partition\":false,"
                + "\"dependencies\":[\"/dev/sda2\"],\"alias\":\"vg0-root\"}")))))
                .isEqualTo("[{\"name\":\"/dev/dm-0\",\"partition\":false,\"dependencies\":[\"/dev/sda2\"],\"alias\":\"vg0-root\","
                        + "\"bus-type\":null,\"serial\":null}]\n");
    }

    @Test
    void byteCountsPast2To53StayExact() throws Exception {
        FileSystem fs = FileSystem.from(reply("{\"name\":\"big\",\"mountpoint\":\"/big\",\"type\":\"xfs\","
                + "\"total-bytes\":9007199254740993,\"used-bytes\":9007199254740991,\"disk\":[]}"));
        assertThat(fs.totalBytes()).isEqualTo(9007199254740993L);
        assertThat(ViewRecord.jsonText(List.of(fs))).contains("\"total-bytes\":9007199254740993,\"used-bytes\":9007199254740991,");
    }

    @Test
    void aLoginTimeInFractionalSecondsBecomesVirshsMilliseconds() throws Exception {
        LoggedInUser user = LoggedInUser.from(reply("{\"user\":\"Administrator\",\"domain\":\"CORP\",\"login-time\":1700000000.123999}"));
        assertThat(user.loginTimeMillis()).isEqualTo(1700000000123L);
        assertThat(ViewRecord.jsonText(user))
                .isEqualTo("{\"name\":\"Administrator\",\"domain\":\"CORP\",\"login-time\":1700000000123}\n");
        assertThat(ViewRecord.jsonText(LoggedInUser.from(reply("{\"user\":\"root\",\"login-time\":1.7e9}"))))
                .isEqualTo("{\"name\":\"root\",\"domain\":null,\"login-time\":1700000000000}\n");
    }

    @Test
    void theSkewIsTheGuestClockLessTheMiddleOfTheRoundTripToTheMillisecond() {
        long second = 1_000_000_000L;
        assertThat(GuestSummary.GuestTime.measure(10 * second + 4_500_000, 9 * second, 11 * second).skewSeconds())
                .isEqualTo(new BigDecimal("0.005"));
        assertThat(GuestSummary.GuestTime.measure(10 * second - 1_500_000, 9 * second, 11 * second).skewSeconds())
                .isEqualTo(new BigDecimal("-0.002"));
        assertThat(GuestSummary.GuestTime.measure(3600 * second + 2 * second, 1, 3).skewSeconds())
                .isEqualTo(new BigDecimal("3602.000"));
    }

    @Test
    void theSummaryHasEveryMemberAndSaysWhyOneIsNull() {
        GuestSummary summary = new GuestSummary(null, "web1", "9.2.0",
                new GuestSummary.GuestTime(1700000000123456789L, new BigDecimal("-0.250")), null,
                List.of(new LoggedInUser("root", null, 1700000000000L)), new GuestSummary.VcpuCount(3, 4),
                Map.of("os", "guest-get-osinfo is disabled on this agent"));
        assertThat(ViewRecord.jsonText(summary)).isEqualTo("{\"os\":null,\"hostname\":\"web1\",\"agent-version\":\"9.2.0\","
                + "\"time\":{\"nanoseconds\":1700000000123456789,\"skew-seconds\":-0.250},\"timezone\":null,"
                + "\"users\":[{\"name\":\"root\",\"domain\":null,\"login-time\":1700000000000}],"
                + "\"vcpus\":{\"online\":3,\"total\":4},\"unavailable\":{\"os\":\"guest-get-osinfo is disabled on this agent\"}}\n");
    }
}
