package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.inventory.Host;
import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.InventoryLoader;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VmPowerState;
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
 * The inventories people already have, over real SSH to simulated hosts: an Ansible INI file, an
 * Ansible YAML file and {@code -i ssh:} (an ssh config with an Include and wildcards) each give
 * {@code list}, an action, {@code tag:}, {@code -l} and {@code inventory export}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InventorySourcesSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost kvm1;
    SimHost kvm2;

    @BeforeEach
    void serve() throws Exception {
        kvm1 = SimHost.of(HostKind.KVM, "kvm1");
        kvm1.addVm("web-1").memory(128).vcpus(1).state(VmPowerState.RUNNING);
        kvm1.addVm("db-1").memory(128).vcpus(1);
        kvm2 = SimHost.of(HostKind.KVM, "kvm2");
        kvm2.addVm("web-2").memory(128).vcpus(1);
        for (SimHost h : List.of(kvm1, kvm2)) {
            sims.add(SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname()))));
        }
    }

    @AfterEach
    void stop() {
        sims.forEach(SimSshHost::close);
    }

    LabCliTest.Run cli(Path sshConfig, String... args) {
        List<String> all = new ArrayList<>(List.of("--connect-timeout", "5"));
        all.addAll(List.of(args));
        return LabCliTest.cliReal(null, sshConfig, all.toArray(String[]::new));
    }

    LabCliTest.Run cli(String... args) {
        return cli(dir.resolve("no-ssh-config"), args);
    }

    private String hostVars(int i, String sep) {
        SimSshHost s = sims.get(i);
        return String.join(sep, "ansible_host" + (sep.equals(" ") ? "=" : ": ") + "127.0.0.1",
                "ansible_port" + (sep.equals(" ") ? "=" : ": ") + s.port(),
                "ansible_ssh_private_key_file" + (sep.equals(" ") ? "=" : ": ") + s.key(),
                "virtdeck_known_hosts" + (sep.equals(" ") ? "=" : ": ") + s.knownHosts());
    }

    private static List<String> vms(LabCliTest.Run r) throws Exception {
        assertEquals(0, r.code(), r.err());
        List<String> out = new ArrayList<>();
        for (JsonNode v : r.json().get("vms")) out.add(v.get("host").asText() + ":" + v.get("name").asText());
        return out;
    }

    @Test
    void ansibleIni() throws Exception {
        Path ini = Files.writeString(dir.resolve("hosts"), """
                # production
                [web]
                kvm1 %s virtdeck_tags=prod

                [db]
                kvm2 %s

                [hypervisors:children]
                web
                db

                [hypervisors:vars]
                virtdeck_drivers=libvirt
                virtdeck_libvirt_transport=virsh

                [all:vars]
                ansible_user=root
                """.formatted(hostVars(0, " "), hostVars(1, " ")));
        String i = ini.toString();
        assertEquals(List.of("kvm1:db-1", "kvm1:web-1", "kvm2:web-2"), sorted(vms(cli("-i", i, "list", "-o", "json"))));
        assertEquals(List.of("kvm1:db-1", "kvm1:web-1"), sorted(vms(cli("-i", i, "list", "tag:prod", "-o", "json"))));
        assertEquals(List.of("kvm2:web-2"), sorted(vms(cli("-i", i, "-l", "db", "list", "-o", "json"))));
        assertEquals(List.of("kvm2:web-2"), sorted(vms(cli("-i", i, "list", "--limit", "hypervisors,!tag:prod",
                "-o", "json"))));
        assertEquals(List.of("kvm1:web-1", "kvm2:web-2"), sorted(vms(cli("-i", i, "list", "@hypervisors:web-*",
                "-o", "json"))));

        LabCliTest.Run start = cli("-i", i, "start", "@db:web-2");
        assertEquals(0, start.code(), start.err());
        assertEquals(VmPowerState.RUNNING, kvm2.vm("web-2").state());

        LabCliTest.Run limited = cli("-i", i, "-l", "web", "start", "web-2");
        assertEquals(2, limited.code(), "the limit leaves kvm2 out: nothing matches");
        assertTrue(limited.err().contains("selector 'web-2' matches nothing"), limited.err());

        LabCliTest.Run typo = cli("-i", i, "-l", "wbe", "list");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("--limit 'wbe': 'wbe' matches no host, group or tag of the inventory (did you"
                + " mean 'web'?)"), typo.err());

        // export, then the export is an inventory that works the same
        LabCliTest.Run export = cli("-i", i, "inventory", "export");
        assertEquals(0, export.code(), export.err());
        Path exported = Files.writeString(dir.resolve("exported.yml"), export.out());
        Inventory before = InventoryLoader.load(ini);
        Inventory after = InventoryLoader.load(exported);
        assertEquals(before.defaults(), after.defaults());
        for (Host h : before.hosts().values()) {
            Host a = after.hosts().get(h.name());
            assertEquals(List.of(h.address(), h.port(), h.identity(), h.knownHosts(), h.drivers(), h.libvirt(), h.tags(),
                    h.groups()), List.of(a.address(), a.port(), a.identity(), a.knownHosts(), a.drivers(), a.libvirt(),
                    a.tags(), a.groups()));
        }
        assertEquals(List.of("kvm1:db-1", "kvm1:web-1", "kvm2:web-2"),
                sorted(vms(cli("-i", exported.toString(), "list", "-o", "json"))));
        assertEquals(0, cli("-i", i, "inventory", "export", "-o", "yaml").code());
        LabCliTest.Run json = cli("-i", i, "inventory", "export", "-o", "json");
        assertEquals(2, json.code());
        assertTrue(json.err().contains("inventory export writes YAML"), json.err());
        LabCliTest.Run bare = cli("-i", i, "inventory");
        assertEquals(2, bare.code());
        assertTrue(bare.err().contains("inventory needs a command: export"), bare.err());
        LabCliTest.Run yamlList = cli("-i", i, "list", "-o", "yaml");
        assertEquals(2, yamlList.code());
        assertTrue(yamlList.err().contains("-o yaml is for inventory export only"), yamlList.err());
    }

    @Test
    void ansibleYaml() throws Exception {
        Path yml = Files.writeString(dir.resolve("inventory.yml"), """
                all:
                  vars:
                    ansible_user: root
                    virtdeck_drivers: [libvirt]
                    virtdeck_libvirt_transport: virsh
                  children:
                    site:
                      vars:
                        virtdeck_tags: [site]
                      children:
                        rack1:
                          hosts:
                            kvm1: {%s}
                        rack2:
                          hosts:
                            kvm2: {%s, virtdeck_tags: spare}
                """.formatted(hostVars(0, ", "), hostVars(1, ", ")));
        String y = yml.toString();
        assertEquals(List.of("kvm1:db-1", "kvm1:web-1", "kvm2:web-2"), sorted(vms(cli("-i", y, "list", "-o", "json"))));
        assertEquals(List.of("kvm2:web-2"), sorted(vms(cli("-i", y, "list", "tag:spare:*", "-o", "json"))));
        assertEquals(List.of("kvm1:db-1", "kvm1:web-1", "kvm2:web-2"),
                sorted(vms(cli("-i", y, "list", "@site", "-o", "json"))));

        LabCliTest.Run off = cli("-i", y, "poweroff", "tag:site:web-1");
        assertEquals(0, off.code(), off.err());
        assertEquals(VmPowerState.POWEROFF, kvm1.vm("web-1").state());
    }

    /**
     * Xen hosts here: an ssh: host has no virtdeck settings, so its drivers are auto-detected and
     * libvirt would take the native transport, which the simulated hosts do not serve; xl is exec'd.
     */
    @Test
    void everyConcreteHostOfTheSshConfig() throws Exception {
        SimHost xen1 = SimHost.of(HostKind.XEN, "xen1");
        xen1.addXenGuest("domu", 256, 256, 1, 1).state(VmPowerState.RUNNING);
        SimHost xen2 = SimHost.of(HostKind.XEN, "xen2");
        xen2.addXenGuest("other", 256, 256, 1, 1).state(VmPowerState.RUNNING);
        StringBuilder keys = new StringBuilder();
        List<SimSshHost> xs = new ArrayList<>();
        for (SimHost h : List.of(xen1, xen2)) {
            SimSshHost x = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(x);
            xs.add(x);
            keys.append(Files.readString(x.knownHosts())).append('\n');
        }
        String kh = Files.writeString(dir.resolve("xen_known_hosts"), keys).toString();
        Path ssh = Files.createDirectories(dir.resolve("home/.ssh"));
        Files.createDirectories(ssh.resolve("conf.d"));
        Path config = Files.writeString(ssh.resolve("config"), """
                Include conf.d/*.conf
                Host xen1
                    HostName 127.0.0.1
                    Port %d
                    IdentityFile %s
                Host *.example.net !gw
                    User nobody
                Host *
                    User root
                """.formatted(xs.get(0).port(), xs.get(0).key()));
        Files.writeString(ssh.resolve("conf.d/xen2.conf"), "Host xen2\n    HostName 127.0.0.1\n    Port %d\n    IdentityFile %s\n"
                .formatted(xs.get(1).port(), xs.get(1).key()));
        LabCliTest.Run hosts = cli(config, "-i", "ssh:", "--known-hosts", kh, "hosts", "-o", "json");
        assertEquals(0, hosts.code(), hosts.err());
        List<String> names = new ArrayList<>();
        hosts.json().get("hosts").forEach(h -> names.add(h.get("host").asText()));
        assertEquals(List.of("xen2", "xen1"), names, hosts.out());

        assertEquals(List.of("xen1:domu", "xen2:other"),
                sorted(vms(cli(config, "-i", "ssh:", "--known-hosts", kh, "list", "-o", "json"))));
        // ssh:FILE reads that file, whatever the environment's config is
        assertEquals(List.of("xen2:other"), sorted(vms(cli("-i", "ssh:" + config, "--known-hosts", kh, "list",
                "xen2:*", "-o", "json"))));
        assertEquals(List.of("xen1:domu"), sorted(vms(cli(config, "-i", "ssh:", "--known-hosts", kh, "-l", "xen1",
                "list", "-o", "json"))));

        LabCliTest.Run pause = cli(config, "-i", "ssh:", "--known-hosts", kh, "pause", "xen1:domu");
        assertEquals(0, pause.code(), pause.err());
        assertEquals(VmPowerState.PAUSED, xen1.vm("domu").state());

        // a key the sim refuses, so that the error names the user tried: -u beats the config's User
        Path other = Files.writeString(dir.resolve("other.config"), "Host xen3\n  HostName 127.0.0.1\n  Port %d\n"
                .formatted(xs.get(0).port()) + "  User root\n  IdentityFile %s\n".formatted(xs.get(1).key()));
        LabCliTest.Run asRoot = cli("-i", "ssh:" + other, "--known-hosts", kh, "list");
        assertEquals(1, asRoot.code());
        assertTrue(asRoot.err().contains("root@127.0.0.1"), asRoot.err());
        LabCliTest.Run asOther = cli("-i", "ssh:" + other, "--known-hosts", kh, "-u", "nosuchuser", "list");
        assertEquals(1, asOther.code());
        assertTrue(asOther.err().contains("nosuchuser@127.0.0.1"), asOther.err());
    }

    private static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }
}
