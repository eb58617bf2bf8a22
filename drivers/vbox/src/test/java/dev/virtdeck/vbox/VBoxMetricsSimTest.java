package dev.virtdeck.vbox;

import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.ScriptSections;
import dev.virtdeck.ssh.ShellQuote;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Usage from {@code VBoxManage metrics} over real SSH against a simulated host: collection set up
 * once, one query per list, the figures of each running VM, nothing for one that is off.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxMetricsSimTest {
    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    long count(String what) {
        return sim.host().commandLog().stream().filter(l -> l.contains(what)).count();
    }

    /** @return how many list scripts the host received (each holds its metrics query) */
    long scripts() {
        return count(ScriptSections.BEGIN);
    }

    @Test
    void setupOnceThenOneQueryPerListWithEachRunningVmsFigures() throws Exception {
        SimHost h = SimHost.vbox("vbox1", VBoxVersion.V7_0).cpus(4);
        h.addVm("web 1").memory(1024).guestAdditions(true).state(VmPowerState.RUNNING);
        h.addVm("plain").memory(512).state(VmPowerState.RUNNING);
        h.addVm("off").memory(256);
        sim = SimSshHost.start(h, dir);
        VBoxDriver driver = new VBoxDriver("vbox1", sim.ssh());

        Map<String, VmInfo> first = byName(driver.list());
        assertNull(first.get("web 1").usage(), "nothing collected before the first setup");
        assertEquals(1, count("metrics setup"), sim.host().commandLog().toString());
        List<String> log = sim.host().commandLog();
        assertTrue(log.indexOf(log.stream().filter(l -> l.contains(ScriptSections.BEGIN)).findFirst().orElseThrow())
                        < log.indexOf(log.stream().filter(l -> l.contains("metrics setup")).findFirst().orElseThrow()),
                "the query (in the list script) comes first: another tool may collect already: " + log);

        Thread.sleep(1100); // VirtualBox's first sample arrives one period (1 s) after the setup
        Map<String, VmInfo> second = byName(driver.list());
        VmInfo web = second.get("web 1");
        UsageRates r = web.usage().reported();
        assertEquals(2.0, r.cpuPercent(), 0.05, "the sim's idle guest: 2 % of one CPU, VirtualBox shows 0.5 % of 4");
        assertEquals(1536.0, r.netRxBps());
        assertEquals(512.0, r.netTxBps());
        assertNull(r.diskReadBps());
        assertEquals(1024L * 1024 / 4, web.usage().memoryUsedKiB(), "guest additions: total - free");
        assertEquals(1024L * 1024 * 6 / 10 + 120 * 1024, web.usage().memoryRssKiB());
        assertNull(second.get("plain").usage().memoryUsedKiB(), "no guest additions: the guest's view is unknown");
        assertTrue(second.get("plain").usage().memoryRssKiB() > 0);
        assertNull(second.get("off").usage(), "a VM that is off has no metrics");
        assertEquals(1, count("metrics setup"), "set up once: " + sim.host().commandLog());
        assertEquals(2, scripts());
        assertEquals(1, count("list hostinfo"), "the host's CPU count is read once");

        int before = sim.host().commandLog().size();
        assertEquals(2.0, byName(driver.list()).get("web 1").usage().reported().cpuPercent(), 0.05);
        assertEquals(List.of(VBoxListScript.SCRIPT), scriptsSince(before),
                "steady state: the list script alone, its metrics query included");
    }

    @Test
    void aVmStartedLaterIsSetUpAndNothingRunsWhileAllAreOff() throws Exception {
        SimHost h = SimHost.vbox("vbox1", VBoxVersion.V6_1);
        h.addVm("a").state(VmPowerState.RUNNING);
        h.addVm("b");
        sim = SimSshHost.start(h, dir);
        VBoxDriver driver = new VBoxDriver("vbox1", sim.ssh());
        driver.list();
        assertEquals(1, count("metrics setup"));
        sim.host().vm("b").state(VmPowerState.RUNNING);
        driver.list();
        assertEquals(2, count("metrics setup"), "b started since: VirtualBox does not collect it yet");
        sim.host().vm("a").state(VmPowerState.POWEROFF);
        sim.host().vm("b").state(VmPowerState.POWEROFF);
        int before = sim.host().commandLog().size();
        driver.list();
        assertEquals(List.of(VBoxListScript.SCRIPT), scriptsSince(before), "no VM runs: no metrics exec");
        assertNull(VBoxListScript.run(new VBoxManage("vbox1", sim.ssh())).metrics(),
                "no VM runs: the script skips its metrics query");
        sim.host().vm("b").state(VmPowerState.PAUSED);
        assertTrue(VBoxListScript.run(new VBoxManage("vbox1", sim.ssh())).metrics().ok(),
                "a paused VM has a process and metrics");
    }

    @Test
    void aVmWhoseFiguresCannotBeAttributedNeverCallsForAnotherSetup() throws Exception {
        SimHost h = SimHost.vbox("vbox1", VBoxVersion.V7_0);
        h.addVm("host").state(VmPowerState.RUNNING); // VBoxManage names the host's own object "host" too
        h.addVm("web").state(VmPowerState.RUNNING);
        sim = SimSshHost.start(h, dir);
        long[] now = {0};
        VBoxMetrics metrics = new VBoxMetrics("vbox1", new VBoxManage("vbox1", sim.ssh()), () -> now[0]);
        List<VmInfo> vms = List.of(running("host"), running("web"));
        assertEquals(Set.of("host"), VBoxMetrics.ambiguousNames(vms));
        metrics.attach(vms, query());
        assertEquals(1, count("metrics setup"));
        Thread.sleep(1100); // the sim's first sample, one period after the setup
        now[0] = 10 * VBoxMetrics.STALE_NANOS; // long after: a VM still without figures would be set up again
        Map<String, VmInfo> out = byName(metrics.attach(vms, query()));
        assertNull(out.get("host").usage(), "its lines cannot be told from the host's");
        assertTrue(out.get("web").usage() != null);
        assertEquals(1, count("metrics setup"), "no setup for figures no setup can bring: " + sim.host().commandLog());
    }

    /** The query the list script runs, run alone. */
    ExecResult query() {
        return new VBoxManage("vbox1", sim.ssh()).run("metrics", "query", "*", String.join(",", VBoxMetrics.QUERIED));
    }

    /**
     * @return the commands since {@code before}: the list scripts as their script text, others as
     *         sent; so a list that ran a VBoxManage of its own shows up as that line
     */
    List<String> scriptsSince(int before) {
        List<String> log = sim.host().commandLog();
        return log.subList(before, log.size()).stream()
                .map(l -> l.equals("LC_ALL=C " + ShellQuote.join(List.of("sh", "-c", VBoxListScript.SCRIPT)))
                        ? VBoxListScript.SCRIPT : l).toList();
    }

    VmInfo running(String name) {
        return new VmInfo("vbox1", "vbox", name, sim.host().vm(name).uuid(), VmState.RUNNING, "running", 1, 1, 512L,
                512L, true, null);
    }

    static Map<String, VmInfo> byName(List<VmInfo> vms) {
        return vms.stream().collect(Collectors.toMap(VmInfo::name, Function.identity()));
    }
}
