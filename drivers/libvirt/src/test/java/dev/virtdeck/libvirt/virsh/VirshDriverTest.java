package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.testlab.Reference;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.testlab.ScriptedSsh;
import dev.virtdeck.testlab.ScriptedSsh.Answer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The virsh driver against recorded virsh outputs (ScriptedSsh): its argv, its one-exec list, its
 * parsing and the order of its calls. What every driver must do is checked on the simulated
 * virsh host by {@link VirshDriverContractSimTest}.
 */
class VirshDriverTest {
    private static final String EVIL = "-vd q'\"$(cd ..;cd ..;cd ..;cd tmp;touch vd-canary) ; `cd ..;cd tmp;touch vd-canary2` x";
    private static final String SEP = VirshParsers.SEPARATOR + "\n";

    private static String dominfo(String state, String managedSave) {
        return Reference.stdout("dominfo-running").replace("State:          running", "State:          " + state)
                .replace("Managed save:   no", "Managed save:   " + managedSave);
    }

    private static ScriptedSsh ssh() {
        return new ScriptedSsh();
    }

    private static VirshDriver driver(ScriptedSsh ssh) {
        return new VirshDriver("h", ssh, "qemu:///system", false);
    }

    @Test
    void listIsOneExecAndJoinsTheFourSections() {
        String stats = Reference.stdout("domstats-multi-vcpu-balloon")
                + Reference.stdout("domstats-shutoff").replace("'tiny1'", "'off vm'");
        String out = "8f8fe1cb-0be8-41f0-8359-b42fe86416dc tiny1\n4d42270e-65c7-4371-8e17-677a1454165c tinykvm\n"
                + "0320f3a8-970c-4974-90ce-6d1b3cefb2ba off vm\n\n" + SEP
                + "tinykvm\n\n" + SEP + "off vm\n\n" + SEP + stats;
        ScriptedSsh ssh = ssh().on(List.of("virsh", "-c", "qemu:///system"), Answer.ok(out));
        List<VmInfo> vms = driver(ssh).list();
        assertEquals(1, ssh.commands.size(), "one SSH exec per list");
        assertEquals(4, ssh.commands.get(0).argv().size(), "virsh -c URI 'cmd; echo ...; cmd' as one word");
        assertEquals(List.of("tiny1", "tinykvm", "off vm"), vms.stream().map(VmInfo::name).toList());
        VmInfo tiny1 = vms.get(0);
        assertEquals("8f8fe1cb-0be8-41f0-8359-b42fe86416dc", tiny1.uuid());
        assertEquals(VmState.RUNNING, tiny1.state());
        assertEquals(Boolean.TRUE, tiny1.persistent());
        assertEquals(Boolean.FALSE, vms.get(1).persistent());
        VmInfo off = vms.get(2);
        assertEquals(VmState.SUSPENDED, off.state(), "shut off with a managed-save image");
        assertEquals(192L, off.memoryMiB());
        assertEquals("h", off.host());
    }

    @Test
    void listFailsOnAnErrorLineEvenWithExitZero() {
        ScriptedSsh ssh = ssh().on(List.of("virsh"), new Answer(0, SEP + SEP + SEP, "error: failed to connect"));
        assertThrows(CommandFailedException.class, () -> driver(ssh).list());
    }

    @Test
    void namesAreAlwaysOneArgvWordAfterDomain() {
        ScriptedSsh ssh = ssh().on(List.of("start"), Answer.ok("Domain started\n"));
        OpResult r = driver(ssh).start(EVIL);
        assertEquals("started", r.message());
        assertEquals(List.of("virsh", "-c", "qemu:///system", "start", "--domain", EVIL), ssh.argvs().get(0));
        assertTrue(r.command().startsWith("LC_ALL=C virsh -c qemu:///system start --domain '-vd q'\\''"), r.command());
    }

    /**
     * Two starts at once (issue 10): the second one's probe can catch the VM while libvirt has
     * QEMU paused during start-up. That is a start under way, not a pause to resume.
     */
    @Test
    void startLosingARaceToAnotherStartSaysStartingUpNotPaused() {
        ScriptedSsh ssh = ssh()
                .on(List.of("start"), Answer.fail(Reference.stderr("error-start-already-running")))
                .on(List.of("dominfo"), Answer.ok(dominfo("paused", "no")))
                .on(List.of("domstate", "--reason"), Answer.ok("paused (starting up)\n"));
        assertEquals("already running (starting up)", driver(ssh).start("tiny1").message());
        ScriptedSsh user = ssh()
                .on(List.of("start"), Answer.fail(Reference.stderr("error-start-already-running")))
                .on(List.of("dominfo"), Answer.ok(dominfo("paused", "no")))
                .on(List.of("domstate", "--reason"), Answer.ok("paused (user)\n"));
        assertEquals("already running (paused)", driver(user).start("tiny1").message());
    }

