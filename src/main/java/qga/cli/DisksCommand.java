package qga.cli;

import java.util.List;
import picocli.CommandLine.ParseResult;
import qga.base.QgaException;
import qga.guest.GuestDisk;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;
import qga.guest.ViewRecord;

/** qga disks: the guest's block devices, as virsh guestinfo --disk. */
final class DisksCommand extends ViewCommand {
    DisksCommand() {
        super("disks", "Show the guest's disks and partitions.",
                "The guest's block devices (guest-get-disks, QEMU 5.2 and later): name,",
                "whether it is a partition, the devices it is built on, its alias in the guest",
                "(a device-mapper name), and the bus and serial of the disk where the agent",
                "knows them.");
    }

    @Override
    String jsonHelp() {
        return "One JSON array instead of the table: per device name, partition, dependencies, alias, bus-type and serial.";
    }

    @Override
    TargetOutcome outcome(String target, GuestViews views) throws QgaException {
        return TargetOutcome.view(target, views.disks());
    }

    @Override
    String render(GuestViews views, boolean json, ParseResult parsed) throws QgaException {
        List<GuestDisk> disks = views.disks();
        if (json) {
            return ViewRecord.jsonText(disks);
        }
        return table(disks);
    }

    static String table(List<GuestDisk> disks) {
        TextTable table = new TextTable("NAME", "PARTITION", "DEPENDENCIES", "ALIAS", "BUS", "SERIAL");
        for (GuestDisk disk : disks) {
            table.row(disk.name(), yesNo(disk.partition()),
                    disk.dependencies().isEmpty() ? null : String.join(",", disk.dependencies()), disk.alias(),
                    disk.busType(), disk.serial());
        }
        return tableOr(table, "no disks");
    }
}
