package dev.virtdeck.xapi;

import com.xensource.xenapi.Host;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

import java.util.Map;
import java.util.regex.Pattern;

/** XAPI VM records as virtdeck's {@link VmInfo}: pure functions of the records, no calls. */
final class XapiVms {
    static final long MIB = 1024L * 1024L;
    static final String NULL_REF = "OpaqueRef:NULL";
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private XapiVms() {
    }

    /** @return true for a guest: not a template, not a snapshot, not a control domain (dom0) */
    static boolean isGuest(VM.Record r) {
        return !isTrue(r.isATemplate) && !isTrue(r.isASnapshot) && !isTrue(r.isControlDomain);
    }

    /** @return true for a template a VM can be cloned from */
    static boolean isTemplate(VM.Record r) {
        return isTrue(r.isATemplate) && !isTrue(r.isASnapshot);
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    /** Halted, Running, Paused, Suspended as virtdeck's states. */
    static VmState state(Types.VmPowerState s) {
        if (s == null) return VmState.UNKNOWN;
        return switch (s) {
            case HALTED -> VmState.SHUTOFF;
            case RUNNING -> VmState.RUNNING;
            case PAUSED -> VmState.PAUSED;
            case SUSPENDED -> VmState.SUSPENDED;
            default -> VmState.UNKNOWN;
        };
    }

    /** @return XAPI's own word for the state ("Running"), as the reference spells it */
    static String nativeState(Types.VmPowerState s) {
        if (s == null || s == Types.VmPowerState.UNRECOGNIZED) return "unknown";
        String n = s.name();
        return n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The VM as virtdeck shows it.
     *
     * <p>Memory: virtdeck sets dynamic_min = dynamic_max, the amount the VM gets; with a range set
     * elsewhere, a running VM shows XAPI's current target (memory_target) when it reports one. The
     * maximum is memory_static_max. vCPUs: VCPUs_at_startup (XAPI updates it with a live change),
     * maximum VCPUs_max. Every XAPI VM is persistent.
     *
     * @param hostNames member refs (wire form) to their names, for {@link VmInfo#residentOn()}
     */
    static VmInfo toVmInfo(String host, String kind, VM.Record r, Map<String, String> hostNames) {
        VmState state = state(r.powerState);
        return new VmInfo(host, kind, r.nameLabel, r.uuid, state, nativeState(r.powerState), toInt(r.VCPUsAtStartup),
                toInt(r.VCPUsMax), memoryMiB(r, state), mib(r.memoryStaticMax), Boolean.TRUE, null,
                residentOn(r.residentOn, hostNames));
    }

    /** @return {@code info} with the live vCPU count of VM_metrics (VCPUs_number) when XAPI reports one */
    static VmInfo withLiveVcpus(VmInfo info, Long vcpusNumber) {
        if (vcpusNumber == null || vcpusNumber <= 0) return info;
        return new VmInfo(info.host(), info.driver(), info.name(), info.uuid(), info.state(), info.nativeState(),
                toInt(vcpusNumber), info.maxVcpus(), info.memoryMiB(), info.maxMemoryMiB(), info.persistent(),
                info.cpuTimeNs(), info.residentOn());
    }

    /**
     * A running VM's usage from its {@code VM_metrics} record (fields as the XenAPI reference
     * documents them): {@code VCPUs_utilisation} maps each vCPU to the share of a physical CPU it used
     * (0..1, averaged by XAPI over its own sampling period), so their sum times 100 is virtdeck's
     * CPU % (100 % = one CPU); {@code memory_actual} (bytes) is the memory the domain holds: the
     * host's view, like a process's resident memory. XAPI reports no guest-side memory use here, and
     * no per-VM disk or network throughput outside its RRDs: those stay unknown.
     *
     * @return the usage, or null when the record holds none of these figures
     */
    static VmInfo.Usage usage(com.xensource.xenapi.VMMetrics.Record m) {
        if (m == null) return null;
        Double cpu = null;
        if (m.VCPUsUtilisation != null && !m.VCPUsUtilisation.isEmpty()) {
            double sum = 0;
            for (Double d : m.VCPUsUtilisation.values()) sum += d == null ? 0 : d;
            cpu = sum * 100;
        }
        Long held = m.memoryActual == null || m.memoryActual <= 0 ? null : m.memoryActual / 1024;
        if (cpu == null && held == null) return null;
        return new VmInfo.Usage(null, held, null, null, null, null,
                new dev.virtdeck.driver.UsageRates(cpu, null, null, null, null));
    }

    static Long memoryMiB(VM.Record r, VmState state) {
        Long dmin = r.memoryDynamicMin;
        Long dmax = r.memoryDynamicMax;
        boolean fixed = dmin != null && dmin.equals(dmax);
        if (state.isActive() && !fixed && r.memoryTarget != null && r.memoryTarget > 0) return mib(r.memoryTarget);
        return mib(dmax);
    }

    /** @return the member's name (its name_label, else hostname), or null when not resident anywhere */
    static String residentOn(Host h, Map<String, String> hostNames) {
        if (h == null) return null;
        String ref = h.toWireString();
        if (ref == null || ref.isEmpty() || NULL_REF.equals(ref)) return null;
        return hostNames.getOrDefault(ref, ref);
    }

    static Long mib(Long bytes) {
        return bytes == null ? null : bytes / MIB;
    }

    static Integer toInt(Long n) {
        return n == null ? null : Math.toIntExact(n);
    }

    static boolean looksLikeUuid(String s) {
        return s != null && UUID.matcher(s).matches();
    }

    /** @return true when {@code ref} names nothing (null, "", OpaqueRef:NULL) */
    static boolean isNull(com.xensource.xenapi.XenAPIObject ref) {
        if (ref == null) return true;
        String w = ref.toWireString();
        return w == null || w.isEmpty() || NULL_REF.equals(w);
    }
}
