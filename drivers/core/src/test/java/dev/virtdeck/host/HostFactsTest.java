package dev.virtdeck.host;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.testlab.ScriptedSsh;
import dev.virtdeck.testlab.ScriptedSsh.Answer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class HostFactsTest {

    /** Captured from this lab machine: /dev/kvm works although cpuinfo shows no vmx flag. */
    static final String NESTED_NO_FLAGS = """
            hostname=vm
            cpus=2
            vmx=0
            svm=0
            devkvm=1
            devkvm_writable=1
            module=kvm
            tool=virsh
            MemTotal:       24683620 kB
            MemAvailable:   24033724 kB
            """;

    static final String XEN_DOM0_AMD = """
            hostname=xen-dom0.example
            cpus=16
            vmx=0
            svm=1
            devkvm=0
            devkvm_writable=0
            module=kvm
            module=kvm_amd
            tool=xl
            tool=VBoxManage
            MemTotal:       4194304 kB
            MemAvailable:   1048576 kB
            """;

    @Test
    void parsesKvmWithoutCpuFlagsTruthfully() {
        HostFacts f = HostFacts.parse(NESTED_NO_FLAGS);
        assertEquals("vm", f.hostname());
        assertFalse(f.vmx());
        assertFalse(f.svm());
        assertTrue(f.devKvm());
        assertTrue(f.devKvmWritable());
        assertEquals(List.of("kvm"), f.kvmModules());
        assertEquals(List.of("virsh"), f.toolstacks());
        assertEquals(2, f.cpus());
        assertEquals(24683620L / 1024, f.memoryTotalMiB());
        assertEquals(24033724L / 1024, f.memoryAvailableMiB());
        assertEquals("kvm", f.domainType());
    }

    @Test
    void parsesSeveralModulesAndToolsAndFallsBackToQemu() {
        HostFacts f = HostFacts.parse(XEN_DOM0_AMD);
        assertTrue(f.svm());
        assertFalse(f.vmx());
        assertFalse(f.devKvm());
        assertEquals(List.of("kvm", "kvm_amd"), f.kvmModules());
        assertEquals(List.of("xl", "VBoxManage"), f.toolstacks());
        assertEquals(16, f.cpus());
        assertEquals(4096L, f.memoryTotalMiB());
        assertEquals(1024L, f.memoryAvailableMiB());
        assertEquals("qemu", f.domainType());
    }

    @Test
    void missingFactsAreFalseOrNull() {
        HostFacts f = HostFacts.parse("hostname=\ncpus=\ngarbage line\n");
        assertNull(f.hostname());
        assertNull(f.cpus());
        assertNull(f.memoryTotalMiB());
        assertFalse(f.devKvm());
        assertTrue(f.kvmModules().isEmpty());
        assertTrue(f.toolstacks().isEmpty());
    }

    @Test
    void snippetIsFixedAndRunsThroughOneExec() {
        ScriptedSsh ssh = new ScriptedSsh().on(a -> true, a -> Answer.ok(NESTED_NO_FLAGS));
        HostFacts f = HostFacts.gather(ssh, "h1");
        assertTrue(f.devKvm());
        assertEquals(List.of(List.of("sh", "-c", HostFacts.SNIPPET)), ssh.argvs(), "one exec of the fixed snippet");
        assertFalse(ssh.commands.get(0).sudo());
    }

    @Test
    void failingSnippetIsCommandFailed() {
        ScriptedSsh ssh = new ScriptedSsh().on(a -> true, a -> new Answer(127, "", "sh: not found"));
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> HostFacts.gather(ssh, "h1"));
        assertEquals(127, e.exitCode());
        assertEquals("h1", e.host());
    }

    /** The snippet really runs under a POSIX sh and yields parseable facts on this machine. */
    @Test
    void snippetRunsLocallyUnderSh() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", HostFacts.SNIPPET).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor());
        HostFacts f = HostFacts.parse(out);
        assertNotNull(f.hostname());
        assertEquals(Runtime.getRuntime().availableProcessors() > 0, f.cpus() != null && f.cpus() > 0);
        assertNotNull(f.memoryTotalMiB());
        assertEquals(java.nio.file.Files.exists(java.nio.file.Path.of("/dev/kvm")), f.devKvm());
    }
}