    @Test
    void pauseLooksFirstBecauseSuspendOfAPausedVmExitsZero() {
        ScriptedSsh ssh = ssh().on(List.of("dominfo"), Answer.ok(dominfo("paused", "no")));
        assertEquals("already paused", driver(ssh).pause("tiny1").message());
        assertFalse(ssh.argvs().stream().anyMatch(a -> a.contains("suspend")));
    }

    @Test
    void shutdownEscalatesAtTheDeadlineWithForce() {
        ScriptedSsh s2 = ssh().on(List.of("shutdown"), Answer.ok("Domain 'tiny1' is being shutdown\n"))
                .on(List.of("dominfo"), Answer.ok(dominfo("running", "no")))
                .on(List.of("destroy"), Answer.ok("Domain 'tiny1' destroyed\n"));
        OpResult r = driver(s2).shutdown("tiny1", new ShutdownRequest(Duration.ofMillis(600), true, true));
        assertEquals("forced after 0.6 s", r.message());
        assertTrue(r.command().contains(" shutdown --domain tiny1 && ") && r.command().endsWith("destroy --domain tiny1"));
        long polls = s2.argvs().stream().filter(a -> a.contains("dominfo")).count();
        assertTrue(polls >= 2, "polled " + polls + " times");
    }

    @Test
    void shutdownThatSucceedsIsGracefulAndNoWaitReturnsAtOnce() {
        int[] calls = {0};
        ScriptedSsh ssh = ssh().on(List.of("shutdown"), Answer.ok("ok\n"))
                .on(a -> a.contains("dominfo"), a -> Answer.ok(dominfo(++calls[0] < 3 ? "in shutdown" : "shut off", "no")))
                .on(List.of("domstate", "--reason"), Answer.ok("shut off (shutdown)\n"));
        OpResult r = driver(ssh).shutdown("tiny1", new ShutdownRequest(Duration.ofSeconds(10), true, true));
        assertTrue(r.message().startsWith("shut down after "), r.message());
        // another client destroyed it while we waited: not our shutdown, and said so
        calls[0] = 0;
        ScriptedSsh elsewhere = ssh().on(List.of("shutdown"), Answer.ok("ok\n"))
                .on(a -> a.contains("dominfo"), a -> Answer.ok(dominfo(++calls[0] < 3 ? "running" : "shut off", "no")))
                .on(List.of("domstate", "--reason"), Answer.ok(Reference.stdout("domstate-reason-destroyed")));
        OpResult d = driver(elsewhere).shutdown("tiny1", new ShutdownRequest(Duration.ofSeconds(10), false, true));
        assertTrue(d.message().startsWith("shut off meanwhile by a power-off from elsewhere, after "), d.message());
        assertEquals(0, elsewhere.argvs().stream().filter(a -> a.contains("destroy")).count(), "nothing forced");
        assertEquals("shutdown requested", driver(ssh().on(List.of("shutdown"), Answer.ok("")))
                .shutdown("x", new ShutdownRequest(Duration.ofSeconds(10), false, false)).message());
        ScriptedSsh off = ssh().on(List.of("shutdown"), Answer.fail(Reference.stderr("error-shutdown-notrunning")))
                .on(List.of("dominfo"), Answer.ok(dominfo("shut off", "no")));
        assertEquals("already shut off", driver(off).shutdown("x", new ShutdownRequest(null, false, true)).message());
    }

