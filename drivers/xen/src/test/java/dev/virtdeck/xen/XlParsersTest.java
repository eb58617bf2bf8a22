package dev.virtdeck.xen;

import dev.virtdeck.testlab.Reference;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsers against recorded real outputs: the Xen 4.17 lab captures and the reference corpus. */
class XlParsersTest {

    // ---- xl list / xm list -------------------------------------------------------------------------

    @Test
    void xlListOfTheLabHostWithTabsInTheHeader() {
        List<Reference.Capture> caps = Reference.captures("xen/xl-list.txt");
        assertTrue(caps.get(0).output().lines().findFirst().orElseThrow().contains("\t"), "header has tabs");
        List<XlParsers.Row> dom0Only = XlParsers.list(caps.get(0).output());
        assertEquals(List.of(new XlParsers.Row("Domain-0", 0, 1024, 2, "r-----", 2954.0)), dom0Only);
        assertTrue(dom0Only.get(0).isDom0());

        List<XlParsers.Row> both = XlParsers.list(caps.get(1).output());
        assertEquals(2, both.size());
        assertEquals(new XlParsers.Row("domu", 9, 256, 1, "-b----", 60.5), both.get(1));
        assertEquals(VmState.RUNNING, XenStates.normalize(both.get(1).flags()));
    }

    @Test
    void pausedRowOfTheLab() {
        List<XlParsers.Row> rows = XlParsers.list(Reference.capture("xen/xl-pause-unpause.txt", "xl pause").output());
        // two `xl list domu` outputs in one capture: the second header is not a row and is skipped
        assertEquals(2, rows.size());
        assertEquals("--p---", rows.get(0).flags());
        assertEquals(VmState.PAUSED, XenStates.normalize(rows.get(0).flags()));
        assertEquals("-b----", rows.get(1).flags());
    }

    @Test
    void verboseListsAreNotMistakenForRows() {
        // xl list -v/-Z/-n add columns after Time(s): not the format the driver asks for, and never a wrong row
        for (XlParsers.Row r : XlParsers.list(Reference.capture("xen/xl-list-long-formats.txt", "xl list").output())) {
            assertEquals(List.of(), List.of(r), "unexpected row from a verbose list");
        }
    }

    @Test
    void listsFromOtherHostsAndVersions() {
        List<XlParsers.Row> a = XlParsers.list(Reference.section("xl/list-two-guests-blocked.txt", "(a)"));
        assertEquals(List.of("Domain-0", "guest-01", "Avignon-02"), a.stream().map(XlParsers.Row::name).toList());
        assertEquals(13036, a.get(0).memoryMiB());
        assertEquals(5, a.get(2).domid());
        List<XlParsers.Row> b = XlParsers.list(Reference.section("xl/list-two-guests-blocked.txt", "(b)"));
        assertEquals(new XlParsers.Row("stackv4", 11, 256, 1, "-b----", 0.1), b.get(1));

        List<XlParsers.Row> man = XlParsers.list(Reference.output("xl/list-man-page-example.txt"));
        assertEquals(List.of("Domain-0", "win", "linux"), man.stream().map(XlParsers.Row::name).toList());
        assertEquals(11794.3, man.get(0).cpuSeconds());
    }

    @Test
    void longNamesAndEveryStateFlag() {
        List<XlParsers.Row> rows = XlParsers.list(Reference.output("xl/list-state-flags-reconstructed.txt"));
        assertEquals(5, rows.size());
        XlParsers.Row longName = rows.get(4);
        assertEquals("a-very-long-domain-name-that-is-longer-than-forty-chars", longName.name());
        assertEquals(6, longName.domid());
        assertEquals(512, longName.memoryMiB());
        assertEquals(VmState.PAUSED, XenStates.normalize(rows.get(2).flags()));
        assertEquals(VmState.CRASHED, XenStates.normalize(rows.get(3).flags()));
    }

