package qga.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ParseResult;
import qga.base.QgaException;
import qga.guest.FileSystem;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;
import qga.guest.ViewRecord;

/** qga df: virsh domfsinfo, with the sizes guest-get-fsinfo reports. */
final class DfCommand extends ViewCommand {
    DfCommand() {
        super("df", "Show the guest's mounted file systems, their use and their disks.",
                "The guest's mounted file systems (guest-get-fsinfo), as virsh domfsinfo shows",
                "them: mount point, device name and type, with the disks behind each, and where",
                "the agent reports them the bytes in total and used, in powers of 1024 as df -h",
                "writes them. TOTAL is what the agent reports: used plus what unprivileged users",
                "may still fill (df's Used plus Avail, less than df's Size by the root reserve),",
                "so the share used is the one df shows.");
    }

    @Override
    String jsonHelp() {
        return "One JSON array instead of the table: per file system mountpoint, name, fstype, total-bytes, used-bytes"
                + " and disks (device, serial, bus-type, bus, target, unit).";
    }

    @Override
    TargetOutcome outcome(String target, GuestViews views) throws QgaException {
        return TargetOutcome.view(target, views.fileSystems());
    }

    @Override
    String render(GuestViews views, boolean json, ParseResult parsed) throws QgaException {
        List<FileSystem> fileSystems = views.fileSystems();
        if (json) {
            return ViewRecord.jsonText(fileSystems);
        }
        return table(fileSystems);
    }

    static String table(List<FileSystem> fileSystems) {
        TextTable table = new TextTable("MOUNTPOINT", "NAME", "TYPE", "TOTAL", "USED", "USE%", "DISKS");
        for (FileSystem fs : fileSystems) {
            List<String> disks = new ArrayList<>();
            fs.disks().forEach(disk -> disks.add(disk.label()));
            table.row(fs.mountpoint(), fs.name(), fs.type(), fs.totalBytes() == null ? null : ByteSize.human(fs.totalBytes()),
                    fs.usedBytes() == null ? null : ByteSize.human(fs.usedBytes()), ByteSize.percent(fs.usedBytes(), fs.totalBytes()),
                    disks.isEmpty() ? null : String.join(",", disks));
        }
        return tableOr(table, "no file systems");
    }
}
