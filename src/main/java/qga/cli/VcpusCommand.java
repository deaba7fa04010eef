package qga.cli;

import java.util.List;
import picocli.CommandLine.ParseResult;
import qga.base.QgaException;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;
import qga.guest.Vcpu;
import qga.guest.ViewRecord;

/** qga vcpus: the guest's logical CPUs, as guest-get-vcpus lists them. */
final class VcpusCommand extends ViewCommand {
    VcpusCommand() {
        super("vcpus", "Show the guest's logical CPUs and which are online.",
                "The guest's logical CPUs (guest-get-vcpus), by id: whether each is online and",
                "whether the guest lets it be taken offline.");
    }

    @Override
    String jsonHelp() {
        return "One JSON array instead of the table: per CPU id, online and can-offline.";
    }

    @Override
    TargetOutcome outcome(String target, GuestViews views) throws QgaException {
        return TargetOutcome.view(target, views.vcpus());
    }

    @Override
    String render(GuestViews views, boolean json, ParseResult parsed) throws QgaException {
        List<Vcpu> vcpus = views.vcpus();
        if (json) {
            return ViewRecord.jsonText(vcpus);
        }
        return table(vcpus);
    }

    static String table(List<Vcpu> vcpus) {
        TextTable table = new TextTable("ID", "ONLINE", "CAN-OFFLINE");
        for (Vcpu vcpu : vcpus) {
            table.row(vcpu.id() == null ? null : vcpu.id().toString(), yesNo(vcpu.online()), yesNo(vcpu.canOffline()));
        }
        return tableOr(table, "no CPUs");
    }
}