    @Test
    void memoryBeyondTheLiveMaximumIsRefusedBeforeSending() {
        ScriptedSsh ssh = ssh().on(List.of("domstats"), Answer.ok(Reference.stdout("domstats-running-raw")));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).setMemory("tiny1", 512, Scope.current(), false));
        assertEquals("memory 512 MiB exceeds the maximum 256 MiB; use --max to raise the maximum (next boot)",
                e.detail());
        assertFalse(ssh.argvs().stream().anyMatch(a -> a.contains("setmem")));
    }

    @Test
    void virshsOwnOverMaximumErrorIsStillClear() {
        ScriptedSsh ssh = ssh().on(List.of("domstats"), Answer.ok(Reference.stdout("domstats-running-raw")))
                .on(List.of("setmem"), Answer.fail(Reference.stderr("test-driver-error-setmem-over-max")))
                .on(List.of("setvcpus"), Answer.fail(Reference.stderr("test-driver-error-setvcpus-over-max")));
        // config scope on a running VM: its next-boot maximum is libvirt's to check
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).setMemory("tiny1", 512, EnumSet.of(Scope.CONFIG), false));
        assertTrue(e.detail().startsWith("memory 512 MiB exceeds the maximum; use --max"), e.detail());
        InvalidRequestException v = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).setVcpus("tiny1", 2, EnumSet.of(Scope.CONFIG), false));
        assertTrue(v.detail().contains("exceeds maximum supported amount"), v.detail());
    }

    @Test
    void vcpusBeyondTheMaximumAreRefusedAndScopesBecomeFlags() {
        ScriptedSsh ssh = ssh().on(List.of("domstats"), Answer.ok(Reference.stdout("domstats-running-raw")))
                .on(List.of("setvcpus"), Answer.ok(""))
                .on(List.of("setmem"), Answer.ok(""))
                .on(List.of("setmaxmem"), Answer.ok(""));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).setVcpus("tiny1", 3, EnumSet.of(Scope.LIVE), false));
        assertEquals("3 vCPUs exceed the maximum 2; use --max to raise the maximum (next boot)", e.detail());
        driver(ssh).setVcpus("tiny1", 2, EnumSet.of(Scope.LIVE, Scope.CONFIG), false);
        assertEquals(List.of("virsh", "-c", "qemu:///system", "setvcpus", "--domain", "tiny1", "--count", "2",
                "--live", "--config"), ssh.argvs().get(ssh.argvs().size() - 1));
        driver(ssh).setMemory("tiny1", 200, Scope.current(), false);
        assertEquals(List.of("virsh", "-c", "qemu:///system", "setmem", "--domain", "tiny1", "--size", "204800",
                "--current"), ssh.argvs().get(ssh.argvs().size() - 1));
        driver(ssh).setMemory("tiny1", 512, Scope.current(), true);
        assertEquals(List.of("virsh", "-c", "qemu:///system", "setmaxmem", "--domain", "tiny1", "--size", "524288",
                "--config"), ssh.argvs().get(ssh.argvs().size() - 1));
    }

    private static final String DOMAIN_XML = "<domain><devices>"
            + "<disk type='file' device='disk'><source file='/srv/vms/a.qcow2'/><target dev='vda' bus='virtio'/></disk>"
            + "</devices></domain>";

    @Test
    void attachDiskCreatesNextToTheFirstDiskAndRemovesItWhenAttachFails() {
        ScriptedSsh ssh = ssh().on(List.of("dominfo"), Answer.ok(dominfo("running", "no")))
                .on(List.of("dumpxml"), Answer.ok(DOMAIN_XML))
                .on(List.of("test", "-e"), new Answer(1, "", ""))
                .on(List.of("qemu-img", "create"), Answer.ok(""))
                .on(List.of("attach-disk"), Answer.fail("error: Failed to attach disk\nerror: internal error: boom"))
                .on(List.of("rm", "-f", "--"), Answer.ok(""));
        assertThrows(CommandFailedException.class,
                () -> driver(ssh).attachDisk(EVIL, 16, EnumSet.of(Scope.LIVE)));
        List<String> attach = ssh.argvs().stream().filter(a -> a.contains("attach-disk")).findFirst().orElseThrow();
        String path = attach.get(attach.indexOf("--source") + 1);
        assertTrue(path.startsWith("/srv/vms/") && path.matches(".*-vdb-[0-9a-f]{8}\\.qcow2"), path);
        assertEquals("vdb", attach.get(attach.indexOf("--target") + 1));
        assertEquals(EVIL, attach.get(attach.indexOf("--domain") + 1));
        assertTrue(attach.containsAll(List.of("--subdriver", "qcow2", "--targetbus", "virtio", "--live")));
        assertEquals(List.of("rm", "-f", "--", path), ssh.argvs().get(ssh.argvs().size() - 1), "rolled back");
    }

    private static final CreateSpec SPEC = new CreateSpec(EVIL, 1, 2, 64, 128, 16L, "/k", "/i", null, null);

    @Test
    void createFeedsTheXmlOnStdinAndRollsBackWhenStartFails() {
        ScriptedSsh ssh = ssh()
                .on(List.of("domuuid"), Answer.fail(Reference.stderr("error-unknown-domain-dominfo")))
                .on(List.of("capabilities"), Answer.ok(
                        "<capabilities><host><cpu><arch>x86_64</arch></cpu></host></capabilities>"))
                .on(List.of("test", "-e"), new Answer(1, "", ""))
                .on(List.of("net-info"), Answer.ok("Name:           default\nActive:         yes\n"))
                .on(List.of("qemu-img"), Answer.ok(""))
                .on(List.of("define", "--file", "/dev/stdin"), Answer.ok("Domain defined\n"))
                .on(List.of("start"), Answer.fail("error: Failed to start domain\nerror: internal error: qemu died"))
                .on(List.of("destroy"), Answer.fail(Reference.stderr("error-destroy-notrunning")))
                .on(List.of("undefine"), Answer.ok(""))
                .on(List.of("rm"), Answer.ok(""));
        assertThrows(CommandFailedException.class, () -> driver(ssh).create(SPEC, true));
        assertEquals(1, ssh.stdins.size());
        assertTrue(ssh.stdins.get(0).contains("<domain type=\"qemu\">"), ssh.stdins.get(0));
        assertTrue(ssh.stdins.get(0).contains("<source network=\"default\"/>"), "the default NIC");
        List<List<String>> a = ssh.argvs();
        assertTrue(a.stream().anyMatch(c -> c.contains("undefine") && c.contains(EVIL)), "undefined again");
        assertTrue(a.get(a.size() - 1).get(0).equals("rm"), "disk removed last");
    }

    @Test
    void createRefusesAnExistingNameBeforeTouchingAnything() {
        ScriptedSsh ssh = ssh().on(List.of("domuuid"), Answer.ok("8f8fe1cb-0be8-41f0-8359-b42fe86416dc\n"));
        assertThrows(InvalidRequestException.class, () -> driver(ssh).create(SPEC, false));
        assertEquals(1, ssh.commands.size());
        assertThrows(InvalidRequestException.class, () -> driver(ssh).create(
                new CreateSpec("x", 3, 2, 64, 64, null, "/k", "/i", null, null), false));
    }

    @Test
    void deleteRefusesARunningVmWithoutForceAndRemovesOnlyFileDisks() {
        ScriptedSsh running = ssh().on(List.of("dominfo"), Answer.ok(dominfo("running", "no")));
        assertThrows(InvalidRequestException.class, () -> driver(running).delete("tiny1", true, false));
        assertEquals(1, running.commands.size());

        ScriptedSsh ssh = ssh().on(List.of("dominfo"), Answer.ok(dominfo("running", "no")))
                .on(List.of("dumpxml"), Answer.ok(DOMAIN_XML))
                .on(List.of("destroy"), Answer.ok(""))
                .on(List.of("undefine"), Answer.ok(""))
                .on(List.of("rm"), Answer.ok(""));
        OpResult r = driver(ssh).delete("tiny1", true, true);
        List<List<String>> a = ssh.argvs();
        assertEquals(List.of("rm", "-f", "--", "/srv/vms/a.qcow2"), a.get(a.size() - 1));
        assertTrue(a.get(a.size() - 2).containsAll(List.of("undefine", "--managed-save", "--nvram")));
        assertTrue(r.message().contains("1 disk"));
    }

    @Test
    void capabilitiesAreAllSupportedAndResizesLiveAndConfig() {
        VirshDriver d = driver(ssh());
        assertEquals("libvirt", d.kind());
        assertEquals("h", d.host());
        for (Operation op : Operation.values()) assertTrue(d.capabilities().of(op).supported(), op.name());
        for (Operation op : List.of(Operation.SET_MEMORY, Operation.SET_VCPUS, Operation.ATTACH_DISK)) {
            assertTrue(d.capabilities().of(op).live() && d.capabilities().of(op).config(), op.name());
        }
    }

    @Test
    void hostInfoParsesOneVirshInvocationAndTheHostFacts() {
        String virsh = Reference.stdout("nodeinfo") + SEP + Reference.stdout("version") + SEP
                + Reference.stdout("maxvcpus") + SEP + Reference.stdout("list-name");
        String facts = "hostname=kvm1\ncpus=2\nvmx=0\nsvm=0\ndevkvm=1\ndevkvm_writable=1\nmodule=kvm\n"
                + "module=kvm_intel\ntool=virsh\nMemTotal:        5203744 kB\nMemAvailable:    4000000 kB\n";
        ScriptedSsh ssh = ssh().on(List.of("virsh"), Answer.ok(virsh)).on(List.of("sh", "-c"), Answer.ok(facts));
        var info = driver(ssh).hostInfo();
        assertEquals("virsh", info.transport());
        assertEquals("libvirt", info.driver());
        assertEquals("9.0.0", info.libvirtVersion());
        assertEquals("QEMU", info.hypervisor());
        assertEquals("7.2.22", info.hypervisorVersion());
        assertEquals(2, info.cpus());
        assertEquals(5081L, info.memoryTotalMiB());
        assertEquals(255, info.maxVcpus());
        assertEquals(2, info.guests());
        assertEquals("kvm1", info.hostname());
        assertTrue(info.devKvm());
        assertFalse(info.vmx());
        assertEquals(List.of("kvm", "kvm_intel"), info.kvmModules());
        assertNull(info.extra().get("nothing"));
    }
}
