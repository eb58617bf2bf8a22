package dev.virtdeck.host;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.util.ArrayList;
import java.util.List;

/**
 * Virtualization facts of a host that libvirt does not report, gathered by ONE SSH exec of a fixed
 * shell snippet (no user value is ever part of it).
 *
 * <p>Flags are reported as the host shows them: on nested machines {@code /dev/kvm} can work while
 * /proc/cpuinfo shows neither vmx nor svm, so callers decide on {@link #devKvm()}, not on the flags.
 *
 * @param devKvmWritable /dev/kvm is writable by the SSH user (not by libvirtd, which may differ)
 * @param kvmModules     loaded (or built-in) kvm modules among kvm, kvm_intel, kvm_amd
 * @param toolstacks     which of virsh, xl, xm, VBoxManage, xe are on the PATH (plus the sbin dirs)
 * @param cpus           online processors in /proc/cpuinfo, null when unknown
 */
public record HostFacts(String hostname, boolean vmx, boolean svm, boolean devKvm, boolean devKvmWritable,
                        List<String> kvmModules, List<String> toolstacks, Integer cpus, Long memoryTotalMiB,
                        Long memoryAvailableMiB) {

    /** Toolstacks looked for, in report order. */
    public static final List<String> TOOLSTACKS = List.of("virsh", "xl", "xm", "VBoxManage", "xe");

    /**
     * The snippet prints {@code key=value} lines. Only the {@code flags} lines are searched for
     * vmx/svm: newer kernels add a "vmx flags" line that must not count. The sbin directories are
     * appended to PATH because a non-root, non-interactive shell lacks them (xl lives there).
     */
    static final String SNIPPET = String.join("\n", HostFacts.body(), "exit 0");

    /** The snippet without its final {@code exit 0}, for scripts that gather more ({@link HostSurvey}). */
    static String body() {
        return String.join("\n",
            "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\"",
            "echo \"hostname=$(cat /proc/sys/kernel/hostname 2>/dev/null)\"",
            "echo \"cpus=$(grep -c '^processor' /proc/cpuinfo 2>/dev/null)\"",
            "flags=$(grep -E '^flags[[:space:]]*:' /proc/cpuinfo 2>/dev/null)",
            "if printf '%s\\n' \"$flags\" | grep -qw vmx; then echo vmx=1; else echo vmx=0; fi",
            "if printf '%s\\n' \"$flags\" | grep -qw svm; then echo svm=1; else echo svm=0; fi",
            "if [ -e /dev/kvm ]; then echo devkvm=1; else echo devkvm=0; fi",
            "if [ -w /dev/kvm ]; then echo devkvm_writable=1; else echo devkvm_writable=0; fi",
            "for m in kvm kvm_intel kvm_amd; do",
            "  if [ -d \"/sys/module/$m\" ] || grep -q \"^$m \" /proc/modules 2>/dev/null; then echo \"module=$m\"; fi",
            "done",
            "for t in virsh xl xm VBoxManage xe; do",
            "  if command -v \"$t\" >/dev/null 2>&1; then echo \"tool=$t\"; fi",
            "done",
            "grep -E '^(MemTotal|MemAvailable):' /proc/meminfo 2>/dev/null");
    }

    public HostFacts {
        kvmModules = List.copyOf(kvmModules);
        toolstacks = List.copyOf(toolstacks);
    }

    /** @return the remote command {@link #gather} runs */
    public static RemoteCommand command() {
        return RemoteCommand.of("sh", "-c", SNIPPET);
    }

    /**
     * Runs the snippet on {@code ssh} (without sudo: everything it reads is world-readable).
     *
     * @param host inventory name, for errors
     * @throws CommandFailedException when the snippet does not exit 0
     */
    public static HostFacts gather(SshHost ssh, String host) {
        RemoteCommand cmd = command();
        ExecResult r = ssh.exec(cmd);
        if (!r.ok()) {
            throw new CommandFailedException(host, null, r.command(), r.exitCode(), r.stdout(), r.stderr());
        }
        return parse(r.stdout());
    }

    /** Parses the snippet's output; unknown lines are ignored, missing facts become false/null. */
    static HostFacts parse(String out) {
        String hostname = null;
        boolean vmx = false, svm = false, kvm = false, kvmW = false;
        List<String> modules = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        Integer cpus = null;
        Long total = null, avail = null;
        for (String raw : out.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("MemTotal:")) {
                total = kibToMiB(line.substring(9));
                continue;
            }
            if (line.startsWith("MemAvailable:")) {
                avail = kibToMiB(line.substring(13));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "hostname" -> hostname = value.isEmpty() ? null : value;
                case "cpus" -> cpus = parseIntOrNull(value);
                case "vmx" -> vmx = "1".equals(value);
                case "svm" -> svm = "1".equals(value);
                case "devkvm" -> kvm = "1".equals(value);
                case "devkvm_writable" -> kvmW = "1".equals(value);
                case "module" -> modules.add(value);
                case "tool" -> tools.add(value);
                default -> { }
            }
        }
        if (cpus != null && cpus == 0) cpus = null;
        return new HostFacts(hostname, vmx, svm, kvm, kvmW, modules, tools, cpus, total, avail);
    }

    /** @return {@code kvm} when /dev/kvm exists on the host (hardware acceleration), else {@code qemu} (TCG) */
    public String domainType() {
        return devKvm ? "kvm" : "qemu";
    }

    /** "1234 kB" → MiB. */
    private static Long kibToMiB(String text) {
        String digits = text.strip().split("\\s+")[0];
        try {
            return Long.parseLong(digits) / 1024;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parseIntOrNull(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
