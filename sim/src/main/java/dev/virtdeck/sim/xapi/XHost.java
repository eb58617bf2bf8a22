package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.GiB;
import static dev.virtdeck.sim.xapi.Records.MiB;
import static dev.virtdeck.sim.xapi.Records.struct;

import dev.virtdeck.sim.SimHost;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A pool member ({@code host}) and its {@code host_metrics}. */
final class XHost extends XObject {

    final SimXapiPool pool;
    final SimHost sim;
    final Metrics metrics = new Metrics();
    String address;
    boolean enabled = true;
    int nextDomid = 1;
    XapiVm controlDomain;
    XSr localSr;
    long memoryOverhead = 256 * MiB;

    XHost(SimXapiPool pool, SimHost sim, String address) {
        this.pool = pool;
        this.sim = sim;
        this.address = address;
    }

    @Override
    String cls() {
        return "host";
    }

    @Override
    String nameLabel() {
        return sim.hostname();
    }

    long memoryTotal() {
        return sim.memoryMb() * MiB;
    }

    long memoryFree() {
        long used = memoryOverhead;
        for (XapiVm vm : pool.residentVms(this)) {
            used += vm.memoryActual();
        }
        return Math.max(0, memoryTotal() - used);
    }

    @Override
    Map<String, Object> record() {
        // RECONSTRUCTED values of an XCP-ng 8.2.1 host (field names from the XenAPI host class reference)
        return struct(
                "uuid", uuid,
                "name_label", sim.hostname(),
                "name_description", "Default install",
                "memory_overhead", i64(memoryOverhead),
                "allowed_operations", List.of("provision", "evacuate", "reboot", "shutdown", "vm_start",
                        "vm_resume", "vm_migrate"),
                "current_operations", struct(),
                "API_version_major", "2",
                "API_version_minor", "20",
                "API_version_vendor", "XenSource",
                "API_version_vendor_implementation", struct(),
                "enabled", enabled,
                "software_version", struct(
                        "product_version", "8.2.1",
                        "product_version_text", "8.2",
                        "product_version_text_short", "8.2",
                        "platform_name", "XCP",
                        "platform_version", "3.2.1",
                        "product_brand", "XCP-ng",
                        "build_number", "release/yangtze/master/58",
                        "hostname", "localhost",
                        "date", "2023-01-20",
                        "dbv", "0.0.1",
                        "xapi", "1.20",
                        "xen", "4.13.5-9.38",
                        "linux", "4.19.0+1",
                        "xencenter_min", "2.16",
                        "xencenter_max", "2.16",
                        "network_backend", "openvswitch",
                        "db_schema", "5.602"),
                "other_config", struct("agent_start_time", "1700000000.", "iscsi_iqn", ""),
                "capabilities", List.of("xen-3.0-x86_64", "hvm-3.0-x86_32", "hvm-3.0-x86_64"),
                "cpu_configuration", struct(),
                "sched_policy", "credit",
                "supported_bootloaders", List.of("pygrub", "eliloader"),
                "resident_VMs", Records.refs(pool.residentVms(this)),
                "logging", struct(),
                "PIFs", List.of(),
                "suspend_image_sr", ref(localSr),
                "crash_dump_sr", ref(localSr),
                "crashdumps", List.of(),
                "patches", List.of(),
                "updates", List.of(),
                "PBDs", List.of(),
                "host_CPUs", List.of(),
                "cpu_info", struct(
                        "cpu_count", Integer.toString(sim.cpus()),
                        "socket_count", "1",
                        "vendor", "GenuineIntel",
                        "speed", "2394.454",
                        "modelname", "Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz",
                        "family", "6",
                        "model", "85",
                        "stepping", "7",
                        "flags", "fpu de tsc msr pae mce cx8 apic sep mca cmov pat clflush acpi mmx fxsr sse sse2 ht "
                                + "syscall nx lm constant_tsc rep_good nopl nonstop_tsc cpuid pni pclmulqdq monitor "
                                + "est ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand hypervisor",
                        "features_pv", "1fc9cbf5-f6f83203-2991cbf5-00000123-00000007-219c05a9-00000000-00000000",
                        "features_hvm", "1fcbfbff-f7fa3223-2d93fbff-00000423-00000007-219c07ab-00000000-00000000"),
                "hostname", sim.hostname(),
                "address", address,
                "metrics", metrics.ref,
                "license_params", struct(),
                "ha_statefiles", List.of(),
                "ha_network_peers", List.of(),
                "blobs", struct(),
                "tags", List.of(),
                "external_auth_type", "",
                "external_auth_service_name", "",
                "external_auth_configuration", struct(),
                "edition", "xcp-ng",
                "license_server", struct(),
                "bios_strings", struct(),
                "power_on_mode", "",
                "power_on_config", struct(),
                "local_cache_sr", NULL_REF,
                "chipset_info", struct("iommu", "true"),
                "PCIs", List.of(),
                "PGPUs", List.of(),
                "PUSBs", List.of(),
                "ssl_legacy", false,
                "guest_VCPUs_params", struct(),
                "display", "enabled",
                "virtual_hardware_platform_versions", List.of("0", "1", "2"),
                "control_domain", ref(controlDomain),
                "updates_requiring_reboot", List.of(),
                "features", List.of(),
                "iscsi_iqn", "",
                "multipathing", false,
                "uefi_certificates", "",
                "certificates", List.of(),
                "editions", List.of("xcp-ng"));
    }

    /** {@code host_metrics}: memory_total / memory_free of its host. */
    final class Metrics extends XObject {
        @Override
        String cls() {
            return "host_metrics";
        }

        @Override
        Map<String, Object> record() {
            return struct(
                    "uuid", uuid,
                    "memory_total", i64(memoryTotal()),
                    "memory_free", i64(memoryFree()),
                    "live", true,
                    "last_updated", Instant.now().with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0),
                    "other_config", struct());
        }
    }

    static long defaultSrSize() {
        return 500 * GiB;
    }
}
