package qga.guest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import qga.api.Agent;
import qga.base.ExitCode;
import qga.base.QgaException;

/**
 * The guest at a glance, read through its agent: a summary (qga info), and one list per view
 * (interfaces, file systems, users, disks, vCPUs), each asked with one command. A view whose
 * command the agent lacks, has disabled or refuses fails with a message that names the view.
 */
public final class GuestViews {
    private final Agent agent;

    public GuestViews(Agent agent) {
        this.agent = agent;
    }

    /** OS, kernel, host name, agent version, clock and its skew, time zone, users, vCPUs online. */
    public GuestSummary summary() throws QgaException {
        return new SummaryReader(agent).read();
    }

    /** guest-network-get-interfaces, in the agent's order. */
    public List<NetworkInterface> interfaces() throws QgaException {
        List<NetworkInterface> interfaces = new ArrayList<>();
        for (JsonObject reply : list("network interfaces", "guest-network-get-interfaces")) {
            interfaces.add(NetworkInterface.from(reply));
        }
        return interfaces;
    }

    /** guest-get-fsinfo, in the agent's order. */
    public List<FileSystem> fileSystems() throws QgaException {
        List<FileSystem> fileSystems = new ArrayList<>();
        for (JsonObject reply : list("file systems", "guest-get-fsinfo")) {
            fileSystems.add(FileSystem.from(reply));
        }
        return fileSystems;
    }

    /** guest-get-users, in the agent's order. */
    public List<LoggedInUser> users() throws QgaException {
        List<LoggedInUser> users = new ArrayList<>();
        for (JsonObject reply : list("users", "guest-get-users")) {
            users.add(LoggedInUser.from(reply));
        }
        return users;
    }

    /** guest-get-disks, in the agent's order. */
    public List<GuestDisk> disks() throws QgaException {
        List<GuestDisk> disks = new ArrayList<>();
        for (JsonObject reply : list("disks", "guest-get-disks")) {
            disks.add(GuestDisk.from(reply));
        }
        return disks;
    }

    /** guest-get-vcpus by id (the agent lists them in no fixed order). */
    public List<Vcpu> vcpus() throws QgaException {
        List<Vcpu> vcpus = new ArrayList<>();
        for (JsonObject reply : list("vCPUs", "guest-get-vcpus")) {
            vcpus.add(Vcpu.from(reply));
        }
        vcpus.sort(Comparator.comparing(Vcpu::id, Comparator.nullsLast(Comparator.naturalOrder())));
        return vcpus;
    }

    /** The list a command returns; its refusal (disabled, absent, an error reply) says which view it leaves empty. */
    private List<JsonObject> list(String view, String command) throws QgaException {
        JsonElement value;
        try {
            value = agent.call(command, null);
        } catch (QgaException e) {
            if (e.exitCode() != ExitCode.BAD_INPUT && e.exitCode() != ExitCode.AGENT_ERROR) {
                throw e;
            }
            throw new QgaException(e.exitCode(), e.phase(), "cannot show " + view + ": " + e.getMessage(), e);
        }
        return JsonFields.objects(command, value);
    }
}
