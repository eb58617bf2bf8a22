package dev.virtdeck.vbox;

import dev.virtdeck.testlab.Reference;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parsers fed the RECORDED VBoxManage outputs (reference/vboxmanage, real captures of 4.x-7.x
 * hosts), never the simulator's output: a format the simulator does not produce must still parse.
 */
class VBoxParsersTest {
    static final VBoxVersion V4_3 = VBoxVersion.parse("4.3.40r117012");
    static final VBoxVersion V5_2 = VBoxVersion.parse("5.2.4r119785");
    static final VBoxVersion V6_1 = VBoxVersion.parse("6.1.50r161033");
    static final VBoxVersion V7_0 = VBoxVersion.parse("7.0.14r161095");

    static ExecResult result(int exit, String stdout, String stderr) {
        return new ExecResult("LC_ALL=C VBoxManage x", exit, stdout, stderr, Duration.ZERO);
    }

    // ---- versions --------------------------------------------------------------------------------

    @Test
    void everyRecordedVersionStringParses() {
        List<String> lines = Reference.output("vboxmanage/version-strings.txt").lines().toList();
        assertEquals(4, lines.size());
        VBoxVersion v7 = VBoxVersion.parse(lines.get(0));
        assertEquals(List.of(7, 0, 14), List.of(v7.major(), v7.minor(), v7.build()));
        assertEquals("7.0.14r161095", v7.raw());
        assertTrue(v7.hasAbortedSaved());
        assertEquals(5, VBoxVersion.parse(lines.get(1)).major());
        VBoxVersion ubuntu = VBoxVersion.parse(lines.get(2));
        assertEquals("4.1.12", ubuntu.shortText(), "distro builds insert _Ubuntu before the r");
        assertFalse(ubuntu.escapesValues());
        assertEquals("4.2.16", VBoxVersion.parse(lines.get(3)).shortText());
    }

    @Test
    void theLastVersionLineWinsAfterAWrapperWarning() {
        String out = "WARNING: The vboxdrv kernel module is not loaded.\n         Please run /sbin/vboxconfig\n"
                + "6.1.50r161033\n";
        assertEquals("6.1.50", VBoxVersion.parse(out).shortText());
        assertNull(VBoxVersion.parse("VBoxManage: error: something\n"));
    }

    // ---- list vms ----------------------------------------------------------------------------------

    @Test
    void listVmsRecordedFixture() {
        List<VBoxParsers.VmRef> vms = VBoxParsers.vms(Reference.output("vboxmanage/list-vms.txt"));
        assertEquals(List.of(new VBoxParsers.VmRef("Ubuntu", "2e16b1fc-675d-4a7a-a9a1-e89a8bde7874"),
                new VBoxParsers.VmRef("go-virtualbox", "def44546-e3da-4902-8d15-b91c99c80cbc")), vms);
        assertEquals(1, VBoxParsers.vms(Reference.output("vboxmanage/list-runningvms.txt")).size());
    }

    @Test
    void listVmsNamesAreNotEscapedSoInnerQuotesAndBracesStayInTheName() {
        String out = "\"web 1\" {11111111-2222-3333-4444-555555555555}\n"
                + "\"it's \"quoted\" {x}\" {11111111-2222-3333-4444-666666666666}\n"
                + "\"<inaccessible>\" {11111111-2222-3333-4444-777777777777}\n";
        List<VBoxParsers.VmRef> vms = VBoxParsers.vms(out);
        assertEquals("web 1", vms.get(0).name());
        assertEquals("it's \"quoted\" {x}", vms.get(1).name());
        assertTrue(vms.get(2).inaccessible());
    }

    // ---- showvminfo --machinereadable ----------------------------------------------------------

    static List<String> showvminfoFiles() {
        List<String> files = Reference.files("vboxmanage", "showvminfo-machinereadable-");
        assertTrue(files.size() >= 5, files.toString());
        return files;
    }

    /** Every recorded machine-readable capture parses, and every VMState in it maps to a known state. */
    @ParameterizedTest
    @MethodSource("showvminfoFiles")
    void everyRecordedShowvminfoParses(String file) {
        int states = 0;
        for (Map.Entry<String, String> section : Reference.sections(file).entrySet()) {
            if (section.getValue().isBlank()) continue;
            MachineInfo i = VBoxParsers.machineReadable(section.getValue(), versionOf(file));
            assertFalse(i.keys().isEmpty(), file + " " + section.getKey());
            if (i.state() != null) {
                states++;
                assertTrue(i.state().matches("[a-z-]+"), i.state());
                assertTrue(VBoxStates.normalize(i.state()) != VmState.UNKNOWN, file + ": " + i.state());
            }
        }
        if (!file.contains("uart")) assertTrue(states > 0, file + " has no VMState");
    }

