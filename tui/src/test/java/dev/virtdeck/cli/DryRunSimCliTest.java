package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --dry-run} (issue 13, plans) through the CLI against simulated VirtualBox and Xen hosts
 * over real SSH, plus a host nobody listens for: per target the outcome, message and action, the
 * exit code, and that the hosts received only what a plain {@code list} sends.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DryRunSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost vbox;
    SimHost xen;
    Path inventory;
    /** Per host: every command a plain list sent. */
    final Map<SimHost, Set<String>> listCommands = new LinkedHashMap<>();

    record Run(int code, String out, String err) {
        /** @return the plan's steps by target */
        Map<String, JsonNode> plan() throws Exception {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            for (JsonNode s : LabCliTest.JSON.readTree(this.out).get("plan")) out.put(s.get("target").asText(), s);
            return out;
        }
    }

    @BeforeEach
    void serve() throws Exception {
        vbox = SimHost.vbox("vbox1", VBoxVersion.V6_1);
        vbox.addVm("web 1").memory(1024).vcpus(2).state(VmPowerState.RUNNING);
        vbox.addVm("off").memory(512);
        xen = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
        xen.addXenGuest("domu", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        xen.addXenGuest("off", 128, 128, 1, 1);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (SimHost h : List.of(vbox, xen)) {
            SimSshHost s = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(s);
            inv.append("  ").append(h.hostname()).append(": {address: 127.0.0.1, port: ").append(s.port())
                    .append(", user: root, identity: ").append(s.key()).append(", known_hosts: ").append(s.knownHosts())
                    .append(", drivers: [").append(h == xen ? "xl" : "vbox").append("]}\n");
        }
        SimSshHost any = sims.get(0);
        inv.append("  down: {address: 127.0.0.1, port: ").append(closed).append(", user: root, identity: ")
                .append(any.key()).append(", known_hosts: ").append(any.knownHosts()).append(", drivers: [vbox]}\n");
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, inv.toString());
        assertEquals(1, cli("list").code(), "the down host fails the listing");
        for (SimHost h : List.of(vbox, xen)) listCommands.put(h, new HashSet<>(h.commandLog()));
    }

    @AfterEach
    void stop() {
        for (SimSshHost s : sims) {
            s.host().vms().forEach(v -> v.state(VmPowerState.POWEROFF));
            s.close();
        }
    }

    Run cli(String... args) {
        LabCliTest.Run r = LabCliTest.cliSim(inventory, dir, args);
        return new Run(r.code(), r.out(), r.err());
    }

    static void assertStep(Map<String, JsonNode> plan, String target, String outcome, String message, String action) {
        JsonNode s = plan.get(target);
        assertTrue(s != null, target + " in " + plan.keySet());
        assertEquals(outcome, s.get("outcome").asText(), s.toString());
        if (message != null) assertEquals(message, s.get("message").asText(), s.toString());
        assertEquals(action, s.get("action").asText(), s.toString());
    }

    /** Nothing but what a plain list sends reached either simulated host, and no VM changed state. */
    void assertOnlyReadsSent() {
        for (Map.Entry<SimHost, Set<String>> e : listCommands.entrySet()) {
            for (String c : e.getKey().commandLog()) {
                assertTrue(e.getValue().contains(c), e.getKey().hostname() + " received a command list does not send: "
                        + c + "\nlist sends: " + e.getValue());
            }
        }
        assertEquals(VmPowerState.RUNNING, vbox.vm("web 1").state());
        assertEquals(VmPowerState.POWEROFF, vbox.vm("off").state());
        assertEquals(512, vbox.vm("off").memoryMaxMb());
        assertEquals(VmPowerState.RUNNING, xen.vm("domu").state());
        assertEquals(VmPowerState.POWEROFF, xen.vm("off").state());
    }

    @Test
    void startOverAMixOfTargetsSaysPerTargetWhatItWouldDo() throws Exception {
        Run r = cli("start", "vbox1:*", "xen1:*", "down:web", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, r.code(), r.out() + r.err());
        Map<String, JsonNode> plan = r.plan();
        assertEquals(5, plan.size(), r.out());
        assertStep(plan, "vbox1:web 1", "nothing-to-do", "already running", "start 'vbox1:web 1'");
        assertStep(plan, "vbox1:off", "would-run", "would start", "start vbox1:off");
        assertStep(plan, "xen1:domu", "nothing-to-do", "already running", "start xen1:domu");
        assertStep(plan, "xen1:off", "would-run", "would start", "start xen1:off");
        assertStep(plan, "down:web", "host-error", null, "start down:web");
        assertTrue(r.err().contains("virtdeck: down: "), r.err());

        Run clean = cli("start", "vbox1:*", "xen1:*", "--dry-run");
        assertEquals(ExitCodes.OK, clean.code(), clean.out() + clean.err());
        String header = clean.out().lines().findFirst().orElse("");
        assertTrue(header.matches("TARGET +OUTCOME +MESSAGE +ACTION *"), clean.out());
        assertTrue(clean.out().lines().anyMatch(l -> l.matches("vbox1:off +would-run +would start +start vbox1:off *")),
                clean.out());
        assertOnlyReadsSent();
    }

    @Test
    void shutdownAndPoweroffOfShutOffVmsHaveNothingToDo() throws Exception {
        Run r = cli("shutdown", "*:off", "*:domu", "--timeout", "9", "--force", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, r.code(), "down's pattern is a host error: " + r.out() + r.err());
        Map<String, JsonNode> plan = r.plan();
        assertStep(plan, "vbox1:off", "nothing-to-do", "already shut off", "shutdown vbox1:off --timeout 9 --force");
        assertStep(plan, "xen1:domu", "would-run", "would ask the guest to shut down, wait up to 9 s, then force it off",
                "shutdown xen1:domu --timeout 9 --force");

        Run off = cli("poweroff", "vbox1:*", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.OK, off.code(), off.out() + off.err());
        assertStep(off.plan(), "vbox1:off", "nothing-to-do", "already shut off", "poweroff vbox1:off");
        assertStep(off.plan(), "vbox1:web 1", "would-run", "would power off (running)", "poweroff 'vbox1:web 1'");
        assertOnlyReadsSent();
    }

    @Test
    void deleteOfARunningVmWithoutForceWouldBeRefused() throws Exception {
        Run r = cli("delete", "vbox1:*", "--with-disks", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, r.code(), r.out() + r.err());
        assertStep(r.plan(), "vbox1:web 1", "refused", "the VM is running; stop it first or use --force",
                "delete 'vbox1:web 1' --with-disks");
        assertStep(r.plan(), "vbox1:off", "would-run", "would delete its definition and disk files",
                "delete vbox1:off --with-disks");

        Run forced = cli("delete", "vbox1:*", "--force", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.OK, forced.code(), forced.out() + forced.err());
        assertStep(forced.plan(), "vbox1:web 1", "would-run",
                "would power it off (running), then delete its definition (disk files kept)", "delete 'vbox1:web 1' --force");
        assertOnlyReadsSent();
    }

    @Test
    void resizesAboveTheLiveMaximumWouldBeRefused() throws Exception {
        Run over = cli("set-memory", "vbox1:web 1", "4G", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, over.code(), over.out() + over.err());
        assertStep(over.plan(), "vbox1:web 1", "refused", "4096 MiB is above the maximum of 1024 MiB; raise the maximum"
                + " first with set-memory --max (a config change that takes effect at the next boot)",
                "set-memory 'vbox1:web 1' 4096M");

        Run ok = cli("set-memory", "vbox1:web 1", "512", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.OK, ok.code(), ok.out() + ok.err());
        assertStep(ok.plan(), "vbox1:web 1", "would-run", "would set memory to 512 MiB (live)", "set-memory 'vbox1:web 1' 512M");

        Run vcpus = cli("set-vcpus", "xen1:domu", "3", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, vcpus.code(), vcpus.out() + vcpus.err());
        assertEquals("refused", vcpus.plan().get("xen1:domu").get("outcome").asText(), vcpus.out());

        Run same = cli("set-vcpus", "xen1:domu", "1", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.OK, same.code(), same.out() + same.err());
        assertStep(same.plan(), "xen1:domu", "nothing-to-do", "vCPUs already 1", "set-vcpus xen1:domu 1");

        Run dead = cli("attach-disk", "xen1:off", "--size", "1G", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, dead.code(), dead.out() + dead.err());
        assertStep(dead.plan(), "xen1:off", "refused", null, "attach-disk xen1:off --size 1024M");
        String why = dead.plan().get("xen1:off").get("message").asText();
        assertTrue(why.contains("not with --config") && why.endsWith("(the VM is shutoff)"), why);
        assertOnlyReadsSent();
    }

    /** A capability or scope refusal reads as the real run's: the plan asks the request's own check. */
    @Test
    void capabilityAndScopeRefusalsAreWordedAsTheRealRunWordsThem() throws Exception {
        for (List<String> verb : List.of(List.of("reboot", "vbox1:off"), List.of("set-memory", "xen1:domu", "300", "--config"),
                List.of("save", "xen1:domu"))) {
            List<String> dry = new ArrayList<>(verb);
            dry.addAll(List.of("--dry-run", "-o", "json"));
            Run plan = cli(dry.toArray(String[]::new));
            assertEquals(ExitCodes.FAILED, plan.code(), plan.out() + plan.err());
            JsonNode step = plan.plan().values().iterator().next();
            assertEquals("refused", step.get("outcome").asText(), step.toString());
            assertOnlyReadsSent();

            List<String> real = new ArrayList<>(verb);
            real.addAll(List.of("-o", "json"));
            Run run = cli(real.toArray(String[]::new)); // refused before anything is sent
            JsonNode result = LabCliTest.JSON.readTree(run.out()).get("results").get(0);
            assertEquals("unsupported", result.get("outcome").asText(), run.out());
            assertEquals(result.get("message").asText(), step.get("message").asText());
        }
        assertOnlyReadsSent();
    }

    @Test
    void createPlansAgainstTheHostsListing() throws Exception {
        Run taken = cli("create", "vbox1", "off", "--vcpus", "1", "--memory", "256", "--iso", "/x.iso", "--dry-run",
                "-o", "json");
        assertEquals(ExitCodes.FAILED, taken.code(), taken.out() + taken.err());
        assertStep(taken.plan(), "vbox1:off", "refused", "a VM with this name already exists",
                "create vbox1 off --vcpus 1 --memory 256M --iso /x.iso");

        Run fresh = cli("create", "vbox1", "new", "--vcpus", "1", "--memory", "256", "--iso", "/x.iso", "--start",
                "--dry-run", "-o", "json");
        assertEquals(ExitCodes.OK, fresh.code(), fresh.out() + fresh.err());
        assertStep(fresh.plan(), "vbox1:new", "would-run", "would define new (1 vCPUs, 256 MiB memory) and start it",
                "create vbox1 new --vcpus 1 --memory 256M --iso /x.iso --start");

        Run virt = cli("create", "vbox1", "new", "--vcpus", "1", "--memory", "256", "--iso", "/x.iso", "--virt-type",
                "kvm", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, virt.code());
        assertStep(virt.plan(), "vbox1:new", "refused", "--virt-type is a libvirt domain type; the vbox driver has none to choose",
                "create vbox1 new --vcpus 1 --memory 256M --iso /x.iso --virt-type kvm");

        Run down = cli("create", "down", "new", "--vcpus", "1", "--memory", "256", "--iso", "/x.iso", "--dry-run",
                "-o", "json");
        assertEquals(ExitCodes.FAILED, down.code());
        assertEquals("host-error", down.plan().get("down:new").get("outcome").asText(), down.out());
        assertTrue(vbox.vms().stream().noneMatch(v -> v.name().equals("new")));
        assertOnlyReadsSent();
    }

    @Test
    void aBadRequestIsAUsageErrorBeforeAnyHostIsContacted() {
        int before = vbox.commandLog().size();
        Run r = cli("set-memory", "vbox1:off", "0", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.USAGE, r.code(), r.out() + r.err());
        assertEquals(before, vbox.commandLog().size());
    }
}
