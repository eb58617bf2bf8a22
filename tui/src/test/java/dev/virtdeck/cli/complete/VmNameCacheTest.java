package dev.virtdeck.cli.complete;

import dev.virtdeck.testlab.HostileNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VM-name cache: every hostile name round-trips, hosts are merged, anything unexpected reads as empty. */
class VmNameCacheTest {
    @TempDir
    Path dir;

    @Test
    void hostileNamesRoundTripAndListingsMergePerHost() throws Exception {
        VmNameCache c = new VmNameCache(dir.resolve("sub/vms.txt"), "file:/x/inv.yaml");
        List<String> names = new java.util.ArrayList<>(HostileNames.CORPUS.stream().map(HostileNames::name).toList());
        names.add("tab\there\\n and\nnewline");
        c.record(Map.of("kvm1", names, "kvm2", List.of("a")));
        c.record(Map.of("kvm2", List.of("b", "c"))); // kvm2 listed again, kvm1 not: kept
        assertEquals(Map.of("kvm1", names, "kvm2", List.of("b", "c")), c.read());
        try (var s = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of("vms.txt"), s.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
        }
    }

    @Test
    void corruptMissingOrForeignFilesReadAsNoNames() throws Exception {
        Path f = dir.resolve("vms.txt");
        VmNameCache c = new VmNameCache(f, "k");
        assertEquals(Map.of(), c.read(), "missing");
        c.record(Map.of("h", List.of("vm")));
        assertEquals(Map.of("h", List.of("vm")), c.read());
        assertEquals(Map.of(), new VmNameCache(f, "other").read(), "another inventory's key");
        String good = Files.readString(f);
        for (String bad : List.of(good + "vm\tonly-two-fields\n", good + "vm\th\tbad\\q\n", "garbage\n" + good, "")) {
            Files.writeString(f, bad);
            assertEquals(Map.of(), c.read(), bad);
        }
        Files.write(f, new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(Map.of(), c.read(), "not UTF-8");
        c.record(Map.of("h2", List.of("x"))); // a corrupt file is replaced by the next listing
        assertEquals(Map.of("h2", List.of("x")), c.read());
    }

    @Test
    void keyNamesTheInventoryByItsAbsolutePath() {
        Path cwd = dir;
        String a = InventorySource.of("inv.yaml", cwd, dir.resolve("ssh")).key();
        assertEquals(a, InventorySource.of(dir.resolve("x/../inv.yaml").toString(), cwd, dir.resolve("ssh")).key());
        assertTrue(!a.equals(InventorySource.of("ssh:", cwd, dir.resolve("ssh")).key()));
        assertEquals(InventorySource.of("ssh:", cwd, dir.resolve("ssh")).key(),
                InventorySource.of("ssh:" + dir.resolve("ssh"), cwd, null).key());
        assertTrue(!VmNameCache.of(a).file().equals(VmNameCache.of(a + "2").file()));
    }
}
