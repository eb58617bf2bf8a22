package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.virtdeck.cli.CliTest.VM_FIELDS;
import static dev.virtdeck.cli.CliTest.fields;
import static dev.virtdeck.cli.CliTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code show}: table, JSON schema, --raw, and failures naming host, VM and command. */
class ShowCliTest {
    static final List<String> SHOW_FIELDS;
    static {
        List<String> f = new java.util.ArrayList<>(List.of("target"));
        f.addAll(VM_FIELDS);
        f.addAll(List.of("autostart", "disks", "nics", "consoles", "notes"));
        SHOW_FIELDS = List.copyOf(f);
    }
    static final List<String> DISK_FIELDS = List.of("target", "device", "bus", "source", "format", "capacityBytes",
            "allocationBytes", "readOnly");
    static final List<String> NIC_FIELDS = List.of("mac", "networkType", "network", "model", "device", "addresses");
    static final List<String> ADDRESS_FIELDS = List.of("address", "prefix", "family", "origin");
    static final List<String> CONSOLE_FIELDS = List.of("kind", "type", "target", "path");

    @TempDir
    Path dir;

    /** kvm1's VMs described with a disk, a cdrom, a NIC with a lease, a serial console. */
    static final class Describing extends FakeDriver {
        Describing(String host, String... vms) {
            super(host, vms);
        }

        @Override
        public VmDetails describe(String vm) {
            if (vm.equals("db")) {
                throw new CommandFailedException(host(), vm, "virsh -c qemu:///system 'dominfo --domain ...'", 1, "",
                        "error: internal error: broken");
            }
            return new VmDetails(details(vm),
                    List.of(new Disk("vda", DeviceKind.DISK, "virtio", "/img/" + vm + ".qcow2", "qcow2", 1L << 30, 200704L, false),
                            new Disk("sda", DeviceKind.CDROM, "sata", null, "raw", null, null, true)),
                    List.of(new Nic("52:54:00:4b:0e:b3", "network", "default", "virtio", "vnet0",
                            List.of(new Address("192.0.2.83", 24, "ipv4", AddressOrigin.LEASE)))),
                    List.of(new Console("serial", "pty", "isa-serial 0", "/dev/pts/3")), true, List.of());
        }

        @Override
        public String rawConfig(String vm) {
            if (vm.equals("db")) throw new CommandFailedException(host(), vm, "virsh -c qemu:///system dumpxml --domain db", 1,
                    "", "error: internal error: broken");
            return "<domain><name>" + vm + "</name></domain>\n";
        }
    }

    private Harness harness() {
        Harness h = new Harness(dir);
        h.drivers.put("kvm1", new Describing("kvm1", "web", "db"));
        h.drivers.put("kvm2", new FakeDriver("kvm2", "web", "cache") {
            @Override
            public Capabilities capabilities() {
                return Capabilities.allSupported().with(Capability.unsupported(Operation.SHOW, "not implemented yet for xl"))
                        .build();
            }
        });
        return h;
    }

    @Test
    void tableShowsFactsDisksNicsAndConsoles() {
        Harness.Result r = harness().run("show", "kvm1:web");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                VM          kvm1:web
                driver      libvirt
                uuid        uuid-web
                state       shutoff (shut off)
                vcpus       1/2
                memory      192/256 MiB
                persistent  yes
                autostart   yes

                DISK  DEVICE      BUS     SOURCE          FORMAT  CAPACITY  ALLOCATION
                vda   disk        virtio  /img/web.qcow2  qcow2   1.0 GiB   196.0 KiB
                sda   cdrom (ro)  sata    -               raw     -         -

                NIC    MAC                TYPE     NETWORK  MODEL   ADDRESSES
                vnet0  52:54:00:4b:0e:b3  network  default  virtio  192.0.2.83/24 (lease)

                CONSOLE  TYPE  TARGET        PATH
                serial   pty   isa-serial 0  /dev/pts/3
                """, r.out());
    }

    @Test
    void jsonHasEveryDocumentedFieldAndFailuresNameTheCommand() throws Exception {
        Harness.Result r = harness().run("show", "kvm1:*", "kvm2:web", "-o", "json");
        assertEquals(1, r.code(), "db failed and kvm2 cannot show");
        JsonNode root = json(r);
        assertEquals(List.of("vms", "errors"), fields(root));
        assertEquals(1, root.get("vms").size());
        JsonNode web = root.get("vms").get(0);
        assertEquals(SHOW_FIELDS, fields(web));
        assertEquals("kvm1:web", web.get("target").asText());
        assertTrue(web.get("autostart").asBoolean());
        for (JsonNode d : web.get("disks")) assertEquals(DISK_FIELDS, fields(d));
        assertEquals(1L << 30, web.get("disks").get(0).get("capacityBytes").asLong());
        assertEquals("cdrom", web.get("disks").get(1).get("device").asText());
        assertTrue(web.get("disks").get(1).get("source").isNull());
        JsonNode nic = web.get("nics").get(0);
        assertEquals(NIC_FIELDS, fields(nic));
        assertEquals(ADDRESS_FIELDS, fields(nic.get("addresses").get(0)));
        assertEquals("lease", nic.get("addresses").get(0).get("origin").asText());
        assertEquals(24, nic.get("addresses").get(0).get("prefix").asInt());
        assertEquals(CONSOLE_FIELDS, fields(web.get("consoles").get(0)));

        JsonNode errors = root.get("errors");
        assertEquals(List.of("kvm1:db", "kvm2:web"), errors.findValuesAsText("target"));
        assertEquals(List.of("failed", "unsupported"), errors.findValuesAsText("outcome"));
        assertEquals("virsh -c qemu:///system 'dominfo --domain ...'", errors.get(0).get("command").asText());
        assertTrue(r.err().contains("virtdeck: kvm1: db: `virsh -c qemu:///system 'dominfo --domain ...'` exited 1"), r.err());
        assertTrue(r.err().contains("virtdeck: kvm2: web: show is not supported: not implemented yet for xl\n"), r.err());
    }

    @Test
    void rawPrintsTheConfigAsIsAndHeadsEachWhenThereAreSeveral() throws Exception {
        Harness h = harness();
        Harness.Result one = h.run("show", "--raw", "kvm1:web");
        assertEquals(0, one.code(), one.err());
        assertEquals("<domain><name>web</name></domain>\n", one.out());
        Harness.Result two = h.run("show", "--raw", "kvm1:web", "kvm1:db");
        assertEquals(1, two.code());
        assertEquals("<domain><name>web</name></domain>\n", two.out(), "only the one read; db's error on stderr");
        Harness.Result js = h.run("show", "--raw", "kvm1:web", "-o", "json");
        JsonNode c = json(js).get("configs").get(0);
        assertEquals(List.of("target", "host", "name", "driver", "config"), fields(c));
        assertEquals("<domain><name>web</name></domain>\n", c.get("config").asText());
    }

    @Test
    void jsonlIsOneObjectPerVm() throws Exception {
        Harness.Result r = harness().run("show", "kvm1:web", "-o", "jsonl");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length, r.out());
        assertEquals(SHOW_FIELDS, fields(CliTest.JSON.readTree(lines[0])));
    }
}