    private static VBoxVersion versionOf(String file) {
        if (file.contains("-5.2-")) return V5_2;
        if (file.contains("-6.")) return V6_1;
        return V7_0;
    }

    @Test
    void savedFiveTwoFullCapture() {
        MachineInfo i = VBoxParsers.machineReadable(
                Reference.output("vboxmanage/showvminfo-machinereadable-saved-5.2-full.txt"), V5_2);
        assertEquals("Ubuntu", i.name());
        assertEquals("37f5d336-bf07-48dd-947c-37e6a56420a7", i.uuid());
        assertEquals("saved", i.state());
        assertEquals(1024L, i.memoryMiB());
        assertEquals(0L, i.balloonMiB());
        assertEquals(1, i.cpus());
        assertNull(i.cpuHotplug());
        assertEquals("/Users/fix/VirtualBox VMs/go-virtualbox", i.folder());
        // quoted keys with spaces and dashes
        assertEquals("/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk",
                i.slot("SATA Controller", 0, 0));
        assertEquals("none", i.slot("IDE Controller", 1, 1));
        assertEquals(List.of("/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk"), i.media());
        // unquoted tokens, keys with [] and ()
        assertEquals("5914", i.get("vrdeproperty[TCP/Ports]"));
        assertEquals("<not set>", i.get("vrdeproperty[VideoChannel/Enabled]"));
        assertEquals("ssh,tcp,127.0.0.1,2222,,22", i.get("Forwarding(0)"));
        List<MachineInfo.Controller> ctls = i.controllers();
        assertEquals(2, ctls.size());
        assertFalse(ctls.get(0).sata());
        assertTrue(ctls.get(1).sata());
        assertEquals(1, ctls.get(1).portCount());
        assertEquals(-1, i.freePort(ctls.get(1)), "its only port holds the disk");
        assertNull(i.uartServerPath(), "uart1=\"off\"");

        VmInfo vm = i.toVmInfo("h");
        assertEquals(VmState.SUSPENDED, vm.state());
        assertEquals("saved", vm.nativeState());
        assertEquals(1024L, vm.memoryMiB());
        assertEquals(1024L, vm.maxMemoryMiB());
        assertEquals(1, vm.vcpus());
        assertEquals("vbox", vm.driver());
    }

    @Test
    void runningSixZeroCaptureHasEscapedWindowsBackslashes() {
        MachineInfo i = VBoxParsers.machineReadable(
                Reference.output("vboxmanage/showvminfo-machinereadable-running-6.0-excerpt.txt"), V6_1);
        assertEquals("F:\\VirtualBox VMs\\gitlab\\gitlab.vbox", i.configFile());
        assertEquals("F:\\VirtualBox VMs\\gitlab", i.folder());
        assertEquals("running", i.state());
        assertTrue(i.hasProcess());
        assertEquals("host", i.get("cpu-profile"));
        assertEquals(VmState.RUNNING, i.toVmInfo("h").state());
    }

    @Test
    void poweroffSixOneCapture() {
        MachineInfo i = VBoxParsers.machineReadable(
                Reference.output("vboxmanage/showvminfo-machinereadable-poweroff-6.1-excerpt.txt"), V6_1);
        VmInfo vm = i.toVmInfo("h");
        assertEquals(VmState.SHUTOFF, vm.state());
        assertEquals("poweroff", vm.nativeState());
        assertEquals(2048L, vm.maxMemoryMiB());
        assertEquals(2, vm.maxVcpus());
        assertEquals("LsiLogic", i.controllers().get(1).type());
        assertFalse(i.controllers().get(1).sata());
    }

    @Test
    void stateLinesMapPausedAbortedSaved() {
        String file = "vboxmanage/showvminfo-machinereadable-state-lines-reconstructed.txt";
        assertEquals(VmState.PAUSED, state(Reference.section(file, "--- paused")));
        assertEquals(VmState.CRASHED, state(Reference.section(file, "--- crashed")));
        MachineInfo saved = VBoxParsers.machineReadable(Reference.section(file, "--- saved"), V7_0);
        assertEquals(VmState.SUSPENDED, VBoxStates.normalize(saved.state()));
        assertTrue(saved.get("VMStateFile").endsWith(".sav"));
    }

    private static VmState state(String text) {
        return VBoxStates.normalize(VBoxParsers.machineReadable(text, V7_0).state());
    }

