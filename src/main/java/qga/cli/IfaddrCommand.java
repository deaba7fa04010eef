package qga.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import qga.base.QgaException;
import qga.guest.GuestViews;
import qga.guest.TargetOutcome;
import qga.guest.NetworkInterface;
import qga.guest.ViewRecord;

/** qga ifaddr: virsh domifaddr --source agent, one row per address. */
final class IfaddrCommand extends ViewCommand {
    IfaddrCommand() {
        super("ifaddr", "Show the guest's network interfaces and their addresses.",
                "The guest's network interfaces (guest-network-get-interfaces), as virsh",
                "domifaddr --source agent shows them: name, MAC, protocol (ipv4 or ipv6) and",
                "address/prefix, one row per address. A name and MAC already shown are written",
                "- on the next rows (unless --full); an interface without addresses shows N/A.");
    }

    @Override
    String jsonHelp() {
        return "One JSON array instead of the table: per interface name, mac and addresses (protocol, address, prefix).";
    }

    @Override
    void addOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("--full").arity("0").type(boolean.class)
                .description("Repeat the name and MAC on every row of an interface.").build());
    }

    @Override
    TargetOutcome outcome(String target, GuestViews views) throws QgaException {
        return TargetOutcome.view(target, views.interfaces());
    }

    @Override
    String render(GuestViews views, boolean json, ParseResult parsed) throws QgaException {
        List<NetworkInterface> interfaces = views.interfaces();
        if (json) {
            return ViewRecord.jsonText(interfaces);
        }
        return table(interfaces, parsed.hasMatchedOption("--full"));
    }

    static String table(List<NetworkInterface> interfaces, boolean full) {
        TextTable table = new TextTable("NAME", "MAC", "PROTOCOL", "ADDRESS");
        for (NetworkInterface nic : interfaces) {
            String mac = nic.mac() == null ? "N/A" : nic.mac();
            if (nic.addresses().isEmpty()) {
                table.row(nic.name(), mac, "N/A", "N/A");
            }
            boolean first = true;
            for (NetworkInterface.IpAddress address : nic.addresses()) {
                String where = (address.address() == null ? "N/A" : address.address())
                        + (address.prefix() == null ? "" : "/" + address.prefix());
                table.row(first || full ? nic.name() : "-", first || full ? mac : "-", address.protocol(), where);
                first = false;
            }
        }
        return tableOr(table, "no network interfaces");
    }
}
