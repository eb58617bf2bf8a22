package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * xl (Xen 4.17.5, captured on the real lab host: ../shared/lab/xen/outputs/) and xm (xend era:
 * ../shared/reference/xl/xm-*) texts. Unmarked texts are verbatim from those captures; RECONSTRUCTED ones are
 * marked where they are used.
 */
final class XenText {

    private XenText() {}

    /** xl's header: tabs before State and Time(s) (xl-list.txt). */
    static final String XL_LIST_HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)\n";
    /** xm's header: spaces only (xm-list-legacy.txt). */
    static final String XM_LIST_HEADER = "Name                                        ID   Mem VCPUs      State   Time(s)\n";
    static final String BLOCK_LIST_HEADER = "Vdev  BE  handle state evt-ch ring-ref BE-path                       \n";

    /** One list row; xl puts two spaces before the time column, xm one. */
    static String listRow(boolean xm, String name, int id, long memMb, int vcpus, String flags, double seconds) {
        return String.format(Locale.ROOT, xm ? "%-40s %5d %5d %5d %10s %8.1f\n" : "%-40s %5d %5d %5d     %s  %8.1f\n",
                name, id, memMb, vcpus, flags, seconds);
    }

    static String invalidDomain(boolean xm, String name, boolean withRc) {
        if (xm) {
            // RECONSTRUCTED: xend's wording, noted in xm-list-legacy.txt (not captured)
            return "Error: Domain '" + name + "' does not exist.\n";
        }
        return name + " is an invalid domain identifier" + (withRc ? " (rc=-6)" : "") + "\n";
    }

    /** xl create of a name that is already running (xl-create-duplicate.txt), exit 3. */
    static String duplicate(String name, int id) {
        return "libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain " + id + ":Domain with name \"" + name
                + "\" already exists.\n"
                + "libxl: error: libxl_create.c:1296:initiate_domain_create: Domain " + id + ":cannot make domain: -6\n"
                + "libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain " + id + ":Non-existant domain\n"
                + "libxl: error: libxl_domain.c:1137:domain_destroy_callback: Domain " + id + ":Unable to destroy guest\n"
                + "libxl: error: libxl_domain.c:1064:domain_destroy_cb: Domain " + id + ":Destruction of domain failed\n";
    }

    /** xl destroy of a numeric id that does not exist (xl-errors-nonexistent-domain.txt). */
    static String destroyNoDomid(String id) {
        return "libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain " + id + ":Non-existant domain\n"
                + "libxl: error: libxl_domain.c:1137:domain_destroy_callback: Domain " + id + ":Unable to destroy guest\n"
                + "libxl: error: libxl_domain.c:1064:domain_destroy_cb: Domain " + id + ":Destruction of domain failed\n"
                + "destroy failed (rc=-21)\n";
    }

    /**
     * The numeric vbd id of xvdX: 202<<8 | index<<4 for the first 16 disks, (1<<28) | index<<8 beyond (51728 for
     * xvdb and 268441856 for xvdz, both captured). -1 for a name that is not xvd + letters.
     */
    static int vdevNumber(String vdev) {
        if (!vdev.matches("xvd[a-z]{1,2}")) {
            return -1;
        }
        String letters = vdev.substring(3);
        int index = letters.length() == 1 ? letters.charAt(0) - 'a'
                : (letters.charAt(0) - 'a' + 1) * 26 + letters.charAt(1) - 'a';
        return index < 16 ? (202 << 8) | (index << 4) : (1 << 28) | (index << 8);
    }

    static String xlInfo(SimHost h) {
        return "host                   : " + h.hostname() + "\n"
                + "release                : 6.1.0-50-amd64\n"
                + "version                : #1 SMP PREEMPT_DYNAMIC Debian 6.1.176-1 (2026-07-02)\n"
                + "machine                : x86_64\n"
                + "nr_cpus                : " + h.cpus() + "\n"
                + "max_cpu_id             : " + (h.cpus() - 1) + "\n"
                + "nr_nodes               : 1\n"
                + "cores_per_socket       : " + h.cpus() + "\n"
                + "threads_per_core       : 1\n"
                + "cpu_mhz                : 2599.998\n"
                + "hw_caps                : 178bf3fd:80002001:20100800:00000007:00000000:00000000:00000000:00000000\n"
                + "virt_caps              : pv hvm shadow gnttab-v1 gnttab-v2\n"
                + "total_memory           : " + h.memoryMb() + "\n"
                + "free_memory            : " + h.freeMemoryMb() + "\n"
                + "sharing_freed_memory   : 0\n"
                + "sharing_used_memory    : 0\n"
                + "outstanding_claims     : 0\n"
                + "free_cpus              : 0\n"
                + "xen_major              : 4\n"
                + "xen_minor              : 17\n"
                + "xen_extra              : .5\n"
                + "xen_version            : 4.17.5\n"
                + "xen_caps               : xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 \n"
                + "xen_scheduler          : credit2\n"
                + "xen_pagesize           : 4096\n"
                + "platform_params        : virt_start=0xffff800000000000\n"
                + "xen_changeset          : \n"
                + "xen_commandline        : dom0_mem=" + h.dom0MemoryMb() + "M,max:" + h.dom0MemoryMb()
                + "M dom0_max_vcpus=" + h.cpus() + " console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all noreboot\n"
                + "cc_compiler            : x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0\n"
                + "cc_compile_by          : pkg-xen-devel\n"
                + "cc_compile_domain      : lists.alioth.debian.org\n"
                + "cc_compile_date        : Sat Nov 29 13:52:25 UTC 2025\n"
                + "build_id               : 39a640e6f1412319235087391df9f1c5e13ae920\n"
                + "xend_config_format     : 4\n";
    }

    /** xm info in the layout of xm-info-legacy-4.1.txt, with the version of a Xen 4.4 host. */
    static String xmInfo(SimHost h) {
        return "host                   : " + h.hostname() + "\n"
                + "release                : 3.16.0-4-amd64\n"
                + "version                : #1 SMP Debian 3.16.7-ckt25-2 (2016-04-08)\n"
                + "machine                : x86_64\n"
                + "nr_cpus                : " + h.cpus() + "\n"
                + "nr_nodes               : 1\n"
                + "cores_per_socket       : " + h.cpus() + "\n"
                + "threads_per_core       : 1\n"
                + "cpu_mhz                : 2193\n"
                + "hw_caps                : bfebfbff:20100800:00000000:00000940:0000e3bd:00000000:00000001:00000000\n"
                + "virt_caps              : hvm\n"
                + "total_memory           : " + h.memoryMb() + "\n"
                + "free_memory            : " + h.freeMemoryMb() + "\n"
                + "free_cpus              : 0\n"
                + "xen_major              : 4\n"
                + "xen_minor              : 4\n"
                + "xen_extra              : .1\n"
                + "xen_caps               : xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 \n"
                + "xen_scheduler          : credit\n"
                + "xen_pagesize           : 4096\n"
                + "platform_params        : virt_start=0xffff800000000000\n"
                + "xen_changeset          : unavailable\n"
                + "xen_commandline        : placeholder\n"
                + "cc_compiler            : gcc version 4.9.2 (Debian 4.9.2-10) \n"
                + "cc_compile_by          : pkg-xen-devel\n"
                + "cc_compile_domain      : lists.alioth.debian.org\n"
                + "cc_compile_date        : Tue Apr 12 10:12:07 UTC 2016\n"
                + "xend_config_format     : 4\n";
    }

    private static final String EMPTY_TYPES = "                \"type.pv\": {\n\n                },\n"
            + "                \"arch_arm\": {\n\n                },\n";

    /** Domain-0's entry of {@code xl list -l} (xl-list-l-dom0only.txt). */
    static String dom0Json(SimHost h) {
        long kb = h.dom0MemoryMb() * 1024;
        return "    {\n        \"domid\": 0,\n        \"config\": {\n            \"c_info\": {\n"
                + "                \"type\": \"pv\",\n                \"name\": \"Domain-0\"\n            },\n"
                + "            \"b_info\": {\n                \"max_memkb\": " + kb + ",\n"
                + "                \"target_memkb\": " + (kb - 1) + ",\n"
                + "                \"sched_params\": {\n                    \"sched\": \"credit2\",\n"
                + "                    \"weight\": 256,\n                    \"cap\": 0\n                },\n"
                + EMPTY_TYPES + "                \"arch_x86\": {\n\n                }\n            }\n        }\n    }";
    }

    /** A guest's entry of {@code xl list -l} (xl-list-l-domu.txt), with a "disks" list when it has disks. */
    static String domainJson(SimHost h, SimVm vm) {
        String kernel = null;
        String cmdline = null;
        String ramdisk = null;
        String type = "pv";
        if (vm.xenConfigPath() != null) {
            try {
                XenConfig c = XenConfig.parse(h.files().get(vm.xenConfigPath()).map(SimFiles.File::content).orElse(""));
                kernel = c.string("kernel");
                cmdline = c.string("extra") != null ? c.string("extra") : c.string("cmdline");
                ramdisk = c.string("ramdisk");
                type = c.string("type") == null ? "pv" : c.string("type");
            } catch (XenConfig.ParseException e) {
                // a config edited after create: show what libxl kept
            }
        }
        List<String> avail = new ArrayList<>();
        for (int i = 0; i < vm.vcpusCur(); i++) {
            avail.add("                    " + i);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("    {\n        \"domid\": ").append(h.domid(vm)).append(",\n        \"config\": {\n");
        sb.append("            \"c_info\": {\n                \"type\": ").append(json(type)).append(",\n");
        sb.append("                \"name\": ").append(json(vm.name())).append(",\n");
        sb.append("                \"domid\": 4294967295,\n");
        sb.append("                \"uuid\": ").append(json(vm.uuid())).append(",\n");
        sb.append("                \"run_hotplug_scripts\": \"True\"\n            },\n");
        sb.append("            \"b_info\": {\n                \"max_vcpus\": ").append(vm.vcpusMax()).append(",\n");
        sb.append("                \"avail_vcpus\": [\n").append(String.join(",\n", avail)).append("\n                ],\n");
        sb.append("                \"max_memkb\": ").append(vm.memoryMaxMb() * 1024L).append(",\n");
        sb.append("                \"target_memkb\": ").append(vm.memoryCurMb() * 1024L).append(",\n");
        sb.append("                \"video_memkb\": 0,\n");
        sb.append("                \"sched_params\": {\n                    \"sched\": \"credit2\",\n"
                + "                    \"weight\": 256,\n                    \"cap\": 0\n                },\n");
        sb.append("                \"claim_mode\": \"True\",\n");
        if (kernel != null) {
            sb.append("                \"kernel\": ").append(json(kernel)).append(",\n");
        }
        if (cmdline != null) {
            sb.append("                \"cmdline\": ").append(json(cmdline)).append(",\n");
        }
        if (ramdisk != null) {
            sb.append("                \"ramdisk\": ").append(json(ramdisk)).append(",\n");
        }
        sb.append(EMPTY_TYPES);
        sb.append("                \"arch_x86\": {\n                    \"msr_relaxed\": \"False\"\n                }\n");
        sb.append("            },\n");
        if (!vm.disks().isEmpty()) {
            // RECONSTRUCTED: "disks" entries after list-long-json-reconstructed.txt (libxl_device_disk IDL)
            List<String> disks = new ArrayList<>();
            for (SimVm.Disk d : vm.disks()) {
                disks.add("                {\n                    \"pdev_path\": " + json(d.source()) + ",\n"
                        + "                    \"vdev\": " + json(d.target()) + ",\n"
                        // libxl serves a qcow2 image through qemu (qdisk), a raw one through blkback
                        + "                    \"backend\": " + json("qcow2".equals(d.format()) ? "qdisk" : "phy") + ",\n"
                        + "                    \"format\": " + json(d.format()) + ",\n"
                        + "                    \"readwrite\": 1\n                }");
            }
            sb.append("            \"disks\": [\n").append(String.join(",\n", disks)).append("\n            ],\n");
        }
        if ("bridge".equals(vm.nicMode()) && vm.nicTarget() != null) {
            // RECONSTRUCTED: one "nics" entry after the libxl_device_nic IDL (mac, bridge, nictype, script)
            String hex = vm.uuid().replace("-", "");
            String mac = "00:16:3e:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
            sb.append("            \"nics\": [\n                {\n                    \"backend_domid\": 0,\n"
                    + "                    \"devid\": 0,\n                    \"mac\": ").append(json(mac)).append(",\n")
                    .append("                    \"bridge\": ").append(json(vm.nicTarget())).append(",\n")
                    .append("                    \"script\": \"vif-bridge\",\n                    \"nictype\": \"vif\"\n"
                            + "                }\n            ],\n");
        }
        sb.append("            \"on_reboot\": \"restart\",\n            \"on_soft_reset\": \"soft_reset\"\n");
        sb.append("        }\n    }");
        return sb.toString();
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
