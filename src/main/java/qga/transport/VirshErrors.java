package qga.transport;

import qga.base.QgaException;

/** What virsh's error lines mean when libvirt could not even reach the domain. */
public final class VirshErrors {
    private VirshErrors() {
    }

    public static QgaException connectFailure(String domain, Virsh.Result result) {
        String error = result.error();
        if (error.startsWith("failed to get domain")) {
            return QgaException.cannotConnect("no libvirt domain named " + domain + " (virsh list --all shows them)");
        }
        if (error.contains("domain is not running")) {
            return QgaException.cannotConnect("libvirt domain " + domain + " is not running (virsh start " + domain + ")");
        }
        if (result.stderr().contains("failed to connect to the hypervisor")) {
            return QgaException.cannotConnect("virsh cannot connect to libvirt: " + error
                    + " (is libvirtd running, and may this user use it? root or the libvirt group)");
        }
        return QgaException.cannotConnect("virsh failed for " + domain + ": " + error);
    }
}