    @Test
    void everyStateWordOfTheNotesMaps() {
        assertEquals(VmState.SHUTOFF, VBoxStates.normalize("poweroff"));
        assertEquals(VmState.RUNNING, VBoxStates.normalize("running"));
        assertEquals(VmState.PAUSED, VBoxStates.normalize("paused"));
        assertEquals(VmState.SUSPENDED, VBoxStates.normalize("saved"));
        assertEquals(VmState.CRASHED, VBoxStates.normalize("aborted"));
        assertEquals(VmState.CRASHED, VBoxStates.normalize("aborted-saved"));
        assertEquals(VmState.CRASHED, VBoxStates.normalize("gurumeditation"));
        assertTrue(VBoxStates.hasProcess("gurumeditation"), "a stuck VM still holds its process");
        assertEquals(VmState.SHUTTING_DOWN, VBoxStates.normalize("stopping"));
        assertEquals(VmState.SHUTTING_DOWN, VBoxStates.normalize("saving"));
        assertEquals(VmState.UNKNOWN, VBoxStates.normalize("starting"));
        assertEquals(VmState.UNKNOWN, VBoxStates.normalize("restoring"));
        assertEquals(VmState.UNKNOWN, VBoxStates.normalize("no-such-word"));
        assertFalse(VBoxStates.hasProcess("aborted-saved"));
    }

    @Test
    void uartCapturesServerModeAndFileMode() {
        String file = "vboxmanage/showvminfo-machinereadable-uart.txt";
        MachineInfo server = VBoxParsers.machineReadable(Reference.section(file, "(a)"), V5_2);
        assertEquals("/Users/simon/Library/Application Support/VRouter/serial", server.uartServerPath());
        MachineInfo fileMode = VBoxParsers.machineReadable(Reference.section(file, "(b)"), V6_1);
        assertNull(fileMode.uartServerPath(), "file mode is not a socket");
        assertEquals("16550A", fileMode.get("uarttype1"));
    }

    @Test
    void uartPathIsSplitOnlyOnTheFirstComma() {
        MachineInfo i = VBoxParsers.machineReadable("uart1=\"0x03f8,4\"\nuartmode1=\"server,/tmp/a,b c.sock\"\n", V7_0);
        assertEquals("/tmp/a,b c.sock", i.uartServerPath());
    }

    @Test
    void sevenZeroZeroStrayHumanLineAndMultiLineValuesAreHandled() {
        String out = "name=\"vm \\\"q\\\" \\\\ x\"\nEncryption:     disabled\ndescription=\"line one\nline \\\"two\\\"\"\n"
                + "\"my ctl-0-0\"=\"none\"\nmemory=512\nVMState=\"aborted-saved\"\n";
        MachineInfo i = VBoxParsers.machineReadable(out, V7_0);
        assertEquals("vm \"q\" \\ x", i.name());
        assertEquals("line one\nline \"two\"", i.get("description"));
        assertEquals("none", i.get("my ctl-0-0"));
        assertEquals(512L, i.memoryMiB());
        assertNull(i.get("Encryption"));
        assertEquals(VmState.CRASHED, VBoxStates.normalize(i.state()));
    }

    @Test
    void fourXValuesAreNotUnescaped() {
        MachineInfo i = VBoxParsers.machineReadable("CfgFile=\"C:\\\\VMs\\a.vbox\"\n", V4_3);
        assertEquals("C:\\\\VMs\\a.vbox", i.configFile(), "4.x printed values raw");
    }

    // ---- errors ------------------------------------------------------------------------------------

    @Test
    void unknownVmBlockIsVmNotFoundAndCarriesTheFullResult() {
        String stderr = Reference.output("vboxmanage/error-unknown-vm-showvminfo.txt");
        assertTrue(VBoxParsers.hasError(stderr));
        assertEquals("Could not find a registered machine named 'windows7'", VBoxParsers.errorText(stderr));
        VirtdeckException e = VBoxManage.failure("h", "windows7", result(1, "", stderr));
        assertInstanceOf(VmNotFoundException.class, e);
        CommandFailedException full = assertInstanceOf(CommandFailedException.class, e.getCause());
        assertEquals(1, full.exitCode());
        assertEquals(stderr, full.stderr());
        assertEquals("LC_ALL=C VBoxManage x", e.command());
    }

    @Test
    void sessionLockBlocksAreInvalidRequests() {
        for (String s : List.of("(a)", "(b)")) {
            String stderr = Reference.section("vboxmanage/startvm-error-already-locked.txt", s);
            assertTrue(VBoxParsers.hasError(stderr), s);
            VirtdeckException e = VBoxManage.failure("h", "vm", result(1, "", stderr));
            assertInstanceOf(InvalidRequestException.class, e, s);
            assertTrue(e.getMessage().contains("is already locked by a session"), e.getMessage());
            assertFalse(e.getMessage().contains("Context:"), "line numbers stay out of the message");
        }
        for (String s : List.of("(a)", "(b)")) {
            String stderr = Reference.section("vboxmanage/modifyvm-error-vm-running-locked.txt", s);
            VirtdeckException e = VBoxManage.failure("h", "vm", result(1, "", stderr));
            assertInstanceOf(InvalidRequestException.class, e, s);
            assertTrue(e.getMessage().contains("powered off"), e.getMessage());
        }
        // (c): a generic E_FAIL without Details: stays a plain command failure
        String generic = Reference.section("vboxmanage/modifyvm-error-vm-running-locked.txt", "(c)");
        VirtdeckException e = VBoxManage.failure("h", "vm", result(1, "", generic));
        assertInstanceOf(CommandFailedException.class, e);
        assertTrue(e.getMessage().contains("Code E_FAIL"), e.getMessage());
    }

