package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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
 * The lab through the inventories people already have: an Ansible INI file, an Ansible YAML file,
 * {@code -i ssh:} and virtdeck's own export. Each lists the lab's hosts and runs one action that
 * boots nothing ({@code autostart} on a throwaway shut-off guest of this test: vdg-ansible).
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabInventorySourcesCliTest {
    private static final String VM = "vdg-ansible";

    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;

    @BeforeEach
    void lab() throws Exception {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
        guests.define(VM, lab.cmdline());
    }

    @AfterEach
    void clean() {
        if (guests != null) guests.close();
    }

    LabCliTest.Run cli(Path sshConfig, String... args) {
        return LabCliTest.cliReal(null, sshConfig, args);
    }

    private static boolean autostart() throws Exception {
        String info = LabCliTest.exec("virsh", "-c", LabGuests.URI, "dominfo", VM);
        return info.lines().anyMatch(l -> l.matches("Autostart:\\s+enable"));
    }

    private static List<String> hostsListing(LabCliTest.Run r, String vm) throws Exception {
        assertEquals(0, r.code(), r.err());
        List<String> out = new ArrayList<>();
        for (JsonNode v : r.json().get("vms")) if (v.get("name").asText().equals(vm)) out.add(v.get("host").asText());
        return out;
    }

    @Test
    void ansibleIniYamlSshConfigAndTheExport() throws Exception {
        Path none = dir.resolve("no-ssh-config");
        Path ini = Files.writeString(dir.resolve("hosts"), """
                [lab]
                lab1 ansible_host=%s ansible_port=%d virtdeck_libvirt_transport=native virtdeck_tags=native
                lab2 ansible_host=%s ansible_port=%d virtdeck_libvirt_transport=virsh

                [hypervisors:children]
                lab

                [hypervisors:vars]
                virtdeck_drivers=libvirt

                [all:vars]
                ansible_user=%s
                ansible_ssh_private_key_file=%s
                virtdeck_known_hosts=%s
                """.formatted(lab.host(), lab.port(), lab.host2(), lab.port2(), lab.user(), lab.key(), lab.knownHosts()));
        assertEquals(List.of("lab1", "lab2"), hostsListing(cli(none, "-i", ini.toString(), "list", "-o", "json",
                "@hypervisors:" + VM), VM));
        assertEquals(List.of("lab1"), hostsListing(cli(none, "-i", ini.toString(), "list", "-o", "json",
                "tag:native:vdg-*"), VM));
        LabCliTest.Run on = cli(none, "-i", ini.toString(), "autostart", "lab1:" + VM, "on");
        assertEquals(0, on.code(), on.err());
        assertTrue(autostart());

        Path yml = Files.writeString(dir.resolve("inventory.yml"), """
                all:
                  vars: {ansible_user: %s, ansible_ssh_private_key_file: %s, virtdeck_known_hosts: %s}
                  children:
                    lab:
                      vars: {virtdeck_drivers: [libvirt], virtdeck_libvirt_transport: virsh}
                      hosts:
                        lab2: {ansible_host: %s, ansible_port: %d}
                """.formatted(lab.user(), lab.key(), lab.knownHosts(), lab.host2(), lab.port2()));
        assertEquals(List.of("lab2"), hostsListing(cli(none, "-i", yml.toString(), "list", "-o", "json"), VM));
        LabCliTest.Run off = cli(none, "-i", yml.toString(), "autostart", "@lab:" + VM, "off");
        assertEquals(0, off.code(), off.err());
        assertTrue(!autostart());

        Path ssh = Files.createDirectories(dir.resolve("home/.ssh/conf.d"));
        Path config = Files.writeString(dir.resolve("home/.ssh/config"), """
                Include conf.d/*
                Host lab1
                    HostName %s
                    Port %d
                Host lab*
                    User %s
                    IdentityFile %s
                """.formatted(lab.host(), lab.port(), lab.user(), lab.key()));
        Files.writeString(ssh.resolve("lab2"), "Host lab2\n    HostName %s\n    Port %d\n".formatted(lab.host2(),
                lab.port2()));
        String kh = lab.knownHosts().toString();
        assertEquals(List.of("lab2", "lab1"), hostsListing(cli(config, "-i", "ssh:", "--known-hosts", kh, "list",
                "-o", "json"), VM));
        LabCliTest.Run viaSsh = cli(config, "-i", "ssh:", "--known-hosts", kh, "-l", "lab1", "autostart", VM, "on");
        assertEquals(0, viaSsh.code(), viaSsh.err());
        assertTrue(autostart());

        LabCliTest.Run export = cli(none, "-i", lab.inventory().toString(), "inventory", "export");
        assertEquals(0, export.code(), export.err());
        Path exported = Files.writeString(dir.resolve("exported.yml"), export.out());
        assertEquals(List.of("lab1", "lab2"), hostsListing(cli(none, "-i", exported.toString(), "list", "-o", "json"),
                VM));
        LabCliTest.Run back = cli(none, "-i", exported.toString(), "autostart", "lab2:" + VM, "off");
        assertEquals(0, back.code(), back.err());
        assertTrue(!autostart());
    }
}
