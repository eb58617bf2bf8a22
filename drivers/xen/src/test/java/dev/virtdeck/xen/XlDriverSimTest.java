package dev.virtdeck.xen;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.ssh.ShellQuote;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Xen driver against simulated xl and xm hosts over real SSH (MINA SSHD in the sim, our sshj
 * pool here). The simulator replays the Xen 4.17 lab's formats and refuses unquoted shell syntax,
 * so a quoting bug fails loudly. ({@link SimSshHost} is the generic sim-over-SSH harness; it serves
 * any {@link SimHost}.) What every driver must do is {@link XlDriverContractSimTest}'s; here is
 * what is xl's own: its command lines, Domain-0, config files, save images, PV/HVM, xm.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlDriverSimTest {
    static final String HOSTILE = "it's \"q\" $(id); `tick` x";

    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            // a deaf guest keeps the simulated `xl shutdown -w` waiting: let it go
            sim.host().vms().forEach(v -> v.state(VmPowerState.POWEROFF));
            sim.close();
        }
    }

    /** xl host: domu running (the lab's guest), off (config only), deaf (ignores shutdown). */
    SimHost xlHost() {
        SimHost h = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
        h.acpiShutdownDelay(Duration.ofMillis(200));
        h.addXenGuest("domu", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        h.addXenGuest("off", 128, 128, 1, 1);
        h.addXenGuest("deaf", 64, 64, 1, 1).acpiHonoured(false).state(VmPowerState.RUNNING);
        return h;
    }

    XlDriver driver(SimHost h, Toolstack tool, String saveDir, boolean sudo) throws Exception {
        sim = SimSshHost.start(h, dir);
        return new XlDriver(h.hostname(), sim.ssh(), tool, null, saveDir, sudo);
    }

    XlDriver xl() throws Exception {
        return driver(xlHost(), Toolstack.XL, null, false);
    }

    static Map<String, VmInfo> byName(List<VmInfo> l) {
        return l.stream().collect(Collectors.toMap(VmInfo::name, Function.identity()));
    }

    // ---- list / details --------------------------------------------------------------------------

    @Test
    void listShowsDomainsAndConfigsButNotDomain0() throws Exception {
        XlDriver d = xl();
        Map<String, VmInfo> vms = byName(d.list());
        assertEquals(Set.of("domu", "off", "deaf"), vms.keySet());
        VmInfo domu = vms.get("domu");
        assertEquals(VmState.RUNNING, domu.state());
        assertEquals("-b----", domu.nativeState());
        assertEquals(256L, domu.memoryMiB());
        assertEquals(512L, domu.maxMemoryMiB());
        assertEquals(1, domu.vcpus());
        assertEquals(2, domu.maxVcpus());
        assertEquals(sim.host().vm("domu").uuid(), domu.uuid());
        assertEquals(Boolean.TRUE, domu.persistent());
        assertEquals("xl", domu.driver());
        VmInfo off = vms.get("off");
        assertEquals(VmState.SHUTOFF, off.state());
        assertEquals(XlDriver.NO_DOMAIN, off.nativeState());
        assertEquals(128L, off.memoryMiB());
        assertEquals(1, off.maxVcpus());
    }

    @Test
    void detailsAndUnknownNames() throws Exception {
        XlDriver d = xl();
        assertEquals(VmState.SHUTOFF, d.details("off").state());
        assertEquals(512L, d.details("domu").maxMemoryMiB());
        VmNotFoundException e = assertThrows(VmNotFoundException.class, () -> d.details("nosuch"));
        assertTrue(e.getMessage().contains("/etc/xen"), e.getMessage());
        assertThrows(InvalidRequestException.class, () -> d.details("Domain-0"));
        assertThrows(InvalidRequestException.class, () -> d.poweroff("Domain-0"));
    }

    @Test
    void aRunningDomainWithoutConfigIsNotPersistent() throws Exception {
        SimHost h = xlHost();
        h.files().remove("/etc/xen/domu.cfg");
        XlDriver d = driver(h, Toolstack.XL, null, false);
        VmInfo domu = byName(d.list()).get("domu");
        assertEquals(Boolean.FALSE, domu.persistent());
        assertEquals(2, domu.maxVcpus(), "from xl list -l");
    }

    // ---- lifecycle (the outcomes are DriverContract's; here xl's own command lines) ---------------

    @Test
    void lifecycleRunsXlOnTheConfigFileAndTheDomainName() throws Exception {
        XlDriver d = xl();
        assertEquals("LC_ALL=C xl create /etc/xen/off.cfg", d.start("off").command());
        assertEquals("LC_ALL=C xl pause domu", d.pause("domu").command());
        assertEquals("--p---", d.details("domu").nativeState());
        assertEquals("LC_ALL=C xl unpause domu", d.resume("domu").command());
        assertEquals("LC_ALL=C xl reboot domu", d.reboot("domu").command());
        try (ConsoleStream c = d.console("domu", false)) {
            assertEquals("LC_ALL=C xl console domu", c.command());
        }
        assertEquals("LC_ALL=C xl shutdown -w domu", d.shutdown("domu", new ShutdownRequest(Duration.ofSeconds(10), false, true)).command());
        assertEquals("LC_ALL=C xl destroy off", d.poweroff("off").command());
        OpResult forced = d.shutdown("deaf", new ShutdownRequest(Duration.ofSeconds(1), true, true));
        assertEquals("forced after 1 s", forced.message());
        assertEquals("LC_ALL=C xl shutdown -w deaf && LC_ALL=C xl destroy deaf", forced.command());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> d.pause("off"));
        assertEquals("the VM is not running (shut off); start it first", e.detail());
    }

    /**
     * A paused or hung PV guest never takes the request: libxl gives up after its own 60 s wait
     * (captured on the lab's Xen 4.17, a paused domain). That is a deadline passed, not a failure.
     */
    @Test
    void aGuestThatDoesNotAcknowledgeTheRequestTimesOutOrIsForcedOff() throws Exception {
        SimHost h = xlHost();
        h.failCommand("xl shutdown", 1, "Shutting down domain 3\nlibxl: error: libxl_domain.c:854:pvcontrol_cb:"
                + " guest didn't acknowledge control request: -9\nshutdown failed (rc=-9)\n");
        XlDriver d = driver(h, Toolstack.XL, null, false);
        OperationTimeoutException asked = assertThrows(OperationTimeoutException.class,
                () -> d.shutdown("domu", new ShutdownRequest(null, false, false)));
        assertTrue(asked.detail().startsWith("the guest did not acknowledge the shutdown request"), asked.detail());
        OperationTimeoutException t = assertThrows(OperationTimeoutException.class,
                () -> d.shutdown("domu", new ShutdownRequest(Duration.ofMinutes(2), false, true)));
        assertEquals("still running: the guest did not acknowledge the shutdown request", t.detail());
        assertEquals(VmState.RUNNING, d.details("domu").state());
        OpResult r = d.shutdown("domu", new ShutdownRequest(Duration.ofMinutes(2), true, true));
        assertEquals("forced off: the guest did not acknowledge the shutdown request", r.message());
        assertTrue(r.command().endsWith(" && LC_ALL=C xl destroy domu"), r.command());
        assertEquals(VmState.SHUTOFF, d.details("domu").state());
    }

    @Test
    void resetOnlyForHvmGuests() throws Exception {
        XlDriver d = xl();
        NotSupportedException pv = assertThrows(NotSupportedException.class, () -> d.reset("domu"));
        assertEquals(Operation.RESET.cliName(), pv.operation());
        assertTrue(pv.getMessage().contains("pv guest"), pv.getMessage());
        d.create(new CreateSpec("win", 1, 1, 256, 256, null, null, null, null, "/srv/iso/win.iso"), true);
        OpResult r = d.reset("win");
        assertEquals("reset", r.message());
        assertEquals("LC_ALL=C xl trigger win reset", r.command());
        assertThrows(InvalidRequestException.class, () -> d.reset("off"));
    }

    // ---- resources -------------------------------------------------------------------------------

    @Test
    void memoryWithinAndBeyondMaxmem() throws Exception {
        XlDriver d = xl();
        OpResult r = d.setMemory("domu", 384, Scope.current(), false);
        assertEquals("LC_ALL=C xl mem-set domu 384m", r.command());
        assertEquals(384, sim.host().vm("domu").memoryCurMb());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> d.setMemory("domu", 1024, Scope.current(), false));
        assertTrue(e.getMessage().contains("exceeds the maximum 512 MiB"), e.getMessage());
        assertEquals("LC_ALL=C xl mem-max domu 600m", d.setMemory("domu", 600, Scope.current(), true).command());
        assertEquals(600, sim.host().vm("domu").memoryMaxMb());
        assertThrows(InvalidRequestException.class, () -> d.setMemory("domu", 100, Scope.current(), true));
        assertThrows(NotSupportedException.class, () -> d.setMemory("domu", 256, Set.of(Scope.CONFIG), false));
        assertThrows(InvalidRequestException.class, () -> d.setMemory("off", 64, Scope.current(), false));
    }

    @Test
    void vcpusWithinTheBootMaximumAndThePhysicalCpus() throws Exception {
        SimHost h = xlHost();
        h.addXenGuest("big", 128, 128, 1, 4).state(VmPowerState.RUNNING);
        XlDriver d = driver(h, Toolstack.XL, null, false);
        assertEquals("LC_ALL=C xl vcpu-set domu 2", d.setVcpus("domu", 2, Scope.current(), false).command());
        assertEquals(2, h.vm("domu").vcpusCur());
        InvalidRequestException over = assertThrows(InvalidRequestException.class,
                () -> d.setVcpus("domu", 3, Scope.current(), false));
        assertTrue(over.getMessage().contains("exceed the boot-time maximum 2"), over.getMessage());
        InvalidRequestException pcpus = assertThrows(InvalidRequestException.class,
                () -> d.setVcpus("big", 3, Scope.current(), false));
        assertTrue(pcpus.getMessage().contains("3 vCPUs is more than the host's 2 physical CPUs"), pcpus.getMessage());
        assertThrows(NotSupportedException.class, () -> d.setVcpus("domu", 2, Scope.current(), true));
    }

    @Test
    void attachDiskCreatesARawImageAndAttachesIt() throws Exception {
        SimHost h = xlHost();
        h.files().putImage("/var/lib/xen/images/domu/vmlinuz", 5 << 20); // the guest's kernel directory
        // The simulator has no `truncate`: the driver falls back to qemu-img (installed here).
        h.addTool("/usr/bin/qemu-img");
        XlDriver d = driver(h, Toolstack.XL, null, false);
        OpResult r = d.attachDisk("domu", 64, Scope.current());
        String img = "/var/lib/xen/images/domu/domu-xvdb.img";
        assertEquals("attached 64 MiB raw disk " + img + " as xvdb (live)", r.message());
        assertTrue(r.command().endsWith("LC_ALL=C xl block-attach domu format=raw,vdev=xvdb,access=rw,target=" + img),
                r.command());
        assertEquals(64L << 20, h.files().get(img).orElseThrow().size());
        assertTrue(h.vm("domu").disks().stream().anyMatch(x -> x.target().equals("xvdb")));
        assertTrue(h.commandLog().contains("LC_ALL=C truncate -s 64M -- " + img), h.commandLog().toString());
        assertTrue(d.attachDisk("domu", 8, Scope.current()).message().endsWith(" as xvdc (live)"));
        assertThrows(NotSupportedException.class, () -> d.attachDisk("domu", 8, Set.of(Scope.CONFIG)));
        assertThrows(InvalidRequestException.class, () -> d.attachDisk("off", 8, Scope.current()));
    }

    @Test
    void attachDiskFailureRemovesTheImage() throws Exception {
        SimHost h = xlHost();
        h.files().putImage("/var/lib/xen/images/domu/vmlinuz", 5 << 20);
        h.addTool("/usr/bin/qemu-img");
        h.failCommand("xl block-attach", 1, "libxl_device_disk_add failed.\n");
        XlDriver d = driver(h, Toolstack.XL, null, false);
        assertThrows(dev.virtdeck.error.CommandFailedException.class, () -> d.attachDisk("domu", 8, Scope.current()));
        assertFalse(h.files().exists("/var/lib/xen/images/domu/domu-xvdb.img"));
    }

    @Test
    void saveWhereConfigured() throws Exception {
        XlDriver none = xl();
        NotSupportedException refused = assertThrows(NotSupportedException.class, () -> none.save("domu"));
        assertEquals("save is not supported: " + XenCapabilities.NO_SAVE, refused.detail());
        sim.close();
        XlDriver d = driver(xlHost(), Toolstack.XL, "/var/lib/xen/save", false);
        assertTrue(d.capabilities().supports(Operation.SAVE));
        OpResult r = d.save("domu");
        assertEquals("LC_ALL=C xl save domu /var/lib/xen/save/domu.save", r.command());
        assertEquals("saved to /var/lib/xen/save/domu.save (start restores it)", r.message());
        assertTrue(sim.host().files().exists("/var/lib/xen/save/domu.save"));
        VmInfo saved = d.details("domu");
        assertEquals(VmState.SUSPENDED, saved.state());
        assertEquals("no domain; saved to /var/lib/xen/save/domu.save", saved.nativeState());
        assertEquals(VmState.SUSPENDED, d.list().stream().filter(v -> v.name().equals("domu")).findFirst()
                .orElseThrow().state());
        assertEquals(VmState.SHUTOFF, d.details("off").state(), "a config without an image stays shut off");

        OpResult restored = d.start("domu");
        assertEquals("restored from /var/lib/xen/save/domu.save", restored.message());
        assertEquals("LC_ALL=C xl restore /etc/xen/domu.cfg /var/lib/xen/save/domu.save"
                + " && LC_ALL=C rm -f -- /var/lib/xen/save/domu.save", restored.command());
        assertFalse(sim.host().files().exists("/var/lib/xen/save/domu.save"), "the image is used once");
        assertEquals(VmState.RUNNING, d.details("domu").state());
        assertEquals("already running", d.start("domu").message());

        d.save("domu");
        OpResult deleted = d.delete("domu", false, false);
        assertTrue(deleted.message().endsWith("with its save image /var/lib/xen/save/domu.save"), deleted.message());
        assertFalse(sim.host().files().exists("/var/lib/xen/save/domu.save"));
    }

    @Test
    void aFailedRestoreKeepsTheImageAndNamesTheCommand() throws Exception {
        XlDriver d = driver(xlHost(), Toolstack.XL, "/var/lib/xen/save", false);
        d.save("domu");
        sim.host().files().remove("/etc/xen/domu.cfg");
        sim.host().files().put("/etc/xen/domu.cfg", "name = \"domu\"\nmemory = 999999\n");
        dev.virtdeck.error.CommandFailedException e = assertThrows(dev.virtdeck.error.CommandFailedException.class,
                () -> d.start("domu"));
        assertTrue(e.getMessage().contains("xl restore /etc/xen/domu.cfg /var/lib/xen/save/domu.save"), e.getMessage());
        assertTrue(sim.host().files().exists("/var/lib/xen/save/domu.save"), "kept for another try");
        assertEquals(VmState.SUSPENDED, d.details("domu").state());
    }

    // ---- create / delete / injection ---------------------------------------------------------------

    @Test
    void createWithAHostileNameIsQuotedEverywhere() throws Exception {
        SimHost h = xlHost();
        h.addTool("/usr/bin/qemu-img");
        h.files().putImage("/srv/k/vmlinuz", 1 << 20);
        XlDriver d = driver(h, Toolstack.XL, null, false);
        CreateSpec spec = new CreateSpec(HOSTILE, 1, 2, 128, 256, 32L, "/srv/k/vmlinuz", "/srv/k/initrd", null, null);
        OpResult r = d.create(spec, true);
        assertTrue(r.message().startsWith("created and started"), r.message());
        String cfgPath = "/etc/xen/" + XenImages.fileStem(HOSTILE) + ".cfg";
        assertTrue(cfgPath.matches("/etc/xen/[A-Za-z0-9._-]+\\.cfg"), cfgPath);
        XlConfig cfg = XlConfig.parse(h.files().get(cfgPath).orElseThrow().content());
        assertEquals(HOSTILE, cfg.string("name"));
        assertEquals("console=hvc0", cfg.string("extra"), "no --cmdline: a PV guest's console is hvc0 (docs/cli.md)");
        assertEquals(List.of("format=raw,vdev=xvda,access=rw,target=/srv/k/" + XenImages.fileStem(HOSTILE) + "-xvda.img"),
                cfg.list("disk"));

        VmInfo vm = d.details(HOSTILE);
        assertEquals(VmState.RUNNING, vm.state());
        assertEquals(256L, vm.maxMemoryMiB());
        assertEquals("paused", d.pause(HOSTILE).message());
        assertTrue(h.commandLog().contains("LC_ALL=C xl pause " + ShellQuote.quote(HOSTILE)), h.commandLog().toString());
        // every line the driver sent was one simple command the simulated shell accepted
        assertTrue(h.commandLog().stream().noneMatch(l -> l.contains("$(id)") && !l.contains("'")), h.commandLog().toString());

        assertThrows(InvalidRequestException.class, () -> d.create(spec, false), "already exists");
        OpResult del = d.delete(HOSTILE, true, true);
        assertTrue(del.message().contains("with 1 disk file(s)"), del.message());
        assertFalse(h.files().exists(cfgPath));
        assertFalse(h.files().exists("/srv/k/" + XenImages.fileStem(HOSTILE) + "-xvda.img"));
        assertFalse(d.list().stream().anyMatch(v -> v.name().equals(HOSTILE)));
    }

    @Test
    void createRefusesWhatXlCannotHold() throws Exception {
        XlDriver d = xl();
        for (String bad : List.of("a\nmemory = 1", "Domain-0", "42", "-f", " ", "vd/x")) {
            assertThrows(InvalidRequestException.class,
                    () -> d.create(new CreateSpec(bad, 1, 1, 64, 64, null, "/k", null, null, null), false), bad);
        }
        assertTrue(sim.host().commandLog().stream().noneMatch(l -> l.contains("tee")), "nothing written");
    }

    @Test
    void createThatFailsToStartIsRolledBack() throws Exception {
        XlDriver d = xl();
        CreateSpec huge = new CreateSpec("huge", 1, 1, 999_999, 999_999, null, "/k", null, null, null);
        assertThrows(dev.virtdeck.error.CommandFailedException.class, () -> d.create(huge, true));
        assertFalse(sim.host().files().exists("/etc/xen/huge.cfg"));
        assertEquals("created (/etc/xen/small.cfg)",
                d.create(new CreateSpec("small", 1, 1, 64, 64, null, "/k", null, null, null), false).message());
        assertEquals(VmState.SHUTOFF, d.details("small").state());
    }

    @Test
    void deleteRefusesARunningVmWithoutForce() throws Exception {
        XlDriver d = xl();
        assertThrows(InvalidRequestException.class, () -> d.delete("domu", false, false));
        assertEquals("deleted (/etc/xen/off.cfg removed)", d.delete("off", false, false).message());
        assertThrows(VmNotFoundException.class, () -> d.delete("off", false, false));
    }

    @Test
    void sudoPrefixesEveryCommand() throws Exception {
        XlDriver d = driver(xlHost(), Toolstack.XL, null, true);
        d.list();
        assertTrue(sim.host().commandLog().stream().allMatch(l -> l.startsWith("sudo -n LC_ALL=C sh -c ")),
                "the list's one script: " + sim.host().commandLog());
        d.details("domu");
        List<String> log = sim.host().commandLog();
        assertTrue(log.contains("sudo -n LC_ALL=C xl list"), log.toString());
        assertTrue(log.contains("sudo -n LC_ALL=C cat /etc/xen/domu.cfg"), log.toString());
    }

    // ---- host ------------------------------------------------------------------------------------

    @Test
    void hostInfoFromXlInfo() throws Exception {
        XlDriver d = xl();
        HostInfo i = d.hostInfo();
        assertEquals("xl", i.driver());
        assertEquals("xl", i.transport());
        assertEquals("Xen", i.hypervisor());
        assertEquals("4.17.5", i.hypervisorVersion());
        assertEquals(2, i.cpus());
        assertEquals(2048L, i.memoryTotalMiB());
        assertEquals(2048L - 1024 - 256 - 64, i.memoryFreeMiB());
        assertEquals(3, i.guests());
        assertEquals("1024 MiB", i.extra().get("dom0 memory"));
        assertEquals("pv hvm shadow gnttab-v1 gnttab-v2", i.extra().get("virt_caps"));
        assertTrue(i.toolstacks().contains("xl"), i.toolstacks().toString());
        assertNull(i.libvirtVersion());
    }

    // ---- xm ----------------------------------------------------------------------------------------

    @Test
    void xmHostsWorkThroughXm() throws Exception {
        SimHost h = SimHost.of(HostKind.XM, "oldxen").cpus(2).memoryMb(4096);
        h.acpiShutdownDelay(Duration.ofMillis(200));
        h.addXenGuest("vm8", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        h.addXenGuest("vm9", 128, 128, 1, 1);
        XlDriver d = driver(h, Toolstack.XM, null, false);
        assertEquals("xm", d.kind());
        Map<String, VmInfo> vms = byName(d.list());
        assertEquals(VmState.RUNNING, vms.get("vm8").state());
        assertEquals(512L, vms.get("vm8").maxMemoryMiB(), "from the config: xm has no JSON");
        assertNull(vms.get("vm8").uuid());
        assertEquals(VmState.SHUTOFF, vms.get("vm9").state());
        assertEquals("LC_ALL=C xm create /etc/xen/vm9.cfg", d.start("vm9").command());
        assertEquals("LC_ALL=C xm mem-set vm8 384", d.setMemory("vm8", 384, Scope.current(), false).command());
        assertEquals(384, h.vm("vm8").memoryCurMb());
        assertThrows(InvalidRequestException.class, () -> d.setMemory("vm8", 1024, Scope.current(), false));
        assertEquals("vCPUs set to 2 (live; the guest brings them online)",
                d.setVcpus("vm8", 2, Scope.current(), false).message());
        assertEquals("paused", d.pause("vm8").message());
        assertEquals("resumed", d.resume("vm8").message());
        assertTrue(d.shutdown("vm9", new ShutdownRequest(Duration.ofSeconds(10), false, true)).message()
                .startsWith("shut down after"));
        assertThrows(VmNotFoundException.class, () -> d.poweroff("nosuch"));
        assertThrows(NotSupportedException.class, () -> d.reset("vm8"));
        assertThrows(NotSupportedException.class, () -> d.attachDisk("vm8", 8, Scope.current()));
        HostInfo i = d.hostInfo();
        assertEquals("xm", i.transport());
        assertEquals("4.4.1", i.hypervisorVersion());
        SimVm vm8 = h.vm("vm8");
        assertNotNull(vm8);
    }

    static boolean readUntil(InputStream in, String want, Duration timeout) throws Exception {
        StringBuilder sb = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[1024];
        while (System.nanoTime() < deadline) {
            if (in.available() > 0) {
                int n = in.read(buf);
                if (n < 0) break;
                sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (sb.toString().contains(want)) return true;
            } else {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("did not see " + want + " in: " + sb);
    }
}
