package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ansible inventories (INI and YAML) read as virtdeck inventories. */
class AnsibleInventoryTest {
    private static final Path INI = Path.of("hosts.ini");
    private static final Path YML = Path.of("hosts.yml");
    private static final List<String> KINDS = List.of("libvirt", "lxc", "xapi", "xl", "xm", "vbox");

    /** A site inventory as people write them: ungrouped hosts, ranges, groups of groups, vars at every level. */
    static final String SITE_INI = """
            # site inventory
            bastion ansible_host=203.0.113.5 ansible_port=2222 virtdeck_tags=edge

            [kvm_rack1]
            kvm[01:03].example.net   virtdeck_drivers=libvirt
            kvm04.example.net:2200   ansible_user=ops  # odd one out

            [xen]
            xen-[a:b] ansible_host=10.0.1.1 virtdeck_drivers="xl"

            ; groups of groups
            [hypervisors:children]
            kvm_rack1
            xen

            [prod:children]
            hypervisors

            [all:vars]
            ansible_user=admin
            ansible_ssh_private_key_file=~/.ssh/site_ed25519
            virtdeck_connect_timeout=15
            ansible_python_interpreter=/usr/bin/python3

            [hypervisors:vars]
            virtdeck_sudo=yes
            virtdeck_jump=bastion
            virtdeck_tags=hv

            [kvm_rack1:vars]
            virtdeck_libvirt_transport=virsh
            virtdeck_libvirt_uri = qemu+ssh://ignored/system

            [xen:vars]
            virtdeck_xen_config_dir=/etc/xen/auto
            virtdeck_sudo=no

            [prod:vars]
            virtdeck_tags=prod
            virtdeck_sudo=false
            """;

    @Test
    void iniWithRangesGroupsOfGroupsAndVars() throws Exception {
        Inventory inv = InventoryLoader.parse(SITE_INI, INI, KINDS);
        assertEquals(List.of("bastion", "kvm01.example.net", "kvm02.example.net", "kvm03.example.net",
                "kvm04.example.net", "xen-a", "xen-b"), List.copyOf(inv.hosts().keySet()));
        assertEquals(new Defaults("admin", null, "~/.ssh/site_ed25519", null, Duration.ofSeconds(15)), inv.defaults());

        Host bastion = inv.hosts().get("bastion");
        assertEquals("203.0.113.5", bastion.address());
        assertEquals(2222, bastion.port());
        assertEquals(null, bastion.user()); // from defaults when resolved
        assertEquals(List.of(), bastion.groups());
        assertEquals(List.of("edge"), bastion.tags());
        assertEquals(2, bastion.line());

        Host kvm2 = inv.hosts().get("kvm02.example.net");
        assertEquals("kvm02.example.net", kvm2.address());
        assertEquals(List.of("libvirt"), kvm2.drivers());
        assertEquals(new LibvirtSettings("qemu+ssh://ignored/system", Transport.VIRSH), kvm2.libvirt());
        // hypervisors says yes, its parent prod says false: the deeper group wins
        assertTrue(kvm2.sudo());
        assertEquals("bastion", kvm2.jump());
        assertEquals(List.of("kvm_rack1", "hypervisors", "prod"), kvm2.groups());
        assertEquals(List.of("prod", "hv"), kvm2.tags(), "tags add up, shallowest group first");
        assertEquals(5, kvm2.line());

        Host kvm4 = inv.hosts().get("kvm04.example.net");
        assertEquals(2200, kvm4.port());
        assertEquals("ops", kvm4.user());

        Host xenA = inv.hosts().get("xen-a");
        assertEquals("10.0.1.1", xenA.address());
        assertEquals(List.of("xl"), xenA.drivers());
        assertFalse(xenA.sudo(), "xen:vars (deeper) beats hypervisors:vars");
        assertEquals("/etc/xen/auto", xenA.xen().configDir());
        assertEquals(LibvirtSettings.DEFAULT, xenA.libvirt());

        assertEquals(List.of("kvm_rack1", "xen", "hypervisors", "prod"), List.copyOf(inv.groups().keySet()));
        assertEquals(6, inv.hostsInGroup("prod").size());
        assertEquals(List.of("xen-a", "xen-b"), inv.hostsInGroup("xen").stream().map(Host::name).toList());
    }

    @Test
    void hostVarsBeatGroupVarsAndChildGroupsBeatParents() throws Exception {
        String ini = """
                [web]
                w1
                w2 ansible_user=hostuser ansible_port=2202

                [dc1:children]
                web

                [web:vars]
                ansible_user=webuser

                [dc1:vars]
                ansible_user=dcuser
                ansible_port=2201

                [all:vars]
                ansible_user=everyone
                ansible_port=22
                """;
        Inventory inv = InventoryLoader.parse(ini, INI);
        assertEquals("webuser", inv.hosts().get("w1").user());
        assertEquals(2201, inv.hosts().get("w1").port());
        assertEquals("hostuser", inv.hosts().get("w2").user());
        assertEquals(2202, inv.hosts().get("w2").port());
        assertEquals("everyone", inv.defaults().user());
        assertEquals(22, inv.defaults().port());
    }

