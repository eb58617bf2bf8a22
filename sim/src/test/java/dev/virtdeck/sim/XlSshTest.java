package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** xl (Xen 4.17) and xm emulation against the outputs captured on the real Xen lab host. */
class XlSshTest extends SimTestBase {

    private static final String DOMU_CFG = config();

    private static String config() {
        String t = Reference.text("xen/domu-config.txt");
        return t.substring(t.indexOf("name     ="), t.indexOf("[rc=0]"));
    }

    private static SimHost xen() {
        SimHost h = SimHost.of(HostKind.XEN, "xenhost").cpus(2).memoryMb(2047).dom0MemoryMb(1024)
                .acpiShutdownDelay(Duration.ofMillis(100));
        h.files().put("/etc/xen/domu.cfg", DOMU_CFG).putImage("/root/data.img", 64 << 20);
        return h;
    }

    /** Lab outputs differ in domain ids and CPU seconds; everything else must be identical. */
    private static String norm(String s) {
        return s.replaceAll("(?m) +\\d+\\.\\d$", " T").replaceAll("[Dd]omain \\d+", "Domain N")
                .replaceAll("domid[ =]\\d+", "domid N").replaceAll("\"domid\": [1-9]\\d*", "\"domid\": N")
                .replaceAll("(?m)^(\\S+ +)\\d+( +\\d+ +\\d+ +[-a-z]{6})", "$1N$2")
                .replaceAll("vbd/\\d+/", "vbd/N/").replaceAll("/libxl/\\d+/", "/libxl/N/").replaceAll("(?m)^(\\d+ +\\d+ +)\\d+", "$1N")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
    }

    private static String merged(OpenSsh.Result r) {
        return r.stdout() + r.stderr();
    }