    @Test
    void notRunningBlocksAreInvalidRequests() {
        for (String s : Reference.sections("vboxmanage/controlvm-errors-vm-not-running.txt").values()) {
            if (s.isBlank()) continue;
            assertInstanceOf(InvalidRequestException.class, VBoxManage.failure("h", "vm", result(1, "", s)), s);
        }
    }

    @Test
    void anErrorOnStderrIsAFailureEvenWithExitZero() {
        // VirtualBox 4.3 returned 0 for this startvm failure (docker/machine PR #528)
        String stdout = Reference.section("vboxmanage/startvm-error-vtx-unavailable.txt", "--- stdout");
        String stderr = Reference.section("vboxmanage/startvm-error-vtx-unavailable.txt", "--- stderr");
        assertTrue(VBoxManage.failed(result(0, stdout, stderr)));
        assertEquals("VT-x is not available. (VERR_VMX_NO_VMX)", VBoxParsers.errorText(stderr));
    }

    @Test
    void progressOnStderrIsNotAFailure() {
        String progress = Reference.output("vboxmanage/controlvm-poweroff-savestate-progress.txt");
        assertFalse(VBoxManage.failed(result(0, "", progress)));
        assertTrue(VBoxManage.failed(result(1, "", progress)), "the exit code still decides");
    }

    @Test
    void createvmAndCreatemediumOutputs() {
        String createvm = Reference.output("vboxmanage/createvm-register.txt");
        assertEquals("b1e97b9a-2c6d-4f58-a54a-2221c9b4c5ad", VBoxParsers.createdUuid(createvm));
        assertEquals("/sgoinfre/goinfre/Perso/your_intra/VBox/vms/rocky_vm/rocky_vm.vbox",
                VBoxParsers.settingsFile(createvm));
        String medium = Reference.output("vboxmanage/createmedium-disk.txt");
        assertEquals("538ac09e-1018-4c89-a186-2232aeb18a2d", VBoxParsers.createdUuid(medium));
        assertFalse(VBoxParsers.hasError(medium));
    }

    // ---- host lists --------------------------------------------------------------------------------

    @Test
    void hostinfoFourTwoAndSevenOne() {
        Map<String, String> old = VBoxParsers.labels(Reference.output("vboxmanage/list-hostinfo-4.2.txt"));
        assertEquals(2L, VBoxParsers.leadingNumber(old.get("Processor online count")));
        assertEquals(3661L, VBoxParsers.leadingNumber(old.get("Memory size")));
        assertEquals(1711L, VBoxParsers.leadingNumber(old.get("Memory available")));
        assertEquals("Intel(R) Celeron(R) CPU G1610 @ 2.60GHz", old.get("Processor#0 description"));
        assertNull(old.get("Processor supports HW virtualization"), "4.2 has no feature lines");
        Map<String, String> neu = VBoxParsers.labels(Reference.output("vboxmanage/list-hostinfo-7.1-reconstructed.txt"));
        assertEquals("yes", neu.get("Processor supports HW virtualization"));
        assertEquals(32011L, VBoxParsers.leadingNumber(neu.get("Memory size")));
    }

    @Test
    void systemPropertiesOfEveryLayout() {
        for (String f : Reference.files("vboxmanage", "list-systemproperties-")) {
            Map<String, String> p = VBoxParsers.labels(Reference.output(f));
            assertEquals(32L, VBoxParsers.leadingNumber(p.get("Maximum guest CPU count")), f);
            assertEquals(2097152L, VBoxParsers.leadingNumber(p.get("Maximum guest RAM size")), f);
        }
        Map<String, String> six = VBoxParsers.labels(Reference.output("vboxmanage/list-systemproperties-6.0-excerpt.txt"));
        assertEquals("1", six.get("Maximum PIIX3 Floppy Controllers"), "no space after the colon");
        Map<String, String> seven = VBoxParsers.labels(Reference.output("vboxmanage/list-systemproperties-7.1-reconstructed.txt"));
        assertEquals("4", seven.get("Maximum Serial Port count"), "7.1 repeats labels per platform: first wins");
        assertNotNull(seven.get("Default machine folder"));
    }
}
