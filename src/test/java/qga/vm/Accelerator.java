package qga.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** KVM where it really works, TCG (emulation: slower, works everywhere) otherwise. */
enum Accelerator {
    KVM(List.of("-accel", "kvm", "-cpu", "host")),
    TCG(List.of("-accel", "tcg"));

    final List<String> qemuArguments;

    Accelerator(List<String> qemuArguments) {
        this.qemuArguments = qemuArguments;
    }

    private static Accelerator chosen;
    private static String why;

    /** QGA_VM_ACCEL=tcg|kvm forces a choice; otherwise KVM only when /dev/kvm takes a VM and is not kvm_pvm. */
    static synchronized Accelerator choose(Path qemu) {
        if (chosen == null) {
            String forced = System.getenv("QGA_VM_ACCEL");
            if (forced != null && !forced.isBlank()) {
                chosen = valueOf(forced.strip().toUpperCase(java.util.Locale.ROOT));
                why = "QGA_VM_ACCEL=" + forced;
            } else {
                why = kvmProblem(qemu);
                chosen = why == null ? KVM : TCG;
                why = why == null ? "/dev/kvm works" : why;
            }
            GuestImage.log("accelerator " + chosen + ": " + why);
        }
        return chosen;
    }

    private static String kvmProblem(Path qemu) {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return "/dev/kvm is missing or not read-writable";
        }
        // PVM creates VMs, but a stock Debian kernel never gets past its decompressor there
        if (Files.exists(Path.of("/sys/module/kvm_pvm"))) {
            return "/dev/kvm is kvm_pvm, where stock kernels do not boot";
        }
        try {
            Process probe = new ProcessBuilder(qemu.toString(), "-machine", "none", "-accel", "kvm", "-nodefaults",
                    "-display", "none", "-S", "-monitor", "none", "-qmp", "stdio")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                probe.getOutputStream().write("{\"execute\":\"qmp_capabilities\"}{\"execute\":\"quit\"}\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                probe.getOutputStream().close();
                if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                    return null;
                }
                return "QEMU cannot create a KVM machine";
            } finally {
                Host.stop(probe);
            }
        } catch (Exception e) {
            return "probing KVM failed: " + e.getMessage();
        }
    }
}
