package qga.transport;

import qga.base.ConnectFailedException;

/** What virsh's error lines mean when libvirt could not even reach the domain. */
public final class VirshErrors {
    private VirshErrors() {
    }

    public static ConnectFailedException connectFailure(String domain, Virsh.Result result) {
        String error = result.error();
        if (error.startsWith("failed to get domain")) {
            return new ConnectFailedException("no libvirt domain named " + domain + " (virsh list --all shows them)");
        }
        if (error.contains("domain is not running")) {
            return new ConnectFailedException("libvirt domain " + domain + " is not running (virsh start " + domain + ")");
        }
        if (result.stderr().contains("failed to connect to the hypervisor")) {
            return new ConnectFailedException("virsh cannot connect to libvirt: " + error
                    + " (is libvirtd running, and may this user use it? root or the libvirt group)");
        }
        return new ConnectFailedException("virsh failed for " + domain + ": " + error);
    }
}
