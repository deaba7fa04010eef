package qga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qga.guest.FileSystem;
import qga.guest.GuestDisk;
import qga.guest.GuestSummary;
import qga.guest.LoggedInUser;
import qga.guest.NetworkInterface;
import qga.guest.NetworkInterface.IpAddress;
import qga.guest.Vcpu;

/**
 * The views' tables, exactly, for what the real agent on this host cannot show: long and hostile
 * names, missing values, Windows users, odd offsets, a clock behind.
 */
class ViewTablesTest {
    private static final List<NetworkInterface> NICS = List.of(
            new NetworkInterface("lo", "00:00:00:00:00:00", List.of(new IpAddress("ipv4", "127.0.0.1", 8L),
                    new IpAddress("ipv6", "::1", 128L))),
            new NetworkInterface("enp0s31f6-long", null, List.of()),
            new NetworkInterface("evil\u001b[2J\nx", "52:54:00:00:00:01", List.of(new IpAddress("ipv4", "10.0.0.5", 24L))));

    @Test
    void ifaddrWritesDashesForARepeatedNameAndMacAsVirshDoes() {
        assertThat(IfaddrCommand.table(NICS, false)).isEqualTo("""
                NAME              MAC                PROTOCOL  ADDRESS
                lo                00:00:00:00:00:00  ipv4      127.0.0.1/8
                -                 -                  ipv6      ::1/128
                enp0s31f6-long    N/A                N/A       N/A
                evil\\x1b[2J\\x0ax  52:54:00:00:00:01  ipv4      10.0.0.5/24
                """);
    }

    @Test
    void ifaddrFullRepeatsThem() {
        assertThat(IfaddrCommand.table(NICS.subList(0, 1), true)).isEqualTo("""
                NAME  MAC                PROTOCOL  ADDRESS
                lo    00:00:00:00:00:00  ipv4      127.0.0.1/8
                lo    00:00:00:00:00:00  ipv6      ::1/128
                """);
        assertThat(IfaddrCommand.table(List.of(), true)).isEqualTo("no network interfaces\n");
    }

    @Test
    void dfShowsSizesAsDfHDoesAndTheDisksBehind() {
        List<FileSystem> fileSystems = List.of(
                new FileSystem("/", "vda1", "ext4", 108944293888L, 23608766464L,
                        List.of(new FileSystem.Disk("/dev/vda", null, "virtio", 0L, 0L, 0L))),
                new FileSystem("/srv/data", "dm-0", "xfs", 1536L, 1536L, List.of(
                        new FileSystem.Disk(null, "QM00001", "sata", 0L, 0L, 0L),
                        new FileSystem.Disk(null, null, "scsi", 0L, 1L, 2L))),
                new FileSystem("/mnt", "sdb", "vfat", null, null, List.of()));
        assertThat(DfCommand.table(fileSystems)).isEqualTo("""
                MOUNTPOINT  NAME  TYPE  TOTAL  USED  USE%  DISKS
                /           vda1  ext4  102G   22G   22%   /dev/vda
                /srv/data   dm-0  xfs   1.5K   1.5K  100%  QM00001,scsi:0:1:2
                /mnt        sdb   vfat  -      -     -     -
                """);
    }

    @Test
    void usersShowADomainColumnOnlyWhenAUserHasOne() {
        assertThat(UsersCommand.table(List.of(new LoggedInUser("root", null, 1700000000123L))))
                .isEqualTo("USER  LOGIN\nroot  2023-11-14 22:13:20 UTC\n");
        assertThat(UsersCommand.table(List.of(new LoggedInUser("Administrator", "CORP", 1700000000123L),
                new LoggedInUser("guest", null, null)))).isEqualTo("""
                USER           DOMAIN  LOGIN
                Administrator  CORP    2023-11-14 22:13:20 UTC
                guest          -       -
                """);
        assertThat(UsersCommand.table(List.of())).isEqualTo("no users logged in\n");
    }

