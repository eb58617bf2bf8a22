package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code virtdeck host-check} over real SSH against simulated hosts that answer the survey and probe scripts
 * as Debian hosts would: a libvirt host, one whose CPU shows no virtualization, one with no toolstack, one
 * whose KVM is present but cannot boot a guest, and a Xen dom0. Hosts need no driver in the inventory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostCheckSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    final Map<String, SimHost> hosts = new LinkedHashMap<>();
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        hosts.put("kvm1", SimHost.of(HostKind.KVM, "kvm1").cpus(8));
        hosts.put("novt", SimHost.of(HostKind.KVM, "novt").virtFlag("none").devKvm(false));
        hosts.put("bare", SimHost.of(HostKind.KVM, "bare").removeTool("virsh").removeTool("qemu-system-x86_64")
                .removeTool("qemu-img"));
        hosts.put("broken", SimHost.of(HostKind.KVM, "broken").virtFlag("none").kvmBoots(false));
        hosts.put("xen1", SimHost.of(HostKind.XEN, "xen1"));
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (SimHost h : hosts.values()) {
            SimSshHost s = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(s);
            inv.append("  ").append(h.hostname()).append(": {address: 127.0.0.1, port: ").append(s.port())
                    .append(", user: root, identity: ").append(s.key()).append(", known_hosts: ").append(s.knownHosts())
                    .append(", groups: [all5]}\n");
        }
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, inv.toString());
    }

    @AfterEach
    void stop() {
        sims.forEach(SimSshHost::close);
    }

    LabCliTest.Run cli(String... args) {
        return LabCliTest.cliSim(inventory, dir, args);
    }

    static JsonNode check(JsonNode host, String kind) {
        for (JsonNode c : host.get("checks")) if (c.get("kind").asText().equals(kind)) return c;
        throw new AssertionError(kind + " not in " + host);
    }

    static Map<String, JsonNode> byHost(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode h : root.get("hosts")) out.put(h.get("host").asText(), h);
        return out;
    }

    @Test
    void verdictsForEveryKindOfHostInOneExecEach() throws Exception {
        LabCliTest.Run r = cli("host-check", "@all5", "-o", "json");
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> h = byHost(r.json());
        assertEquals(List.of("kvm1", "novt", "bare", "broken", "xen1"), new ArrayList<>(h.keySet()));

        assertEquals("ready", check(h.get("kvm1"), "kvm").get("verdict").asText());
        assertEquals("prove it with: virtdeck host-check kvm1 --probe", check(h.get("kvm1"), "kvm").get("next").asText());
        assertEquals("installable", check(h.get("kvm1"), "lxc").get("verdict").asText()); // no LXC driver there

        JsonNode novt = check(h.get("novt"), "kvm");
        assertEquals("impossible", novt.get("verdict").asText());
        assertTrue(novt.get("next").asText().startsWith("the CPU shows neither vmx nor svm and there is no /dev/kvm"), novt.toString());
        assertTrue(novt.get("evidence").toString().contains("CPU flags: neither vmx nor svm"), novt.toString());

        JsonNode bare = check(h.get("bare"), "kvm");
        assertEquals("installable", bare.get("verdict").asText());
        assertEquals("virtdeck host-setup bare --kvm", bare.get("next").asText());
        assertTrue(bare.get("evidence").toString().contains("QEMU: not installed"), bare.toString());
        assertTrue(bare.get("evidence").toString().contains("libvirt: not installed (no virsh)"), bare.toString());

        JsonNode xen = check(h.get("xen1"), "xen");
        assertEquals("ready", xen.get("verdict").asText());
        assertTrue(xen.get("evidence").toString().contains("running on hypervisor: xen 4.17"), xen.toString());
        assertEquals("debian", h.get("xen1").get("survey").get("osId").asText());
        assertTrue(h.get("kvm1").get("probe").isNull());

        for (String name : h.keySet()) {
            List<String> log = hosts.get(name).commandLog();
            assertEquals(1, log.size(), name + ": " + log);
            assertTrue(log.get(0).contains("sh -c "), log.toString());
        }
    }

    @Test
    void theProbeTellsAWorkingKvmFromOneThatCannotBootAGuest() throws Exception {
        LabCliTest.Run r = cli("host-check", "kvm1", "broken", "novt", "--probe", "-o", "json");
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> h = byHost(r.json());

        JsonNode works = check(h.get("kvm1"), "kvm");
        assertEquals("ready", works.get("verdict").asText(), works.toString());
        assertTrue(works.get("next").isNull(), works.toString());
        assertTrue(h.get("kvm1").get("probe").get("kvm").get("booted").asBoolean());
        assertTrue(h.get("kvm1").get("probe").get("tcg").isNull());

        JsonNode broken = check(h.get("broken"), "kvm");
        assertEquals("impossible", broken.get("verdict").asText(), broken.toString());
        assertTrue(broken.get("next").asText().contains("--virt-type qemu"), broken.toString());
        String ev = broken.get("evidence").toString();
        assertTrue(ev.contains("probe: kvm guest did not boot: its serial console printed nothing within 30 s"), ev);
        assertTrue(ev.contains("probe: tcg guest reached its kernel (Linux version 6.1.0-28-amd64)"), ev);
        assertEquals(3, hosts.get("broken").commandLog().size(), hosts.get("broken").commandLog().toString()); // survey, kvm, tcg

        JsonNode novt = check(h.get("novt"), "kvm");
        assertTrue(novt.get("evidence").toString().contains("probe: not run (no /dev/kvm)"), novt.toString());
        assertEquals(1, hosts.get("novt").commandLog().size());
    }

    @Test
    void tableShowsEachHostsVerdictsAndEvidenceAndAnUnreachableHostFails() throws Exception {
        LabCliTest.Run t = cli("host-check", "bare");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("bare: Debian GNU/Linux 12 (bookworm), kernel 6.1.0-28-amd64 x86_64, 4 CPUs"), t.out());
        assertTrue(t.out().contains("kvm   installable  next: virtdeck host-setup bare --kvm"), t.out());
        assertTrue(t.out().contains("- QEMU: not installed"), t.out());

        sims.get(1).host().refuseConnections(true);
        LabCliTest.Run down = cli("host-check", "novt", "kvm1", "-o", "jsonl");
        assertEquals(1, down.code(), down.out());
        String[] lines = down.out().strip().split("\n");
        assertEquals(2, lines.length, down.out());
        // inventory order, whatever the order of the selectors
        assertTrue(lines[0].contains("\"host\":\"kvm1\",\"ok\":true"), lines[0]);
        assertTrue(lines[1].contains("\"host\":\"novt\",\"ok\":false"), lines[1]);
        assertTrue(down.err().contains("virtdeck: novt: "), down.err());
        assertFalse(down.err().contains("kvm1"), down.err());
    }
}
