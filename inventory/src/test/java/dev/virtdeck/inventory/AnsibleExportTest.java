package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code inventory export}: an Ansible YAML inventory that reads back to the same inventory. */
class AnsibleExportTest {
    private static final Path FILE = Path.of("inventory.yaml");

    /** Every key of docs/inventory.md's full example, plus awkward values. */
    private static final String FULL = """
            defaults:
              user: admin
              port: 22
              identity: ~/.ssh/id_ed25519
              known_hosts: ~/.ssh/known_hosts
              connect_timeout: 10
            hosts:
              bastion: {address: bastion.example.net, port: 2222, tags: [edge]}
              kvm1:
                address: 10.0.0.11
                drivers: [libvirt, lxc]
                libvirt: {uri: "qemu+tcp://x/system", transport: native}
                sudo: true
                jump: bastion
                groups: [rack1]
                tags: [prod, ssd, "yes", "with: colon"]
              kvm2:
                address: kvm2-alias
                user: ops
                identity: keys/kvm2_ed25519
                known_hosts: /etc/virtdeck/known_hosts
                connect_timeout: 60
                libvirt: {transport: virsh}
                xen: {config_dir: /etc/xen/cfg, save_dir: /var/lib/xen/save}
                jump: jumper@gw.example.net:2200
                groups: [rack1, lab]
              kvm3: {}
              "10.0.0.99": {user: "true"}
            groups:
              lab:
                hosts: [kvm1]
              edge: {hosts: [bastion]}
              empty: {}
            """;

    @Test
    void exportReadsBackToTheSameInventory() throws Exception {
        Inventory original = InventoryLoader.parse(FULL, FILE);
        String yaml = AnsibleExport.write(original);
        Inventory back = InventoryLoader.parse(yaml, Path.of("exported.yml"));

        assertTrue(yaml.startsWith("# Ansible inventory written by virtdeck"), yaml);
        assertTrue(yaml.contains("\nall:\n"), yaml);
        assertEquals(original.defaults(), back.defaults());
        assertEquals(List.copyOf(original.hosts().keySet()), List.copyOf(back.hosts().keySet()));
        for (Host h : original.hosts().values()) {
            assertEquals(comparable(h), comparable(back.hosts().get(h.name())), yaml);
        }
        assertEquals(members(original), members(back), yaml);
    }

    @Test
    void anAnsibleInventoryExportsToo() throws Exception {
        Inventory ini = InventoryLoader.parse(AnsibleInventoryTest.SITE_INI, Path.of("hosts.ini"));
        Inventory back = InventoryLoader.parse(AnsibleExport.write(ini), Path.of("x.yml"));
        for (Host h : ini.hosts().values()) {
            assertEquals(comparable(h), comparable(back.hosts().get(h.name())));
        }
        assertEquals(members(ini), members(back));
        assertEquals(ini.defaults(), back.defaults());
    }

    @Test
    void anEmptyInventoryAndBareHostsExportToo() throws Exception {
        assertEquals(0, InventoryLoader.parse(AnsibleExport.write(Inventory.empty(null)), FILE).hosts().size());
        Inventory bare = new Inventory(null, Defaults.NONE, Map.of("gw", Host.named("gw")), Map.of());
        String yaml = AnsibleExport.write(bare);
        assertTrue(yaml.endsWith("  hosts:\n    gw: {}\n"), yaml);
        assertEquals(comparable(Host.named("gw")), comparable(InventoryLoader.parse(yaml, FILE).hosts().get("gw")));
    }

    @Test
    void textThatYamlWouldRetypeIsQuoted() {
        assertEquals("kvm1", AnsibleExport.scalar("kvm1"));
        assertEquals("~/.ssh/id", AnsibleExport.scalar("~/.ssh/id"));
        assertEquals("\"10.0.0.1\"", AnsibleExport.scalar("10.0.0.1"));
        assertEquals("\"yes\"", AnsibleExport.scalar("yes"));
        assertEquals("\"~\"", AnsibleExport.scalar("~"));
        assertEquals("\"a: b\"", AnsibleExport.scalar("a: b"));
        assertEquals("\"say \\\"hi\\\"\"", AnsibleExport.scalar("say \"hi\""));
    }

    /**
     * The host without its line (the files differ) and its groups: a virtdeck host lists only the
     * groups it names itself, a host read from Ansible all of them; {@link #members} compares them.
     */
    private static Host comparable(Host h) {
        return new Host(h.name(), h.address(), h.port(), h.user(), h.identity(), h.knownHosts(), h.drivers(),
                h.libvirt(), h.sudo(), h.jump(), List.of(), h.tags(), 0, h.xen(),
                h.connectTimeout());
    }

    private static Map<String, List<String>> members(Inventory inv) {
        Map<String, List<String>> out = new TreeMap<>();
        inv.groups().keySet().forEach(g -> out.put(g, inv.hostsInGroup(g).stream().map(Host::name).toList()));
        return out;
    }
}
