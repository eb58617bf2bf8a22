package dev.virtdeck.vbox;

import dev.virtdeck.testlab.SimSshHost;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.fleet.DefaultDriverOpener;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.ssh.ShellQuote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VirtualBox driver against simulated hosts of each format version (5.2, 6.1, 7.0) over real
 * SSH (MINA SSHD in the sim, sshj in our pool). The simulator replays recorded VBoxManage
 * behaviour and refuses unquoted shell syntax, so a quoting bug fails loudly here. What every
 * driver must do is {@link VBoxDriverContractSimTest}'s; here is what is VirtualBox's own.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxDriverSimTest {
    static final String HOSTILE = "it's \"q\" $(id); `tick` x";
    static final String SATA = "SATA";

    @TempDir
    Path dir;
    SimSshHost sim;
    VBoxDriver driver;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    /** A host with VMs in every state the version knows, each with a purpose. */
    VBoxDriver host(VBoxVersion v) throws Exception {
        SimHost h = SimHost.vbox("vbox-" + v.name().toLowerCase(), v);
        h.acpiShutdownDelay(Duration.ofMillis(200));
        h.addVm("web 1").memory(1024).vcpus(2).uartServer("/tmp/vd-web1.sock").state(VmPowerState.RUNNING);
        h.addVm("deaf").memory(512).acpiHonoured(false).state(VmPowerState.RUNNING);
        h.addVm("off").memory(2048).vcpus(2).addController(sata());
        h.addVm("hot").memory(2048).vcpus(1, 4).cpuHotplug(true).addController(sata()).state(VmPowerState.RUNNING);
        h.addVm("ide only").addController(new SimVm.Controller("IDE", "ide", "PIIX4", 2, 2, 2, true))
                .state(VmPowerState.RUNNING);
        h.addVm("bare");
        h.addVm("saved vm").state(VmPowerState.SAVED);
        h.addVm("paused vm").state(VmPowerState.PAUSED);
        h.addVm("crashed").state(VmPowerState.ABORTED);
        h.addVm(HOSTILE).state(VmPowerState.RUNNING);
        sim = SimSshHost.start(h, dir);
        driver = new VBoxDriver(sim.host().hostname(), sim.ssh());
        return driver;
    }

    static SimVm.Controller sata() {
        return new SimVm.Controller(SATA, "sata", "IntelAhci", 4, 30, 1, true);
    }

    SimVm vm(String name) {
        return sim.host().vm(name);
    }

    boolean logged(String... argv) {
        String line = "LC_ALL=C " + ShellQuote.join(List.of(argv));
        return sim.host().commandLog().contains(line);
    }

    // ---- list, details, version --------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void listMapsEveryStateAndReadsTheVersionOnce(VBoxVersion v) throws Exception {
        host(v);
        Map<String, VmInfo> vms = driver.list().stream().collect(Collectors.toMap(VmInfo::name, Function.identity()));
        assertEquals(10, vms.size(), vms.keySet().toString());
        assertEquals(VmState.RUNNING, vms.get("web 1").state());
        assertEquals("running", vms.get("web 1").nativeState());
        assertEquals(VmState.SHUTOFF, vms.get("off").state());
        assertEquals("poweroff", vms.get("off").nativeState());
        assertEquals(VmState.SUSPENDED, vms.get("saved vm").state());
        assertEquals(VmState.PAUSED, vms.get("paused vm").state());
        assertEquals(VmState.CRASHED, vms.get("crashed").state());
        assertEquals("aborted", vms.get("crashed").nativeState());
        assertEquals(VmState.RUNNING, vms.get(HOSTILE).state(), "the odd name survives list vms and showvminfo");
        VmInfo off = vms.get("off");
        assertEquals(2048L, off.memoryMiB());
        assertEquals(2048L, off.maxMemoryMiB());
        assertEquals(2, off.vcpus());
        assertEquals(vm("off").uuid(), off.uuid());
        assertEquals("vbox", off.driver());
        VmInfo hot = vms.get("hot");
        assertEquals(4, hot.maxVcpus());
        assertNull(hot.vcpus(), "VBoxManage does not print how many hot-plugged CPUs are in");
        assertEquals(v.versionString(), driver.version().raw());
        driver.details("off");
        long versionCalls = sim.host().commandLog().stream().filter(l -> l.endsWith("VBoxManage --version")).count();
        assertEquals(1, versionCalls, "the version is asked once per driver");
        assertTrue(sim.host().commandLog().stream().noneMatch(l -> l.contains("showvminfo") && !l.contains("--machinereadable")));
    }

    /**
     * Issue 14: one round trip per host per refresh. Once the version, the host's CPU count and
     * VirtualBox's collection are settled, a list is the list script alone, its metrics included.
     */
    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void listIsOneExecInSteadyState(VBoxVersion v) throws Exception {
        host(v);
        driver.list(); // the version, and metrics setup for the running VMs
        Thread.sleep(1100); // the sim's first samples arrive one period (1 s) after the setup
        driver.list(); // the host's CPU count, read once
        String script = "LC_ALL=C " + ShellQuote.join(List.of("sh", "-c", VBoxListScript.SCRIPT));
        for (int i = 0; i < 3; i++) {
            int before = sim.host().commandLog().size();
            Map<String, VmInfo> vms = driver.list().stream().collect(Collectors.toMap(VmInfo::name, Function.identity()));
            List<String> sent = sim.host().commandLog().subList(before, sim.host().commandLog().size());
            assertEquals(List.of(script), sent, "one exec per list");
            assertEquals(10, vms.size(), vms.keySet().toString());
            assertNotNull(vms.get("web 1").usage(), "the script's metrics query, attached");
            assertEquals(VmState.PAUSED, vms.get("paused vm").state());
        }
    }

    @Test
    void sevenZeroKnowsAbortedSaved() throws Exception {
        host(VBoxVersion.V7_0);
        sim.host().addVm("abs").state(VmPowerState.ABORTED_SAVED);
        VmInfo abs = driver.details("abs");
        assertEquals(VmState.CRASHED, abs.state());
        assertEquals("aborted-saved", abs.nativeState());
    }

    @Test
    void sevenZeroZeroStrayEncryptionLineIsIgnored() throws Exception {
        host(VBoxVersion.V7_0_0);
        VmInfo web = driver.details("web 1");
        assertEquals(VmState.RUNNING, web.state());
        assertEquals(1024L, web.maxMemoryMiB());
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void unknownVmIsVmNotFoundWithTheFullResult(VBoxVersion v) throws Exception {
        host(v);
        VmNotFoundException e = assertThrows(VmNotFoundException.class, () -> driver.start("nope"));
        assertTrue(e.command().contains("startvm nope"), e.command());
        CommandFailedException full = assertInstanceOf(CommandFailedException.class, e.getCause());
        assertEquals(1, full.exitCode());
        assertTrue(full.stderr().contains("Could not find a registered machine named 'nope'"), full.stderr());
        assertThrows(VmNotFoundException.class, () -> driver.details("nope"));
        assertThrows(VmNotFoundException.class, () -> driver.poweroff("nope"));
        assertThrows(VmNotFoundException.class, () -> driver.pause("nope"));
        assertThrows(VmNotFoundException.class, () -> driver.delete("nope", true, true));
    }

    // ---- lifecycle ---------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void startTwiceMeetsTheSessionLockAndSaysAlreadyRunning(VBoxVersion v) throws Exception {
        host(v);
        OpResult r = driver.start("off");
        assertEquals("started", r.message());
        assertEquals("LC_ALL=C VBoxManage startvm off --type headless", r.command());
        assertEquals(VmPowerState.RUNNING, vm("off").state());
        assertEquals("already running", driver.start("off").message());
        assertEquals("already running (paused)", driver.start("paused vm").message());
    }

    /** The outcomes are DriverContract's; here VBoxManage's own command lines and state words. */
    @Test
    void lifecycleRunsControlvmAndSaysWhichOffStateAVmIsIn() throws Exception {
        host(VBoxVersion.V6_1);
        assertEquals("LC_ALL=C VBoxManage controlvm 'web 1' pause", driver.pause("web 1").command());
        assertEquals("LC_ALL=C VBoxManage controlvm 'web 1' resume", driver.resume("web 1").command());
        assertEquals("LC_ALL=C VBoxManage controlvm 'web 1' reset", driver.reset("web 1").command());
        assertEquals("saved", driver.save("web 1").message(), "savestate's progress on stderr is not an error");
        assertEquals("already off (saved)", driver.poweroff("web 1").message());
        assertEquals("LC_ALL=C VBoxManage controlvm hot acpipowerbutton",
                driver.shutdown("hot", new ShutdownRequest(Duration.ofSeconds(10), false, true)).command());
        OpResult forced = driver.shutdown("deaf", new ShutdownRequest(Duration.ofSeconds(1), true, true));
        assertEquals("forced after 1 s", forced.message());
        assertEquals("LC_ALL=C VBoxManage controlvm deaf acpipowerbutton && LC_ALL=C VBoxManage controlvm deaf poweroff",
                forced.command());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> driver.reset("off"));
        assertTrue(e.getMessage().contains("is not currently running"), e.getMessage());
    }

    @Test
    void aLockHeldByAnotherSessionOnAnOffVmIsAnInvalidRequest() throws Exception {
        host(VBoxVersion.V6_1);
        sim.host().failCommand("startvm", 1, "VBoxManage: error: The machine 'off' is already locked by a session"
                + " (or being locked or unlocked)\nVBoxManage: error: Details: code VBOX_E_INVALID_OBJECT_STATE"
                + " (0x80bb0007), component MachineWrap, interface IMachine, callee nsISupports\n");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> driver.start("off"));
        assertTrue(e.getMessage().contains("already locked by a session"), e.getMessage());
        assertEquals(VmPowerState.POWEROFF, vm("off").state());
    }

    @Test
    void anErrorBlockWithExitZeroIsAFailure() throws Exception {
        host(VBoxVersion.V6_1);
        sim.host().failCommand("controlvm pause", 0, "VBoxManage: error: Something went wrong\n");
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> driver.pause("web 1"));
        assertEquals(0, e.exitCode());
        assertTrue(e.getMessage().contains("Something went wrong"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void aHostileNameTravelsAsOneQuotedWord(VBoxVersion v) throws Exception {
        host(v);
        assertEquals("paused", driver.pause(HOSTILE).message());
        assertEquals("resumed", driver.resume(HOSTILE).message());
        assertEquals("powered off", driver.poweroff(HOSTILE).message());
        assertEquals(VmPowerState.POWEROFF, vm(HOSTILE).state());
        assertTrue(logged("VBoxManage", "controlvm", HOSTILE, "poweroff"), sim.host().commandLog().toString());
        assertTrue(sim.host().commandLog().contains(
                "LC_ALL=C VBoxManage controlvm 'it'\\''s \"q\" $(id); `tick` x' poweroff"),
                sim.host().commandLog().toString());
        assertEquals("memory set to 1024 MiB (config)", driver.setMemory(HOSTILE, 1024, Scope.current(), false).message());
        assertEquals("started", driver.start(HOSTILE).message());
        assertEquals(VmState.RUNNING, driver.details(HOSTILE).state());
        assertEquals("unregistered (files kept)", driver.delete(HOSTILE, false, true).message());
        assertTrue(sim.host().findVm(HOSTILE).isEmpty());
        assertTrue(sim.host().commandLog().stream().noneMatch(l -> l.contains("sim: shell syntax")));
    }

    // ---- memory and vCPUs --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void memoryConfigWhenOffBalloonWhenRunning(VBoxVersion v) throws Exception {
        host(v);
        OpResult cfg = driver.setMemory("off", 4096, Scope.current(), false);
        assertEquals("memory set to 4096 MiB (config)", cfg.message());
        assertTrue(cfg.command().contains("VBoxManage modifyvm off --memory 4096"), cfg.command());
        assertEquals(4096, vm("off").memoryMaxMb());

        OpResult live = driver.setMemory("web 1", 768, Scope.current(), false);
        assertEquals("memory set to 768 MiB (live) (balloon 256 MiB)", live.message());
        assertTrue(live.command().endsWith("VBoxManage controlvm 'web 1' guestmemoryballoon 256"), live.command());
        assertEquals(768, vm("web 1").memoryCurMb());
        assertEquals(768L, driver.details("web 1").memoryMiB());
        assertEquals(1024L, driver.details("web 1").maxMemoryMiB());

        InvalidRequestException over = assertThrows(InvalidRequestException.class,
                () -> driver.setMemory("web 1", 2048, Scope.current(), false));
        assertTrue(over.getMessage().contains("exceeds the configured 1024 MiB"), over.getMessage());
        // modifyvm on a running VM: VirtualBox's write-lock error, as an invalid request
        InvalidRequestException locked = assertThrows(InvalidRequestException.class,
                () -> driver.setMemory("web 1", 512, Scope.of(false, true), false));
        assertTrue(locked.getMessage().contains("is already locked for a session"), locked.getMessage());
        assertInstanceOf(CommandFailedException.class, locked.getCause());
        assertThrows(InvalidRequestException.class, () -> driver.setMemory("web 1", 2048, Scope.current(), true));
        assertThrows(InvalidRequestException.class, () -> driver.setMemory("off", 1024, Scope.of(true, false), false),
                "live on a powered-off VM");
        assertEquals("maximum memory set to 3072 MiB (config)", driver.setMemory("off", 3072, Scope.current(), true).message());
        assertEquals(3072, vm("off").memoryMaxMb());
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void vcpusConfigWhenOffHotplugWhenRunning(VBoxVersion v) throws Exception {
        host(v);
        assertEquals("vCPUs set to 4 (config)", driver.setVcpus("off", 4, Scope.current(), false).message());
        assertEquals(4, vm("off").vcpusMax());

        OpResult up = driver.setVcpus("hot", 3, Scope.current(), false);
        assertEquals("vCPUs set to 3 (live)", up.message());
        assertTrue(up.command().contains("VBoxManage controlvm hot plugcpu 2"), up.command());
        assertEquals(3, vm("hot").vcpusCur());
        assertEquals(4, vm("hot").vcpusMax());
        driver.setVcpus("hot", 1, Scope.current(), false);
        assertEquals(1, vm("hot").vcpusCur());
        driver.setVcpus("hot", 4, Scope.of(true, false), false);
        assertEquals(4, vm("hot").vcpusCur());
        InvalidRequestException over = assertThrows(InvalidRequestException.class,
                () -> driver.setVcpus("hot", 5, Scope.current(), false));
        assertTrue(over.getMessage().contains("exceed the VM's 4"), over.getMessage());

        NotSupportedException noHotplug = assertThrows(NotSupportedException.class,
                () -> driver.setVcpus("web 1", 1, Scope.current(), false));
        assertEquals(Operation.SET_VCPUS.cliName(), noHotplug.operation());
        assertTrue(noHotplug.getMessage().contains("--cpuhotplug on"), noHotplug.getMessage());
        assertEquals(2, vm("web 1").vcpusCur());
        assertTrue(driver.setVcpus("web 1", 2, Scope.current(), false).message().startsWith("already 2 vCPUs"));
        InvalidRequestException locked = assertThrows(InvalidRequestException.class,
                () -> driver.setVcpus("web 1", 1, Scope.of(false, true), false));
        assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
        assertEquals("maximum vCPUs set to 8 (config)", driver.setVcpus("off", 8, Scope.current(), true).message());
    }

    // ---- disks -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void attachDiskToOffAndRunningVms(VBoxVersion v) throws Exception {
        host(v);
        OpResult off = driver.attachDisk("off", 64, Scope.current());
        assertTrue(off.message().startsWith("attached 64 MiB disk /root/VirtualBox VMs/off/off-disk-"), off.message());
        assertTrue(off.message().endsWith(" on SATA port 0 (config)"), off.message());
        SimVm.Attachment a = vm("off").attachments().get(0);
        assertEquals(SATA, a.controller());
        assertEquals(0, a.port());
        assertEquals(64, sim.host().media().stream().filter(m -> m.path().equals(a.medium())).findFirst()
                .orElseThrow().sizeMb());
        driver.attachDisk("off", 32, Scope.current());
        assertEquals(1, vm("off").attachments().get(1).port(), "the next free port");

        OpResult live = driver.attachDisk("hot", 16, Scope.current());
        assertTrue(live.message().endsWith("(live, kept in the config)"), live.message());
        assertTrue(live.command().contains("--hotpluggable on"), live.command());
        assertEquals(1, vm("hot").attachments().size());

        OpResult bare = driver.attachDisk("bare", 8, Scope.current());
        assertTrue(bare.command().contains("VBoxManage storagectl bare --name SATA --add sata"), bare.command());
        assertEquals(SATA, vm("bare").controllers().get(0).name());

        NotSupportedException ide = assertThrows(NotSupportedException.class,
                () -> driver.attachDisk("ide only", 8, Scope.current()));
        assertTrue(ide.getMessage().contains("SATA"), ide.getMessage());
        assertThrows(InvalidRequestException.class, () -> driver.attachDisk("hot", 8, Scope.of(false, true)));
        assertThrows(InvalidRequestException.class, () -> driver.attachDisk("off", 8, Scope.of(true, false)));
    }

    // ---- create and delete -------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void createStartsAVmWithDiskUartAndLiveLimits(VBoxVersion v) throws Exception {
        host(v);
        OpResult r = driver.create(new CreateSpec("new vm", 1, 2, 256, 512, 64L, null, null, null, null), true);
        assertTrue(r.message().startsWith("created and started (VirtualBox "), r.message());
        assertTrue(r.command().contains("VBoxManage createvm --name 'new vm' --register"), r.command());
        SimVm vm = vm("new vm");
        assertEquals(VmPowerState.RUNNING, vm.state());
        assertEquals(512, vm.memoryMaxMb());
        assertEquals(256, vm.memoryCurMb(), "current memory via the balloon");
        assertEquals(2, vm.vcpusMax());
        assertEquals(1, vm.vcpusCur());
        assertTrue(vm.cpuHotplug());
        assertEquals("/tmp/virtdeck-" + vm.uuid() + ".sock", vm.uartServerPath(),
                "the VM folder has a space, which socat's address syntax may not take");
        assertEquals(1, vm.attachments().size());
        VmInfo info = driver.details("new vm");
        assertEquals(256L, info.memoryMiB());
        assertEquals(512L, info.maxMemoryMiB());

        try (ConsoleStream c = driver.console("new vm", false)) {
            assertTrue(talk(c, "hostname").contains("# "));
        }

        NotSupportedException kernel = assertThrows(NotSupportedException.class, () -> driver.create(
                new CreateSpec("k", 1, 1, 64, 64, null, "/boot/vmlinuz", "/boot/initrd", "console=ttyS0", null), false));
        assertTrue(kernel.getMessage().contains("kernel"), kernel.getMessage());
        assertTrue(sim.host().findVm("k").isEmpty());
        assertThrows(InvalidRequestException.class, () -> driver.create(
                new CreateSpec("off", 1, 1, 64, 64, null, null, null, null, null), false));
    }

    @Test
    void aFailedCreateIsRolledBack() throws Exception {
        host(VBoxVersion.V7_0);
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> driver.create(
                new CreateSpec("iso vm", 1, 1, 128, 128, null, null, null, null, "/nonexistent/boot.iso"), false));
        assertTrue(e.getMessage().contains("/nonexistent/boot.iso"), e.getMessage());
        assertTrue(sim.host().findVm("iso vm").isEmpty(), "unregistered again");
        assertTrue(sim.host().commandLog().stream().anyMatch(l -> l.contains("unregistervm") && l.contains("--delete")));
    }

    @Test
    void createWithoutStartKeepsTheMaximaAndSaysSo() throws Exception {
        host(VBoxVersion.V5_2);
        OpResult r = driver.create(new CreateSpec("quiet", 2, 2, 128, 256, null, null, null, null, null), false);
        assertTrue(r.message().contains("lower values apply live after start"), r.message());
        assertEquals(VmPowerState.POWEROFF, vm("quiet").state());
        assertEquals(256, vm("quiet").memoryMaxMb());
        assertFalse(vm("quiet").cpuHotplug());
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void deleteRefusesARunningVmUnlessForced(VBoxVersion v) throws Exception {
        host(v);
        driver.attachDisk("hot", 16, Scope.current());
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> driver.delete("hot", true, false));
        assertTrue(e.getMessage().contains("stop it first or use --force"), e.getMessage());
        assertTrue(sim.host().findVm("hot").isPresent());
        OpResult r = driver.delete("hot", true, true);
        assertTrue(r.message().startsWith("deleted with its files and disk image(s): /root/VirtualBox VMs/hot/"),
                r.message());
        assertTrue(r.command().contains("VBoxManage controlvm hot poweroff && LC_ALL=C VBoxManage unregistervm hot --delete"),
                r.command());
        assertTrue(sim.host().findVm("hot").isEmpty());
        assertTrue(sim.host().media().isEmpty(), "--delete removed the disk image");
        assertEquals("unregistered (files kept)", driver.delete("off", false, false).message());
    }

    // ---- console -------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void consoleThroughSocatThenNcThenNeither(VBoxVersion v) throws Exception {
        host(v);
        try (ConsoleStream c = driver.console("web 1", false)) {
            assertEquals("LC_ALL=C socat -,raw,echo=0 UNIX-CONNECT:/tmp/vd-web1.sock", c.command());
            String out = talk(c, "echo hello there");
            assertTrue(out.contains("hello there\r\n# "), out);
            assertTrue(talk(c, "nproc").contains("2\r\n"));
        }
        sim.host().removeTool("socat");
        try (ConsoleStream c = driver.console("web 1", false)) {
            assertEquals("LC_ALL=C nc -U /tmp/vd-web1.sock", c.command());
            assertTrue(talk(c, "uname").contains("Linux"));
        }
        sim.host().removeTool("nc");
        NotSupportedException none = assertThrows(NotSupportedException.class, () -> driver.console("web 1", false));
        assertEquals(Operation.CONSOLE.cliName(), none.operation());
        assertTrue(none.getMessage().contains("neither socat nor nc"), none.getMessage());
    }

    @Test
    void consoleErrors() throws Exception {
        host(VBoxVersion.V6_1);
        InvalidRequestException noUart = assertThrows(InvalidRequestException.class, () -> driver.console("hot", false));
        assertTrue(noUart.getMessage().contains("no UART in server mode"), noUart.getMessage());
        vm("off").uartServer("/tmp/vd-off.sock");
        InvalidRequestException notRunning = assertThrows(InvalidRequestException.class,
                () -> driver.console("off", false));
        assertTrue(notRunning.getMessage().contains("not running"), notRunning.getMessage());
        assertThrows(VmNotFoundException.class, () -> driver.console("nope", false));
        // a guest that powers off from its console ends the stream
        try (ConsoleStream c = driver.console("web 1", false)) {
            write(c, "poweroff\n");
            String rest = readUntilEnd(c.input(), Duration.ofSeconds(10));
            assertTrue(rest.contains("Power down"), rest);
        }
        assertEquals(VmPowerState.POWEROFF, vm("web 1").state());
    }

    // ---- host info, wiring -------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void hostInfoFromHostinfoAndSystemproperties(VBoxVersion v) throws Exception {
        host(v);
        HostInfo h = driver.hostInfo();
        assertEquals("vbox", h.driver());
        assertEquals("VBoxManage", h.transport());
        assertEquals("VirtualBox", h.hypervisor());
        assertEquals(v.versionString(), h.hypervisorVersion());
        assertEquals(4, h.cpus());
        assertEquals(16000L, h.memoryTotalMiB());
        assertEquals(11000L, h.memoryFreeMiB());
        assertEquals(32, h.maxVcpus());
        assertEquals(10, h.guests());
        assertTrue(h.toolstacks().contains("VBoxManage"), h.toolstacks().toString());
        assertNotNull(h.extra().get("cpu model"));
        assertEquals(v != VBoxVersion.V5_2, h.extra().containsKey("HW virtualization"),
                "5.2 prints the 4.2 hostinfo layout without feature lines");
    }

    @Test
    void theDefaultOpenerKnowsVbox() throws Exception {
        host(VBoxVersion.V7_0);
        DefaultDriverOpener opener = new DefaultDriverOpener();
        assertTrue(opener.implemented("vbox"));
        assertEquals("VBoxManage", opener.transport(driver));
    }

    // ---- console helpers -----------------------------------------------------------------------------

    static void write(ConsoleStream c, String text) throws IOException {
        OutputStream out = c.output();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends a line and returns what came back up to the next prompt. */
    static String talk(ConsoleStream c, String line) throws IOException, InterruptedException {
        drain(c.input());
        write(c, line + "\n");
        StringBuilder sb = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            InputStream in = c.input();
            int n = in.available();
            if (n > 0) {
                byte[] buf = new byte[n];
                int r = in.read(buf);
                sb.append(new String(buf, 0, r, StandardCharsets.UTF_8));
                String s = sb.toString();
                if (s.contains(line) && s.indexOf("# ", s.indexOf(line)) > 0) return s;
            } else {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no answer to " + line + ": " + sb);
    }

    static void drain(InputStream in) throws IOException, InterruptedException {
        Thread.sleep(100);
        while (in.available() > 0) in.read(new byte[in.available()]);
    }

    static String readUntilEnd(InputStream in, Duration max) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        long deadline = System.nanoTime() + max.toNanos();
        int n;
        while (System.nanoTime() < deadline && (n = in.read(buf)) != -1) {
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