    @Test
    void virtdecksOwnConnectionVariablesBeatAnsiblesWhereverSet() throws Exception {
        String ini = """
                [xcp]
                xcp1 ansible_user=deploy ansible_port=22
                xcp2 ansible_user=deploy virtdeck_user=admin

                [xcp:vars]
                ansible_become=true

                [all:vars]
                virtdeck_user=root
                virtdeck_port=2222
                ansible_user=deploy
                """;
        Inventory inv = InventoryLoader.parse(ini, INI);
        assertEquals("root", inv.hosts().get("xcp1").user(), "all's virtdeck_user beats the host's ansible_user");
        assertEquals(2222, inv.hosts().get("xcp1").port());
        assertEquals("admin", inv.hosts().get("xcp2").user(), "a host's virtdeck_user beats all's");
        assertEquals("deploy", inv.defaults().user());
    }

    @Test
    void sameDepthGroupsApplyByName() throws Exception {
        String ini = "[zeta]\nh\n[alpha]\nh\n[zeta:vars]\nansible_user=z\n[alpha:vars]\nansible_user=a\n";
        assertEquals("z", InventoryLoader.parse(ini, INI).hosts().get("h").user());
    }

    static final String SITE_YAML = """
            all:
              vars:
                ansible_user: admin
                ansible_port: 22
              hosts:
                bastion:
                  ansible_host: 203.0.113.5
                  virtdeck_tags: [edge, dmz]
              children:
                datacenter:
                  vars:
                    virtdeck_jump: bastion
                    virtdeck_tags: dc
                  children:
                    kvm:
                      hosts:
                        kvm[1:2]:
                          virtdeck_drivers: [libvirt, lxc]
                        kvm3:
                          ansible_port: 2203
                          virtdeck_sudo: true
                          virtdeck_connect_timeout: 40
                      vars:
                        virtdeck_libvirt_transport: native
                    xcp:
                      hosts:
                        xcp1: {ansible_host: 10.0.0.21, ansible_user: root, virtdeck_drivers: xapi}
                  hosts:
                    kvm3:
                      virtdeck_xen_save_dir: /var/lib/xen/save
                lab:
                  hosts:
                    kvm1:
            """;

    @Test
    void yamlWithNestedChildren() throws Exception {
        Inventory inv = InventoryLoader.parse(SITE_YAML, YML, KINDS);
        assertEquals(List.of("bastion", "kvm1", "kvm2", "kvm3", "xcp1"), List.copyOf(inv.hosts().keySet()));
        assertEquals("admin", inv.defaults().user());
        assertEquals(List.of("edge", "dmz"), inv.hosts().get("bastion").tags());

        Host kvm1 = inv.hosts().get("kvm1");
        assertEquals(List.of("libvirt", "lxc"), kvm1.drivers());
        assertEquals(Transport.NATIVE, kvm1.libvirt().transport());
        assertEquals("bastion", kvm1.jump());
        assertEquals(List.of("datacenter", "kvm", "lab"), kvm1.groups());
        assertEquals(List.of("dc"), kvm1.tags());

        Host kvm3 = inv.hosts().get("kvm3");
        assertEquals(2203, kvm3.port());
        assertTrue(kvm3.sudo());
        assertEquals(Duration.ofSeconds(40), kvm3.connectTimeout());
        assertEquals("/var/lib/xen/save", kvm3.xen().saveDir(), "a host listed twice gets both sets of variables");
        assertEquals(List.of("datacenter", "kvm"), kvm3.groups());

        Host xcp1 = inv.hosts().get("xcp1");
        assertEquals("root", xcp1.user());
        assertEquals(List.of("xapi"), xcp1.drivers());
        assertEquals(List.of("kvm1", "kvm2", "kvm3", "xcp1"),
                inv.hostsInGroup("datacenter").stream().map(Host::name).toList());
    }

    @Test
    void topLevelGroupsWithoutAllAreAnsibleToo() throws Exception {
        Inventory inv = InventoryLoader.parse("web:\n  hosts:\n    w1:\n    w2:\ndb:\n  hosts: {d1: {ansible_port: 5522}}\n",
                YML);
        assertEquals(List.of("w1", "w2", "d1"), List.copyOf(inv.hosts().keySet()));
        assertEquals(5522, inv.hosts().get("d1").port());
        assertEquals(List.of("web"), inv.hosts().get("w1").groups());
    }

    @Test
    void virtdeckYamlIsStillVirtdecks() throws Exception {
        Inventory inv = InventoryLoader.parse("hosts:\n  all: {port: 2200}\n", YML);
        assertEquals(2200, inv.hosts().get("all").port());
    }