    @Test
    void namesWithSpacesParseFromTheRight() {
        String out = "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                + String.format("%-40s %5d %5d %5d     %s  %8.1f\n", "web 1 (prod)", 3, 512, 2, "-b----", 1.5)
                + String.format("%-40s %5d %5d %5d     %s  %8.1f\n", "Name 7", 4, 128, 1, "r-----", 0.0);
        List<XlParsers.Row> rows = XlParsers.list(out);
        assertEquals(List.of("web 1 (prod)", "Name 7"), rows.stream().map(XlParsers.Row::name).toList());
    }

    @Test
    void xmListHasASpaceHeaderAndTheSameRows() {
        List<XlParsers.Row> rows = XlParsers.list(Reference.output("xl/xm-list-legacy.txt"));
        assertEquals(8, rows.size());
        assertEquals(new XlParsers.Row("Domain-0", 0, 1852, 8, "r-----", 348510.6), rows.get(0));
        assertEquals(new XlParsers.Row("vm8", 120, 2048, 8, "-b----", 2661.7), rows.get(7));
    }

    @Test
    void stateTable() {
        assertEquals(VmState.RUNNING, XenStates.normalize("r-----"));
        assertEquals(VmState.RUNNING, XenStates.normalize("-b----"));
        assertEquals(VmState.RUNNING, XenStates.normalize("------"));
        assertEquals(VmState.PAUSED, XenStates.normalize("-bp---"));
        assertEquals(VmState.SHUTTING_DOWN, XenStates.normalize("---s--"));
        assertEquals(VmState.SHUTTING_DOWN, XenStates.normalize("--pss-"));
        assertEquals(VmState.SHUTTING_DOWN, XenStates.normalize("---sr-"));
        assertEquals(VmState.CRASHED, XenStates.normalize("---sc-"));
        assertEquals(VmState.CRASHED, XenStates.normalize("----c-"));
        assertEquals(VmState.SHUTTING_DOWN, XenStates.normalize("-----d"));
        assertEquals(VmState.SHUTTING_DOWN, XenStates.normalize("---scd"));
        assertEquals(VmState.UNKNOWN, XenStates.normalize("rb"));
        assertEquals(VmState.UNKNOWN, XenStates.normalize(null));
    }

    // ---- xl list -l ----------------------------------------------------------------------------------

    @Test
    void longListOfTheLabWithAGuest() {
        List<XlParsers.Domain> all = XlParsers.longList(Reference.capture("xen/xl-list-l-all.txt", "xl list -l").output());
        assertEquals(2, all.size());
        XlParsers.Domain dom0 = all.get(0);
        assertEquals(0, dom0.domid());
        assertEquals("Domain-0", dom0.name());
        assertEquals(1048576L, dom0.maxMemKiB());
        assertNull(dom0.uuid());
        assertNull(dom0.maxVcpus());
        XlParsers.Domain domu = all.get(1);
        assertEquals(9, domu.domid());
        assertEquals("domu", domu.name());
        assertEquals("pv", domu.type());
        assertEquals("dc4b97c7-748b-4fc8-88e7-a786a8a674a1", domu.uuid());
        assertEquals(524288L, domu.maxMemKiB());
        assertEquals(262144L, domu.targetMemKiB());
        assertEquals(2, domu.maxVcpus());
        assertEquals(1, domu.onlineVcpus());
        assertEquals("/root/domu/vmlinuz", domu.kernel());
        assertEquals("/root/domu/initrd.gz", domu.ramdisk());
        assertEquals("console=hvc0", domu.cmdline());
        assertEquals(List.of(), domu.disks());

        assertEquals(List.of(domu), XlParsers.longList(Reference.capture("xen/xl-list-l-domu.txt", "xl list -l").output()));
    }

    @Test
    void longListWithOnlyDomain0() {
        List<XlParsers.Domain> d = XlParsers.longList(Reference.capture("xen/xl-list-l-dom0only.txt", "xl list -l").output());
        assertEquals(1, d.size());
        assertEquals("Domain-0", d.get(0).name());
        assertEquals("pv", d.get(0).type());
    }

