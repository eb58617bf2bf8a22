package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * virsh's texts (libvirt 9.0.0 / QEMU 7.2.22, Debian 12, LC_ALL=C). Unmarked texts are verbatim from the recorded
 * files in ../shared/reference/virsh/ (copied to src/test/resources/reference/virsh/) or from captures of the real
 * virsh 9.0.0 with the {@code test:///default} driver made for this simulator (also copied there, files
 * {@code sim-capture-*.txt}). Texts marked {@code // RECONSTRUCTED:} have no captured sample.
 */
final class VirshText {

    private VirshText() {}

    static final String VERSION = "9.0.0";

    static final String VERSION_OUTPUT = "Compiled against library: libvirt 9.0.0\n"
            + "Using library: libvirt 9.0.0\n"
            + "Using API: QEMU 9.0.0\n"
            + "Running hypervisor: QEMU 7.2.22\n";

    static final String MAXVCPUS = "255\n";

    static final String CONSOLE_BANNER = "Connected to domain '%s'\nEscape character is ^] (Ctrl + ])\n";
    static final String CONSOLE_BUSY = "error: operation failed: Active console session exists for this domain\n";
    static final String CONSOLE_NOT_RUNNING = "error: The domain is not running\n";
    static final String CONSOLE_NO_TTY = "error: Cannot run interactive console without a controlling TTY\n";

    static final String NOT_RUNNING = "error: Requested operation is not valid: domain is not running\n";
    static final String ALREADY_ACTIVE = "error: Domain is already active\n";

    /**
     * {@code virsh net-info NAME} of an active, persistent network, as virsh 9.0 printed it on the
     * lab host (recorded 2026-12-07; the UUID is the sim's).
     */
    static String netInfo(String name, String uuid, String bridge) {
        return keyValues(List.of(new String[] {"Name", name}, new String[] {"UUID", uuid},
                new String[] {"Active", "yes"}, new String[] {"Persistent", "yes"}, new String[] {"Autostart", "yes"},
                new String[] {"Bridge", bridge}), 16);
    }

    /** virsh 9.0's two lines for an unknown network (recorded on the lab host, 2026-12-07). */
    static String noNetwork(String name) {
        return "error: failed to get network '" + name + "'\n"
                + "error: Network not found: no network with matching name '" + name + "'\n";
    }

    static String noDomain(String name) {
        return "error: failed to get domain '" + name + "'\n";
    }

    static String unknownCommand(String name) {
        return "error: unknown command: '" + name + "'\n";
    }

    static String unsupportedOption(String cmd, String opt) {
        return "error: command '" + cmd + "' doesn't support option --" + opt + "\n";
    }

    static String requiresOption(String cmd, String opt) {
        return "error: command '" + cmd + "' requires <" + opt + "> option\n";
    }

    static String expectedSyntax(String opt, boolean number) {
        return "error: expected syntax: --" + opt + " <" + (number ? "number" : "string") + ">\n";
    }

    static String unexpectedData(String word) {
        return "error: unexpected data '" + word + "'\n";
    }

    static String mutuallyExclusive(String a, String b) {
        return "error: Options --" + a + " and --" + b + " are mutually exclusive\n";
    }

    static String scaledMalformed(String value, String opt) {
        return "error: Scaled numeric value '" + value + "' for <" + opt + "> option is malformed or out of range\n";
    }

    // RECONSTRUCTED: libvirt tools/vsh.c vshCommandOptInt error (same shape as the captured scaled-value error)
    static String numericMalformed(String value, String opt) {
        return "error: Numeric value '" + value + "' for <" + opt + "> option is malformed or out of range\n";
    }

    static String connectFailed(String uri) {
        String why;
        if (uri.startsWith("qemu:///")) {
            why = "internal error: unexpected qemu URI path '" + uri.substring("qemu://".length())
                    + "', try qemu:///system";
        } else {
            why = "no connection driver available for " + uri;
        }
        return "error: failed to connect to the hypervisor\nerror: " + why + "\n";
    }

    static String failed(String verb, String name, String reason) {
        return "error: Failed to " + verb + " domain '" + name + "'\n" + reason;
    }

    /** The state word of list/dominfo/domstate. */
    static String stateWord(VmPowerState s) {
        return switch (s) {
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case POWEROFF, SAVED -> "shut off";
            case ABORTED, ABORTED_SAVED, GURU_MEDITATION -> "crashed";
        };
    }

    /** virDomainState numbers as domstats prints them. */
    static int stateNumber(VmPowerState s) {
        return switch (s) {
            case RUNNING -> 1;
            case PAUSED -> 3;
            case POWEROFF, SAVED -> 5;
            case ABORTED, ABORTED_SAVED, GURU_MEDITATION -> 6;
        };
    }

    /** The per-state reason enums of libvirt (virDomainRunningReason etc.), by reason word. */
    static int reasonNumber(VmPowerState s, String reason) {
        List<String> words = switch (s) {
            case RUNNING -> List.of("unknown", "booted", "migrated", "restored", "from snapshot", "unpaused");
            case PAUSED -> List.of("unknown", "user", "migrating", "saving", "dumping", "ioerror", "watchdog");
            case POWEROFF, SAVED -> List.of("unknown", "shutdown", "destroyed", "crashed", "migrated", "saved");
            default -> List.of("unknown", "panicked");
        };
        int i = words.indexOf(reason);
        return Math.max(0, i);
    }

    /**
     * A virsh table (list, domblklist): cells left-aligned and padded to the column width, 3 spaces between
     * columns, a leading space, the last column not padded; the dash line is 2 longer than the widest possible row; rows end
     * the table (virsh's trailing empty line is printed by the command loop).
     */
    static String table(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        int width = 1 + 3 * (w.length - 1);
        for (int x : w) {
            width += x;
        }
        sb.append(row(header, w)).append('\n').append("-".repeat(width + 2)).append('\n');
        for (List<String> r : rows) {
            sb.append(row(r, w)).append('\n');
        }
        return sb.toString();
    }

    private static String row(List<String> cells, int[] w) {
        StringBuilder sb = new StringBuilder(" ");
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(c);
            if (i < cells.size() - 1) {
                sb.append(" ".repeat(w[i] - c.length() + 3));
            }
        }
        return sb.toString();
    }

    /** {@code Key:<pad>value} lines padded to 16 columns (dominfo) or 21 (nodeinfo). */
    static String keyValues(List<String[]> kv, int width) {
        StringBuilder sb = new StringBuilder();
        for (String[] e : kv) {
            String key = e[0] + ":";
            sb.append(key).append(" ".repeat(Math.max(1, width - key.length()))).append(e[1]).append('\n');
        }
        return sb.toString();
    }

    static String dominfo(SimHost host, SimVm vm) {
        int id = host.domid(vm);
        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"Id", id < 0 ? "-" : Integer.toString(id)});
        kv.add(new String[] {"Name", vm.name()});
        kv.add(new String[] {"UUID", vm.uuid()});
        kv.add(new String[] {"OS Type", "hvm"});
        kv.add(new String[] {"State", stateWord(vm.state())});
        kv.add(new String[] {"CPU(s)", Integer.toString(vm.vcpusCur())});
        if (vm.state().hasProcess()) {
            kv.add(new String[] {"CPU time", String.format(Locale.ROOT, "%.1fs", vm.cpuTimeNs() / 1e9)});
        }
        kv.add(new String[] {"Max memory", vm.memoryMaxMb() * 1024L + " KiB"});
        kv.add(new String[] {"Used memory", vm.memoryCurMb() * 1024L + " KiB"});
        kv.add(new String[] {"Persistent", vm.persistent() ? "yes" : "no"});
        kv.add(new String[] {"Autostart", vm.autostart() ? "enable" : "disable"});
        kv.add(new String[] {"Managed save", vm.state() == VmPowerState.SAVED ? "yes" : "no"});
        kv.add(new String[] {"Security model", "none"});
        kv.add(new String[] {"Security DOI", "0"});
        return keyValues(kv, 16);
    }

    static String nodeinfo(SimHost host) {
        List<String[]> kv = List.of(
                new String[] {"CPU model", "x86_64"},
                new String[] {"CPU(s)", Integer.toString(host.cpus())},
                new String[] {"CPU frequency", "2599 MHz"},
                new String[] {"CPU socket(s)", "1"},
                new String[] {"Core(s) per socket", Integer.toString(host.cpus())},
                new String[] {"Thread(s) per core", "1"},
                new String[] {"NUMA cell(s)", "1"},
                new String[] {"Memory size", host.memoryMb() * 1024L + " KiB"});
        return keyValues(kv, 21);
    }

    static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    // RECONSTRUCTED: layout of the captured test-driver dumpxml (sim-capture-test-driver.txt) with the qemu
    // driver's elements for a direct-kernel-boot guest (no captured qemu:///system dumpxml)
    static String dumpxml(SimHost host, SimVm vm, boolean inactive) {
        int id = inactive ? -1 : host.domid(vm);
        StringBuilder x = new StringBuilder();
        x.append("<domain type='kvm'").append(id < 0 ? "" : " id='" + id + "'").append(">\n");
        x.append("  <name>").append(xmlEscape(vm.name())).append("</name>\n");
        x.append("  <uuid>").append(vm.uuid()).append("</uuid>\n");
        x.append("  <memory unit='KiB'>").append(vm.memoryMaxMb() * 1024L).append("</memory>\n");
        x.append("  <currentMemory unit='KiB'>").append(vm.memoryCurMb() * 1024L).append("</currentMemory>\n");
        x.append("  <vcpu placement='static'").append(vm.vcpusCur() < vm.vcpusMax() ? " current='" + vm.vcpusCur() + "'" : "")
                .append(">").append(vm.vcpusMax()).append("</vcpu>\n");
        x.append("  <os>\n    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>\n    <boot dev='hd'/>\n  </os>\n");
        x.append("  <features>\n    <acpi/>\n    <apic/>\n  </features>\n");
        x.append("  <clock offset='utc'/>\n  <on_poweroff>destroy</on_poweroff>\n  <on_reboot>restart</on_reboot>\n"
                + "  <on_crash>destroy</on_crash>\n");
        x.append("  <devices>\n    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n");
        for (SimVm.Disk d : vm.disks()) {
            if (inactive ? !d.config() : !d.live()) {
                continue;
            }
            x.append("    <disk type='file' device='disk'>\n");
            x.append("      <driver name='qemu' type='").append(xmlEscape(d.format())).append("'/>\n");
            x.append("      <source file='").append(xmlEscape(d.source())).append("'/>\n");
            x.append("      <target dev='").append(xmlEscape(d.target())).append("' bus='virtio'/>\n");
            x.append("    </disk>\n");
        }
        x.append("    <serial type='pty'>\n      <target type='isa-serial' port='0'>\n        <model name='isa-serial'/>\n"
                + "      </target>\n    </serial>\n");
        x.append("    <console type='pty'>\n      <target type='serial' port='0'/>\n    </console>\n");
        x.append("    <memballoon model='virtio'/>\n  </devices>\n</domain>\n");
        return x.toString();
    }

    // RECONSTRUCTED: from capabilities-excerpt.txt (the cut CPU feature, migration and machine lists are left out
    // so the document stays well-formed); the host memory and CPU count follow the simulated host
    static String capabilities(SimHost host) {
        StringBuilder cpus = new StringBuilder();
        for (int i = 0; i < host.cpus(); i++) {
            cpus.append("            <cpu id='").append(i).append("' socket_id='0' die_id='0' core_id='").append(i)
                    .append("' siblings='").append(i).append("'/>\n");
        }
        String guest = "  <guest>\n    <os_type>hvm</os_type>\n    <arch name='%s'>\n      <wordsize>%d</wordsize>\n"
                + "      <emulator>/usr/bin/qemu-system-%s</emulator>\n"
                + "      <machine maxCpus='255'>pc-i440fx-7.2</machine>\n"
                + "      <machine canonical='pc-i440fx-7.2' maxCpus='255'>pc</machine>\n"
                + "      <domain type='qemu'/>\n      <domain type='kvm'/>\n    </arch>\n    <features>\n"
                + "      <acpi default='on' toggle='yes'/>\n      <apic default='on' toggle='no'/>\n"
                + "      <cpuselection/>\n      <deviceboot/>\n      <disksnapshot default='on' toggle='no'/>\n"
                + "    </features>\n  </guest>\n\n";
        return "<capabilities>\n\n  <host>\n    <uuid>ca74d1b4-a94a-416e-8e48-852225f9b229</uuid>\n    <cpu>\n"
                + "      <arch>x86_64</arch>\n      <model>Broadwell</model>\n      <vendor>Intel</vendor>\n"
                + "      <microcode version='1'/>\n      <signature family='6' model='167' stepping='1'/>\n"
                + "      <counter name='tsc' frequency='2599998000' scaling='no'/>\n    </cpu>\n"
                + "    <topology>\n      <cells num='1'>\n        <cell id='0'>\n"
                + "          <memory unit='KiB'>" + host.memoryMb() * 1024L + "</memory>\n"
                + "          <cpus num='" + host.cpus() + "'>\n" + cpus
                + "          </cpus>\n        </cell>\n      </cells>\n    </topology>\n"
                + "    <secmodel>\n      <model>none</model>\n      <doi>0</doi>\n    </secmodel>\n"
                + "    <secmodel>\n      <model>dac</model>\n      <doi>0</doi>\n"
                + "      <baselabel type='kvm'>+64055:+64055</baselabel>\n"
                + "      <baselabel type='qemu'>+64055:+64055</baselabel>\n    </secmodel>\n  </host>\n\n"
                + String.format(Locale.ROOT, guest, "i686", 32, "i386")
                + String.format(Locale.ROOT, guest, "x86_64", 64, "x86_64")
                + "</capabilities>\n\n";
    }
}