    @Test
    void listCreateAndLongListMatchTheLabCaptures() throws Exception {
        SimHost h = xen();
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result list = ssh.run("LC_ALL=C xl list");
            assertEquals(norm(Reference.xenOutput("xen/xl-list.txt", "xl list", 0)), norm(list.stdout()));
            assertTrue(list.stdout().startsWith("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"));
            OpenSsh.Result create = ssh.run("LC_ALL=C xl create /etc/xen/domu.cfg");
            assertEquals(0, create.exit());
            assertEquals("Parsing config from /etc/xen/domu.cfg\n", create.stderr());
            assertEquals("", create.stdout());
            assertEquals(norm(Reference.xenOutput("xen/xl-list.txt", "xl list", 1)), norm(ssh.run("xl list").stdout()));
            assertEquals(norm(Reference.xenOutput("xen/xl-list-domu.txt", "xl list domu", 0)),
                    norm(ssh.run("xl list domu").stdout()));
            assertEquals(norm(Reference.xenOutput("xen/xl-list-l-domu.txt", "xl list -l domu", 0)),
                    norm(ssh.run("xl list -l domu").stdout()));
            assertEquals(Reference.xenOutput("xen/xl-list-l-dom0only.txt", "xl list -l", 0),
                    ssh.run("xl list -l Domain-0").stdout());
            OpenSsh.Result dup = ssh.run("xl create /etc/xen/domu.cfg");
            assertEquals(Reference.xenRc("xen/xl-create-duplicate.txt", "xl create /etc/xen/domu.cfg", 0), dup.exit());
            assertEquals(norm(Reference.xenOutput("xen/xl-create-duplicate.txt", "xl create /etc/xen/domu.cfg", 0)),
                    norm(dup.stderr()));
            List<String> info = List.of(ssh.run("xl info").stdout().split("\n"));
            List<String> recorded = List.of(Reference.xenOutput("xen/xl-info.txt", "xl info", 0).split("\n"));
            assertEquals(recorded.stream().map(l -> l.substring(0, 25)).toList(),
                    info.stream().map(l -> l.substring(0, 25)).toList());
            assertTrue(info.contains("xen_version            : 4.17.5"));
            assertEquals("/etc/xen/domu.cfg\n", ssh.run("find /etc/xen -maxdepth 1 -name '*.cfg'").stdout());
            assertEquals(DOMU_CFG, ssh.run("cat /etc/xen/domu.cfg").stdout());
        }
    }

    @Test
    void unknownDomainsFailAsRecorded() throws Exception {
        SimHost h = xen();
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            String file = "xen/xl-errors-nonexistent-domain.txt";
            for (String cmd : List.of("xl list nosuchdom", "xl list -l nosuchdom", "xl shutdown nosuchdom",
                    "xl shutdown -w nosuchdom", "xl destroy nosuchdom", "xl reboot nosuchdom", "xl pause nosuchdom",
                    "xl unpause nosuchdom", "xl mem-set nosuchdom 128m", "xl mem-max nosuchdom 128m",
                    "xl vcpu-set nosuchdom 1", "xl console nosuchdom",
                    "xl block-attach nosuchdom format=raw,vdev=xvdb,access=rw,target=/root/data.img",
                    "xl block-list nosuchdom", "xl block-detach nosuchdom xvdb", "xl domid nosuchdom",
                    "xl domname 4242", "xl list 4242", "xl destroy 4242", "xl create /etc/xen/nosuch.cfg")) {
                OpenSsh.Result r = ssh.run(cmd);
                assertEquals(Reference.xenRc(file, "timeout 10 " + cmd, 0), r.exit(), cmd);
                assertEquals(Reference.xenOutput(file, "timeout 10 " + cmd, 0), merged(r), cmd);
            }
            assertEquals(Reference.xenOutput("xen/xl-destroy.txt", "xl destroy 0", 0), merged(ssh.run("xl destroy 0")));
        }
    }

    @Test
    void memoryVcpusBlockDevicesAndLifecycle() throws Exception {
        SimHost h = xen();
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            assertEquals(0, ssh.run("xl create /etc/xen/domu.cfg").exit());
            SimVm domu = h.vm("domu");
            assertEquals(0, ssh.run("xl mem-set domu 128m").exit());
            assertEquals(128, domu.memoryCurMb());
            OpenSsh.Result over = ssh.run("xl mem-set domu 1024m");
            assertEquals(1, over.exit());
            assertEquals(norm(Reference.xenOutput("xen/xl-mem-set.txt", "xl mem-set domu 1024m", 0)), norm(merged(over)));
            assertEquals(0, ssh.run("xl vcpu-set domu 2").exit());
            assertEquals(2, domu.vcpusCur());
            String vfile = "xen/xl-vcpu-set.txt";
            assertEquals(Reference.xenOutput(vfile, "xl vcpu-set domu 4", 0), merged(ssh.run("xl vcpu-set domu 4")));
            assertEquals(norm(Reference.xenOutput(vfile, "xl vcpu-set domu 0", 0)), norm(merged(ssh.run("xl vcpu-set domu 0"))));
            h.cpus(8);
            OpenSsh.Result beyond = ssh.run("xl vcpu-set domu 3");
            assertEquals(1, beyond.exit());
            assertTrue(beyond.stderr().contains("maxcpus is 2"), beyond.stderr());

            String bfile = "xen/xl-block-attach.txt";
            String spec = "xl block-attach domu 'format=raw,vdev=xvdb,access=rw,target=/root/data.img'";
            assertEquals(Reference.xenOutput(bfile, "xl block-list domu", 0), ssh.run("xl block-list domu").stdout());
            assertEquals(0, ssh.run(spec).exit());
            String rows = ssh.run("xl block-list domu").stdout();
            String recorded = Reference.xenOutput(bfile, "xl block-list domu; losetup -a; xenstore-ls -f "
                    + "/local/domain/0/backend/vbd | head -40", 0);
            assertEquals(norm(recorded.substring(0, recorded.indexOf("/dev/loop0"))), norm(rows));
            assertEquals(norm(Reference.xenOutput(bfile, spec, 1)), norm(merged(ssh.run(spec))));
            String missing = "xl block-attach domu 'format=raw,vdev=xvdc,access=rw,target=/root/does-not-exist.img'";
            assertEquals(norm(Reference.xenOutput(bfile, missing, 0)), norm(merged(ssh.run(missing))));
            assertEquals(0, ssh.run("xl block-detach domu xvdb").exit());
            assertEquals(norm(Reference.xenOutput("xen/xl-block-detach.txt", "xl block-detach domu xvdz", 0)),
                    norm(merged(ssh.run("xl block-detach domu xvdz"))));

            assertEquals(0, ssh.run("xl pause domu").exit());
            assertTrue(ssh.run("xl list domu").stdout().contains("     --p---  "));
            assertEquals(0, ssh.run("xl unpause domu").exit());
            OpenSsh.Result shut = ssh.run("xl shutdown -w domu");
            assertEquals(0, shut.exit());
            assertEquals(norm(Reference.xenOutput("xen/xl-shutdown.txt", "xl shutdown -w domu", 0)), norm(shut.stderr()));
            assertEquals(VmPowerState.POWEROFF, domu.state());
            assertEquals(Reference.xenOutput("xen/xl-shutdown.txt", "xl shutdown domu", 0), merged(ssh.run("xl shutdown domu")));
        }
    }

    @Test
    void consoleOnAPtyEndsWithCtrlRightBracket() throws Exception {
        SimHost h = xen();
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            assertEquals(0, ssh.run("xl create /etc/xen/domu.cfg").exit());
            OpenSsh.Result c = ssh.typeWithPty("xl console domu", List.of("echo HELLO-FROM-DOMU\r", "\u001d"), 300);
            assertEquals(0, c.exit());
            assertTrue(c.stdout().startsWith("echo HELLO-FROM-DOMU\r\nHELLO-FROM-DOMU\r\n# "), c.stdout());
        }
    }

    @Test
    void xmHostsSpeakTheLegacyFormats() throws Exception {
        SimHost h = SimHost.of(HostKind.XM, "oldxen").cpus(8).memoryMb(16384);
        h.addXenGuest("vm16", 2048, 2048, 8, 8).state(VmPowerState.RUNNING);
        h.addXenGuest("vm8", 1024, 2048, 1, 2);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            List<String> recorded = Reference.output("xl/xm-list-legacy.txt");
            String list = ssh.run("xm list").stdout();
            String[] lines = list.split("\n");
            assertEquals(recorded.get(0), lines[0]);
            assertTrue(lines[1].startsWith("Domain-0                                     0  1024     8     r----- "), lines[1]);
            assertEquals(recorded.get(2).substring(0, 40), lines[2].substring(0, 40)); // "vm16" padded to 40
            assertEquals(recorded.get(2).indexOf("-b----"), lines[2].indexOf("-b----"));
            assertTrue(lines[2].matches("vm16 +\\d+  2048     8     -b---- +\\d+\\.\\d"), lines[1]);
            OpenSsh.Result create = ssh.run("xm create /etc/xen/vm8.cfg");
            assertEquals(0, create.exit(), create.stderr());
            assertTrue(create.stdout().matches("Using config file \"/etc/xen/vm8.cfg\".\nStarted domain vm8 \\(id=\\d+\\)\n"));
            assertEquals(0, ssh.run("xm mem-set vm8 1536").exit());
            assertEquals(1536, h.vm("vm8").memoryCurMb());
            OpenSsh.Result unknown = ssh.run("xm shutdown nosuch");
            assertEquals(1, unknown.exit());
            assertEquals("Error: Domain 'nosuch' does not exist.\n", unknown.stderr());
            List<String> info = List.of(ssh.run("xm info").stdout().split("\n"));
            assertEquals(Reference.output("xl/xm-info-legacy-4.1.txt").stream().map(l -> l.substring(0, 25)).toList(),
                    info.stream().map(l -> l.substring(0, 25)).toList());
        }
    }
}