    @Test
    void disksAndVcpus() {
        assertThat(DisksCommand.table(List.of(new GuestDisk("/dev/sda", false, List.of(), null, "sata", "QM00001"),
                new GuestDisk("/dev/sda1", true, List.of("/dev/sda"), null, null, null),
                new GuestDisk("/dev/dm-0", false, List.of("/dev/sda1", "/dev/sdb1"), "vg0-root", null, null))))
                .isEqualTo("""
                        NAME       PARTITION  DEPENDENCIES         ALIAS     BUS   SERIAL
                        /dev/sda   no         -                    -         sata  QM00001
                        /dev/sda1  yes        /dev/sda             -         -     -
                        /dev/dm-0  no         /dev/sda1,/dev/sdb1  vg0-root  -     -
                        """);
        assertThat(VcpusCommand.table(List.of(new Vcpu(0L, true, false), new Vcpu(1L, false, true))))
                .isEqualTo("ID  ONLINE  CAN-OFFLINE\n0   yes     no\n1   no      yes\n");
    }

    @Test
    void infoShowsTheGuestTimeInItsOwnOffsetAndWhichWayItIsOff() {
        GuestSummary summary = new GuestSummary(
                new GuestSummary.Os("mswindows", "Microsoft Windows", "Windows Server 2022 Standard", "Microsoft Windows Server 2022",
                        "2022", "server", "server", "10.0", "20348", "x86_64"),
                "WIN-1", "8.1.3", new GuestSummary.GuestTime(1700000000123456789L, new BigDecimal("-1.250")),
                new GuestSummary.TimeZone("India Standard Time", 19800L),
                List.of(new LoggedInUser("Administrator", "CORP", 1700000000123L)), new GuestSummary.VcpuCount(3, 4), Map.of());
        assertThat(InfoCommand.table(summary)).isEqualTo("""
                OS:           Windows Server 2022 Standard (id mswindows, version 2022)
                Kernel:       10.0 20348 x86_64
                Host name:    WIN-1
                Agent:        qemu-ga 8.1.3
                Time:         2023-11-15 03:43:20 +05:30 (1.250 s behind this host)
                Time zone:    India Standard Time (+05:30)
                Users:        CORP\\Administrator
                CPUs online:  3 of 4
                """);
    }

    @Test
    void infoSaysWhyAPartIsUnavailable() {
        GuestSummary summary = new GuestSummary(null, "h\u009b1", null, new GuestSummary.GuestTime(0, new BigDecimal("0.000")),
                null, List.of(), null, Map.of("os", "guest-get-osinfo is disabled on this agent",
                        "agent-version", "the agent does not say (guest-info gave no version)",
                        "timezone", "guest-get-timezone: Command guest-get-timezone has been disabled",
                        "vcpus", "this agent (2.5.0) does not have guest-get-vcpus"));
        assertThat(InfoCommand.table(summary)).isEqualTo("""
                OS:           unavailable (guest-get-osinfo is disabled on this agent)
                Kernel:       unavailable (guest-get-osinfo is disabled on this agent)
                Host name:    h\\x9b1
                Agent:        unavailable (the agent does not say (guest-info gave no version))
                Time:         1970-01-01 00:00:00 +00:00 (in step with this host, to the millisecond)
                Time zone:    unavailable (guest-get-timezone: Command guest-get-timezone has been disabled)
                Users:        none
                CPUs online:  unavailable (this agent (2.5.0) does not have guest-get-vcpus)
                """);
    }

    @Test
    void byteSizesRoundUpAsDfHDoes() {
        assertThat(List.of(0L, 1023L, 1024L, 1536L, 10239L, 10240L, 1048575L, 1048576L, 108944293888L, Long.MAX_VALUE).stream()
                .map(ByteSize::human).toList())
                .containsExactly("0", "1023", "1.0K", "1.5K", "10K", "10K", "1.0M", "1.0M", "102G", "8.0E");
        assertThat(ByteSize.percent(1L, 3L)).isEqualTo("34%");
        assertThat(ByteSize.percent(0L, 0L)).isNull();
    }
}
