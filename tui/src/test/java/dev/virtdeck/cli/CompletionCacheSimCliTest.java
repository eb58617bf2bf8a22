package dev.virtdeck.cli;

import dev.virtdeck.cli.complete.CompleteCommand;
import dev.virtdeck.cli.complete.InventorySource;
import dev.virtdeck.cli.complete.VmNameCache;
import dev.virtdeck.inventory.Selector;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VM-name cache over real SSH to simulated hosts: a listing writes it, completion reads it
 * (without contacting a host), a host that is down keeps its names, a corrupt file means no VM
 * names but still the inventory's.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CompletionCacheSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        SimHost kvm1 = SimHost.of(HostKind.KVM, "kvm1");
        kvm1.addVm("web 1").memory(128).vcpus(1);
        kvm1.addVm("vd it's").memory(128).vcpus(1);
        SimHost kvm2 = SimHost.of(HostKind.KVM, "kvm2");
        kvm2.addVm("db").memory(128).vcpus(1);
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (SimHost h : List.of(kvm1, kvm2)) {
            SimSshHost s = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(s);
            inv.append("  ").append(h.hostname()).append(": {address: 127.0.0.1, port: ").append(s.port())
                    .append(", user: root, identity: ").append(s.key()).append(", known_hosts: ").append(s.knownHosts())
                    .append(", drivers: [libvirt], libvirt: {transport: virsh}}\n");
        }
        inventory = Files.writeString(dir.resolve("inventory.yaml"), inv.toString());
    }

    @AfterEach
    void stop() {
        sims.forEach(SimSshHost::close);
    }

    LabCliTest.Run cli(String... args) {
        return LabCliTest.cliSim(inventory, dir, args);
    }

    /** What zsh and fish get for {@code line} (whole words, no quoting). */
    List<String> complete(String line) {
        List<String> out = CompleteCommand.answer(Main.model(), List.of("fish", line), dir);
        return out.subList(1, out.size());
    }

    @Test
    void aListingFillsTheCacheThatCompletionReads() throws Exception {
        String line = "virtdeck -i " + inventory + " start ";
        assertEquals(List.of(), complete(line + "kvm1:"), "nothing listed yet");

        LabCliTest.Run list = cli("list");
        assertEquals(0, list.code(), list.err());
        assertEquals(List.of(Selector.exact("kvm1", "vd it's"), Selector.exact("kvm1", "web 1")),
                complete(line + "kvm1:").stream().sorted().toList());
        assertEquals(List.of("kvm2:db"), complete(line + "kvm2:"));

        sims.get(1).close(); // kvm2 down: its names stay, kvm1's are listed again
        sims.get(0).host().addVm("new").memory(128).vcpus(1);
        LabCliTest.Run again = cli("list");
        assertEquals(1, again.code(), "a host down");
        assertTrue(complete(line + "kvm1:").contains("kvm1:new"), complete(line + "kvm1:").toString());
        assertEquals(List.of("kvm2:db"), complete(line + "kvm2:"));

        Path cache = VmNameCache.of(InventorySource.of(inventory.toString(), dir, null).key()).file();
        assertTrue(Files.isRegularFile(cache), cache.toString());
        Files.writeString(cache, "virtdeck-vm-names 1\n\0garbage\tx\n");
        assertEquals(List.of(), complete(line + "kvm1:"), "a corrupt cache: no VM names");
        assertEquals(List.of("kvm1:", "kvm2:"), complete(line + "kvm"), "the inventory's names still");
    }

    @Test
    void anActionsListingFillsItToo() {
        LabCliTest.Run start = cli("start", "kvm2:db");
        assertEquals(0, start.code(), start.err());
        assertEquals(List.of("kvm2:db"), complete("virtdeck -i " + inventory + " poweroff kvm2:"));
    }
}
