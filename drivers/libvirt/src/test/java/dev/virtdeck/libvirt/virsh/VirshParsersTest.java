package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.testlab.Reference;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirshParsersTest {

    @Test
    void runningDomstatsGiveStateMemoryVcpusAndCpuTime() {
        Map<String, Map<String, String>> all = VirshParsers.domstats(Reference.stdout("domstats-running-raw"));
        assertEquals(List.of("tiny1"), List.copyOf(all.keySet()));
        VmInfo vm = VirshParsers.vmInfo("h", "tiny1", "u", all.get("tiny1"), true, false);
        assertEquals(VmState.RUNNING, vm.state());
        assertEquals("running (booted)", vm.nativeState());
        assertEquals(1, vm.vcpus());
        assertEquals(2, vm.maxVcpus());
        assertEquals(256L, vm.memoryMiB());
        assertEquals(256L, vm.maxMemoryMiB());
        assertEquals(5217806000L, vm.cpuTimeNs());
        assertEquals("libvirt", vm.driver());
    }

    @Test
    void runningDomstatsGiveUsageCountersZeroForNoDiskAndNoInterface() {
        // recorded: a guest without disk or NIC, no guest memory statistics (balloon.last-update=0)
        VmInfo vm = VirshParsers.vmInfo("h", "tiny1", "u",
                VirshParsers.domstats(Reference.stdout("domstats-running-raw")).get("tiny1"), true, false);
        assertEquals(new VmInfo.Usage(null, 218364L, 0L, 0L, 0L, 0L), vm.usage());
        assertEquals(218364L, vm.usage().memoryInUseKiB(), "the host's RSS where the guest reports nothing");
        Map<String, String> off = VirshParsers.domstats(Reference.stdout("domstats-shutoff")).get("tiny1");
        assertNull(VirshParsers.vmInfo("h", "tiny1", null, off, true, false).usage(), "no usage when not running");
    }

    @Test
    void guestMemoryStatsDiskCountersAndANicWithoutCounters() {
        // recorded: a disk, a user-mode NIC (no host-side device: counted, no counters), a stats period
        Map<String, String> st = VirshParsers.domstats(Reference.stdout("domstats-block-interface-guest-memstats"))
                .get("vdg-stats-cap");
        VmInfo vm = VirshParsers.vmInfo("h", "vdg-stats-cap", "u", st, true, false);
        assertEquals(new VmInfo.Usage(210732L - 181348L, 228840L, 12800L, 0L, null, null), vm.usage());
        assertEquals(29384L, vm.usage().memoryInUseKiB(), "the guest's own figure first");
    }

    @Test
    void shutoffDomstatsIgnoreLeftOverCpuTime() {
        Map<String, String> st = VirshParsers.domstats(Reference.stdout("domstats-shutoff")).get("tiny1");
        VmInfo vm = VirshParsers.vmInfo("h", "tiny1", null, st, true, false);
        assertEquals(VmState.SHUTOFF, vm.state());
        assertEquals("shut off (destroyed)", vm.nativeState());
        assertEquals(192L, vm.memoryMiB());
        assertEquals(256L, vm.maxMemoryMiB());
        assertNull(vm.cpuTimeNs(), "libvirt keeps the previous run's cpu.time on inactive domains");
    }

    @Test
    void managedSaveMakesAShutoffDomainSuspended() {
        // the session ends with `domstats test --state`: state 5 reason 5 (saved)
        List<String> parts = List.of(Reference.stdout("test-driver-managedsave-session").split("Domain: "));
        Map<String, String> st = VirshParsers.domstats("Domain: " + parts.get(parts.size() - 1)).get("test");
        VmInfo vm = VirshParsers.vmInfo("h", "test", null, st, true, true);
        assertEquals(VmState.SUSPENDED, vm.state());
        assertEquals("shut off (saved)", vm.nativeState());
    }

    @Test
    void multiDomainDomstatsKeepEveryDomainAndItsFields() {
        Map<String, Map<String, String>> all = VirshParsers.domstats(Reference.stdout("domstats-multi-vcpu-balloon"));
        assertEquals(List.of("tiny1", "tinykvm"), List.copyOf(all.keySet()));
        assertEquals("5", all.get("tiny1").get("state.reason"));
        assertEquals("68708", all.get("tinykvm").get("balloon.rss"));
        assertEquals("running (unpaused)", VirshParsers.vmInfo("h", "tiny1", null, all.get("tiny1"), true, false)
                .nativeState());
    }

    @Test
    void domstatsNamesMayContainQuotesAndSpaces() {
        String name = "vd q'\"$(touch /tmp/x) ; `y` x";
        Map<String, Map<String, String>> all = VirshParsers.domstats(
                "Domain: '" + name + "'\n  state.state=3\n  state.reason=1\n\n");
        assertEquals(VmState.PAUSED, VirshParsers.vmInfo("h", name, null, all.get(name), true, false).state());
    }

    @Test
    void nameListDropsTheTrailingBlankLine() {
        assertEquals(List.of("tiny1", "tinykvm"), VirshParsers.names(Reference.stdout("list-name")));
        assertEquals(List.of(), VirshParsers.names("\n"));
    }

    @Test
    void uuidNameLinesKeepSpacesInNames() {
        Map<String, String> m = VirshParsers.uuidsByName(
                "8f8fe1cb-0be8-41f0-8359-b42fe86416dc tiny1\n"
                        + "0320f3a8-970c-4974-90ce-6d1b3cefb2ba a very  long name\n\n");
        assertEquals(List.of("tiny1", "a very  long name"), List.copyOf(m.keySet()));
        assertEquals("0320f3a8-970c-4974-90ce-6d1b3cefb2ba", m.get("a very  long name"));
    }

    @Test
    void sectionsSplitAtTheEchoedMarker() {
        String out = "a\n" + VirshParsers.SEPARATOR + "\n\n" + VirshParsers.SEPARATOR + "\nb\nc\n";
        assertEquals(List.of("a\n", "\n", "b\nc\n"), VirshParsers.sections(out));
    }

    @Test
    void dominfoKeyValues() {
        Map<String, String> kv = VirshParsers.keyValues(Reference.stdout("dominfo-running"));
        assertEquals("8f8fe1cb-0be8-41f0-8359-b42fe86416dc", kv.get("UUID"));
        assertEquals("running", kv.get("State"));
        assertEquals(262144L, VirshParsers.leadingNumber(kv.get("Max memory")));
        assertEquals("no", kv.get("Managed save"));
        assertEquals("shut off", VirshParsers.keyValues(Reference.stdout("dominfo-shutoff")).get("State"));
        assertEquals("paused", VirshParsers.keyValues(Reference.stdout("dominfo-paused")).get("State"));
    }

    @Test
    void nodeinfoAndVersion() {
        Map<String, String> node = VirshParsers.keyValues(Reference.stdout("nodeinfo"));
        assertEquals(2L, VirshParsers.leadingNumber(node.get("CPU(s)")));
        assertEquals(5203744L, VirshParsers.leadingNumber(node.get("Memory size")));
        VirshParsers.Versions v = VirshParsers.versions(Reference.stdout("version"));
        assertEquals("9.0.0", v.libvirt());
        assertEquals("QEMU", v.hypervisor());
        assertEquals("7.2.22", v.hypervisorVersion());
        assertEquals(255L, VirshParsers.leadingNumber(Reference.stdout("maxvcpus").strip()));
    }

    @Test
    void errorTextJoinsErrorLinesWithoutPrefix() {
        assertEquals("failed to get domain 'nosuchvm'",
                VirshParsers.errorText(Reference.stderr("error-unknown-domain-dominfo")));
        assertEquals("Failed to destroy domain 'tiny1'; Requested operation is not valid: domain is not running",
                VirshParsers.errorText(Reference.stderr("error-destroy-notrunning")));
        assertEquals("", VirshParsers.errorText("Authorization not available. Check if polkit service is running\n"));
        assertTrue(VirshParsers.hasError(Reference.stderr("error-start-already-running")));
        assertFalse(VirshParsers.hasError(Reference.stderr("suspend-already-paused-rc0")));
    }

    @Test
    void recordedExitCodesMatchTheMappingAssumptions() {
        assertEquals(1, Reference.exitCode("error-unknown-domain-dominfo"));
        assertEquals(0, Reference.exitCode("suspend-already-paused-rc0"));
    }
}
