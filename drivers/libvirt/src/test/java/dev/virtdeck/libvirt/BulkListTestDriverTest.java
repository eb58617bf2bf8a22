package dev.virtdeck.libvirt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bulk list and the per-domain list give the same records on libvirt's in-process test
 * driver (no daemon, no RPC). That driver's stats carry the state only, so this exercises the
 * JNA binding of virConnectGetAllDomainStats (records, domain objects, freeing) and the
 * per-domain fallback; the stats-only path is compared on a real qemu driver by
 * {@code bench/libvirt-bulk-list.sh}, which checks both lists are equal before timing.
 */
class BulkListTestDriverTest {

    private static final String NS = "xmlns:test='http://libvirt.org/schemas/domain/test/1.0'";

    private static String domain(String name, String extra) {
        return "<domain type='test' " + NS + "><name>" + name + "</name><memory>262144</memory>"
                + "<currentMemory>196608</currentMemory><vcpu current='1'>2</vcpu><os><type>hvm</type></os>"
                + extra + "</domain>";
    }

    @Test
    void bulkAndPerDomainListsAgree(@TempDir Path dir) throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libvirt.so.0"))
                || Files.exists(Path.of("/usr/lib64/libvirt.so.0")), "libvirt client library not installed");
        Path xml = dir.resolve("node.xml");
        Files.writeString(xml, "<node>"
                + domain("run1", "")
                + domain("off1", "<test:runstate>5</test:runstate>")
                + domain("saved1", "<test:runstate>5</test:runstate><test:hasmanagedsave/>")
                + domain("paused1", "<test:runstate>3</test:runstate>")
                + domain("trans1", "<test:transient/>")
                + "</node>");
        TunnelConnect c = new TunnelConnect("test://" + xml.toAbsolutePath());
        try {
            Comparator<LibvirtExtras.DomainRecord> byName = Comparator.comparing(LibvirtExtras.DomainRecord::name);
            List<LibvirtExtras.DomainRecord> old = LibvirtExtras.listAll(c).stream().sorted(byName).toList();
            List<LibvirtExtras.DomainRecord> bulk = LibvirtExtras.listBulk(c).stream().sorted(byName).toList();
            assertEquals(5, old.size(), old.toString());
            assertEquals(old.stream().map(r -> r.withCpuTime(0)).toList(),
                    bulk.stream().map(r -> r.withCpuTime(0)).toList());
            LibvirtExtras.DomainRecord saved = bulk.stream().filter(r -> r.name().equals("saved1")).findFirst().orElseThrow();
            assertTrue(saved.managedSave(), bulk.toString());
            LibvirtExtras.DomainRecord trans = bulk.stream().filter(r -> r.name().equals("trans1")).findFirst().orElseThrow();
            assertFalse(trans.persistent(), bulk.toString());
        } finally {
            c.close();
        }
    }
}