    static Stream<Arguments> ranges() {
        return Stream.of(
                Arguments.of("web[01:03]", List.of("web01", "web02", "web03")),
                Arguments.of("web[1:3].x", List.of("web1.x", "web2.x", "web3.x")),
                Arguments.of("db-[a:c]", List.of("db-a", "db-b", "db-c")),
                Arguments.of("n[0:10:5]", List.of("n0", "n5", "n10")),
                Arguments.of("r[1:2]-[a:b]", List.of("r1-a", "r1-b", "r2-a", "r2-b")),
                Arguments.of("plain", List.of("plain")));
    }

    @ParameterizedTest
    @MethodSource
    void ranges(String pattern, List<String> names) {
        assertEquals(names, HostRanges.expand(pattern));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(INI, "[web]\nw1 ansible_port=abc\n",
                        "hosts.ini:2:17: w1.ansible_port: expected a port number from 1 to 65535, got the text 'abc'"),
                Arguments.of(INI, "[web]\nw1\n[web:vars]\nvirtdeck_drivers=libvirt,kvm\n",
                        "hosts.ini:4:18: web:vars.virtdeck_drivers: unknown driver 'kvm'; expected one of libvirt,"
                                + " lxc, xapi, xl, xm, vbox"),
                Arguments.of(INI, "[web]\nw1 virtdeck_drviers=libvirt\n",
                        "hosts.ini:2:4: w1.virtdeck_drviers: unknown virtdeck variable; expected one of"
                                + " virtdeck_address, virtdeck_port, virtdeck_user, virtdeck_identity,"
                                + " virtdeck_drivers, virtdeck_libvirt_uri, virtdeck_libvirt_transport, virtdeck_sudo,"
                                + " virtdeck_jump, virtdeck_connect_timeout, virtdeck_known_hosts,"
                                + " virtdeck_xen_config_dir, virtdeck_xen_save_dir, virtdeck_tags (did you mean"
                                + " 'virtdeck_drivers'?)"),
                Arguments.of(INI, "[web]\nw1\n\n[web:vars]\nvirtdeck_sudo=maybe\n",
                        "hosts.ini:5:15: web:vars.virtdeck_sudo: expected true or false, got the text 'maybe'"),
                Arguments.of(INI, "[web]\nw[1:x]\n", "hosts.ini:2:1: web: the range in 'w[1:x]' mixes or misspells"),
                Arguments.of(INI, "[web]\nw1 novalue\n", "hosts.ini:2:4: w1: expected KEY=VALUE after the host name,"
                        + " got 'novalue'"),
                Arguments.of(INI, "[web:child]\nw1\n", "hosts.ini:1:1: unknown section type ':child'"),
                Arguments.of(INI, "[web]\nw1 virtdeck_jump=w2\n",
                        "hosts.ini:2:18: w1.virtdeck_jump: unknown jump host 'w2': a bare name must be a host"),
                Arguments.of(INI, "[a:children]\nb\n[b:children]\na\n[a]\nh\n",
                        "hosts.ini:1: a: groups contain each other: a -> b -> a"),
                Arguments.of(INI, "[web]\nw1 virtdeck_libvirt_transport=nativ\n",
                        "hosts.ini:2:31: w1.virtdeck_libvirt_transport: unknown transport 'nativ'"),
                Arguments.of(YML, "all:\n  hosts:\n    k1:\n      ansible_port: 70000\n",
                        "hosts.yml:4:21: k1.ansible_port: expected a port number from 1 to 65535, got the number"
                                + " 70000"),
                Arguments.of(YML, "all:\n  children:\n    g:\n      host: {a: }\n",
                        "hosts.yml:4:7: all.children.g.host: unknown key in a group; expected one of hosts, children,"
                                + " vars (did you mean 'hosts'?)"),
                Arguments.of(YML, "all:\n  vars:\n    virtdeck_xen_config_dir: etc/xen\n  hosts: {x: }\n",
                        "hosts.yml:3:30: all:vars.virtdeck_xen_config_dir: the Xen config directory must be an"
                                + " absolute path"));
    }

    @ParameterizedTest
    @MethodSource
    void errors(Path file, String text, String messageStart) {
        InventoryException e = assertThrows(InventoryException.class, () -> InventoryLoader.parse(text, file, KINDS));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }

    @Test
    void contentNotFileNameDecidesTheFormat() throws Exception {
        assertEquals(3, InventoryLoader.parse("[web]\nw[1:3]\n", Path.of("inventory.yaml")).hosts().size());
        assertEquals(1, InventoryLoader.parse("hosts:\n  a: {}\n", Path.of("hosts.ini")).hosts().size());
        assertEquals(1, InventoryLoader.parse("# only ungrouped\nsolo ansible_host=10.0.0.9\n", null).hosts().size());
    }
}