    @Test
    void longListOfAnHvmGuestWithDisks() {
        XlParsers.Domain d = XlParsers.longList(Reference.output("xl/list-long-json-reconstructed.txt")).get(0);
        assertEquals("hvm", d.type());
        assertEquals("web-01", d.name());
        assertEquals(2, d.onlineVcpus());
        assertEquals(List.of(new XlParsers.Disk("xvda", "/dev/vg0/web-01")), d.disks());
    }

    @Test
    void sxpOutputIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XlParsers.longList("(domain (domid 0) (name Domain-0))"));
        assertTrue(e.getMessage().contains("JSON"), e.getMessage());
    }

    // ---- xl info / xm info ---------------------------------------------------------------------------

    @Test
    void infoOfTheLab() {
        Map<String, String> i = XlParsers.info(Reference.capture("xen/xl-info.txt", "xl info").output());
        assertEquals("xenhost", i.get("host"));
        assertEquals("2", i.get("nr_cpus"));
        assertEquals("2047", i.get("total_memory"));
        assertEquals("1000", i.get("free_memory"));
        assertEquals("pv hvm shadow gnttab-v1 gnttab-v2", i.get("virt_caps"));
        assertEquals("4.17.5", XlParsers.xenVersion(i));
        assertEquals("", i.get("xen_changeset"));
        assertEquals("dom0_mem=1024M,max:1024M dom0_max_vcpus=2 console=com1 com1=115200,8n1 loglvl=all"
                + " guest_loglvl=all noreboot", i.get("xen_commandline"));
    }

    @Test
    void infoOfOlderHosts() {
        Map<String, String> centos = XlParsers.info(Reference.output("xl/info-4.6-centos.txt"));
        assertEquals("4.6.3-14.el6", XlParsers.xenVersion(centos));
        assertEquals("12", centos.get("nr_cpus"));
        assertEquals("Tue May 2 12:06:15 2017 +0100 git:52d94f1-dirty", centos.get("xen_changeset"));

        Map<String, String> xm = XlParsers.info(Reference.output("xl/xm-info-legacy-4.1.txt"));
        assertFalse(xm.containsKey("xen_version"));
        assertEquals("4.1.1", XlParsers.xenVersion(xm), "xm has no xen_version line: built from major/minor/extra");
        assertEquals("2046", xm.get("total_memory"));
        assertEquals("hvm", xm.get("virt_caps"));
    }

    // ---- block-list, errors --------------------------------------------------------------------------

    @Test
    void blockListAndVdevNames() {
        Reference.Capture after = Reference.captures("xen/xl-block-attach.txt").get(2);
        assertEquals(List.of(51728), XlParsers.blockDevices(after.output().lines().limit(2)
                .reduce("", (x, y) -> x + y + "\n")));
        assertEquals(List.of(), XlParsers.blockDevices(Reference.captures("xen/xl-block-attach.txt").get(0).output()));
        String recon = Reference.output("xl/block-attach-list-reconstructed.txt");
        assertEquals(List.of(51712, 51728), XlParsers.blockDevices(recon));
        assertEquals("xvda", XlParsers.vdevName(51712));
        assertEquals("xvdb", XlParsers.vdevName(51728));
        assertEquals("xvdz", XlParsers.vdevName(268441856)); // captured in xl-block-detach.txt
        assertNull(XlParsers.vdevName(2049));
    }

    @Test
    void unknownDomainErrorsAreNotFound() {
        Xl xl = new Xl("xen1", null, Toolstack.XL, false);
        int checked = 0;
        for (Reference.Capture c : Reference.captures("xen/xl-errors-nonexistent-domain.txt")) {
            if (c.exitCode() == 0 || !c.command().contains("nosuchdom")) continue;
            VirtdeckException e = xl.failure("nosuchdom", result(c));
            assertInstanceOf(VmNotFoundException.class, e, c.command());
            checked++;
        }
        assertTrue(checked >= 10, "checked " + checked);
        assertTrue(Xl.isNotFound(XlParsers.errorText(Reference.output("xl/error-invalid-domain-name.txt"))));
        Xl xm = new Xl("xm1", null, Toolstack.XM, false);
        assertInstanceOf(VmNotFoundException.class, xm.failure("x", new ExecResult("xm pause x", 1, "",
                "Error: Domain 'x' does not exist.\n", Duration.ZERO)));
    }

    @Test
    void limitsBecomeClearInvalidRequests() {
        Xl xl = new Xl("xen1", null, Toolstack.XL, false);
        Reference.Capture mem = Reference.capture("xen/xl-mem-set.txt", "xl mem-set domu 1024m");
        assertEquals(1, mem.exitCode());
        assertEquals("memory_dynamic_max must be less than or equal to memory_static_max; cannot set domid 9 dynamic"
                + " max memory to : 1024m", XlParsers.errorText(mem.output()));
        VirtdeckException e = xl.failure("domu", result(mem));
        assertInstanceOf(InvalidRequestException.class, e);
        assertTrue(e.getMessage().contains("maxmem"), e.getMessage());

        VirtdeckException cpus = xl.failure("domu", result(Reference.capture("xen/xl-vcpu-set.txt", "xl vcpu-set domu 4")));
        assertInstanceOf(InvalidRequestException.class, cpus);
        assertTrue(cpus.getMessage().contains("4 vCPUs is more than the host's 2 physical CPUs"), cpus.getMessage());

        VirtdeckException zero = xl.failure("domu", result(Reference.capture("xen/xl-vcpu-set.txt", "xl vcpu-set domu 0")));
        assertInstanceOf(CommandFailedException.class, zero);
        assertTrue(zero.getMessage().contains("Requested 0 VCPUs"), zero.getMessage());
    }

    @Test
    void otherFailuresKeepTheirText() {
        Xl xl = new Xl("xen1", null, Toolstack.XL, false);
        Reference.Capture dup = Reference.capture("xen/xl-create-duplicate.txt", "xl create");
        assertEquals(3, dup.exitCode());
        assertTrue(XlParsers.errorText(dup.output()).startsWith("Domain with name \"domu\" already exists."));
        VirtdeckException e = xl.failure("domu", result(dup));
        assertInstanceOf(CommandFailedException.class, e);
        assertEquals(3, ((CommandFailedException) e).exitCode());
        String make = XlParsers.errorText(Reference.output("xl/create-error-domain-make.txt"));
        assertTrue(make.startsWith("XSM Disabled: init_seclabel not supported; domain creation fail"), make);
        Reference.Capture dom0 = Reference.capture("xen/xl-destroy.txt", "xl destroy 0");
        assertInstanceOf(CommandFailedException.class, xl.failure(null, result(dom0)));
    }

    private static ExecResult result(Reference.Capture c) {
        // The lab captured stdout and stderr together; xl writes these errors to stderr.
        return new ExecResult(c.command(), c.exitCode(), "", c.output(), Duration.ZERO);
    }

    // ---- config files --------------------------------------------------------------------------------

    @Test
    void theLabsDomainConfigParses() throws Exception {
        String text = Reference.capture("xen/domu-config.txt", "cat /etc/xen/domu.cfg").output();
        XlConfig c = XlConfig.parse(text);
        assertEquals("domu", c.string("name"));
        assertEquals("pv", c.string("type"));
        assertEquals(256L, c.number("memory"));
        assertEquals(512L, c.number("maxmem"));
        assertEquals(1L, c.number("vcpus"));
        assertEquals(2L, c.number("maxvcpus"));
        assertEquals("console=hvc0", c.string("extra"));
    }

    @Test
    void configSyntax() throws Exception {
        XlConfig c = XlConfig.parse("# c\nname='a \\b' ; memory = 64 # trailing\n"
                + "disk = [ 'phy:/dev/vg/x,xvda,w',\n \"format=raw,vdev=xvdb,target=/p,with,commas\" ]\n"
                + "extra = \"say \\\"hi\\\"\"\n");
        assertEquals("a \\b", c.string("name"), "single quotes have no escapes");
        assertEquals(64L, c.number("memory"));
        assertEquals(List.of("phy:/dev/vg/x,xvda,w", "format=raw,vdev=xvdb,target=/p,with,commas"), c.list("disk"));
        assertEquals("say \"hi\"", c.string("extra"));
        assertEquals("/dev/vg/x", XlConfig.diskTarget(c.list("disk").get(0)));
        assertEquals("/p,with,commas", XlConfig.diskTarget(c.list("disk").get(1)));
        assertThrows(XlConfig.ParseException.class, () -> XlConfig.parse("name = \"open\nmemory = 1\n"));
        assertThrows(XlConfig.ParseException.class, () -> XlConfig.parse("name \"x\"\n"));
    }

    @Test
    void hostileNamesRoundTripThroughTheConfigWeWrite() throws Exception {
        String name = "it's \"q\" $(id); `x` \\ # [a]";
        CreateSpec spec = new CreateSpec(name, 1, 2, 128, 256, null, "/k/vmlinuz", "/k/initrd", "console=hvc0 x=\"1\"",
                null);
        String text = XlConfigWriter.render(spec, "/var/lib/xen/images/d.img");
        XlConfig c = XlConfig.parse(text);
        assertEquals(name, c.string("name"));
        assertEquals("console=hvc0 x=\"1\"", c.string("extra"));
        assertEquals(256L, c.number("maxmem"));
        assertEquals(2L, c.number("maxvcpus"));
        assertEquals(List.of("format=raw,vdev=xvda,access=rw,target=/var/lib/xen/images/d.img"), c.list("disk"));
        assertEquals(1, text.lines().filter(l -> l.startsWith("name")).count());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XlConfigWriter.render(new CreateSpec("a\nmemory = 99999", 1, 1, 64, 64, null, "/k", null, null,
                        null), null));
        assertTrue(e.getMessage().contains("control characters"), e.getMessage());
    }

    @Test
    void xentopRowsAreReadFromTheRightWithNoLimitAndBlanksInNames() {
        Map<String, XlParsers.Xentop> top = XlParsers.xentop(Reference.output("xl/xentop-batch-reconstructed.txt"));
        assertEquals(List.of("Domain-0", "domu", "web 1 long-name"), List.copyOf(top.keySet()));
        assertEquals(new XlParsers.Xentop(12, 340, 41984, 3016), top.get("domu"));
        assertEquals(new XlParsers.Xentop(100, 200, 2048, 512), top.get("web 1 long-name"));
        assertEquals(new XlParsers.Xentop(0, 0, 0, 0), top.get("Domain-0"), "\"no limit\" is one column");
    }

    @Test
    void xentopAsARealXenHostPrintsIt() {
        Map<String, XlParsers.Xentop> top = XlParsers.xentop(Reference.output("xl/xentop-batch-xen-lab.txt"));
        assertEquals(List.of("Domain-0", "vd-xen"), List.copyOf(top.keySet()));
        assertEquals(new XlParsers.Xentop(0, 0, 0, 0), top.get("vd-xen"), "no NIC, no disk");
    }

    @Test
    void xentopSkipsSummaryLinesBeforeTheHeader() {
        String out = "xentop - 10:00:00   Xen 4.17.3\n2 domains: 1 running, 1 blocked\nMem: 8388608k total\n"
                + Reference.output("xl/xentop-batch-reconstructed.txt");
        assertEquals(3, XlParsers.xentop(out).size());
        assertTrue(XlParsers.xentop("xentop: failed to get domain info\n").isEmpty());
    }
}
