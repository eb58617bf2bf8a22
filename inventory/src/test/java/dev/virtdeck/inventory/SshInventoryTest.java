package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -i ssh:}: the concrete Host names of an OpenSSH config, Includes followed. */
class SshInventoryTest {
    @TempDir
    Path home;

    @Test
    void concreteHostsInOrderWithIncludesAndWithoutPatterns() throws Exception {
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.createDirectories(ssh.resolve("config.d"));
        Files.writeString(ssh.resolve("config"), """
                # personal config
                Include config.d/*.conf
                Host gw
                    HostName 203.0.113.1
                    User jump
                Host kvm1 kvm2 *.lab !kvm9
                    ProxyJump gw
                Host web-?
                    User web
                Host kvm1
                    Port 2201
                Host git@weird
                Match host foo
                    User x
                Host *
                    ServerAliveInterval 30
                """);
        Files.writeString(ssh.resolve("config.d/10-xen.conf"), "Host xen1\n    HostName 10.0.0.31\n");
        Files.writeString(ssh.resolve("config.d/20-lab.conf"), "Host labvm db?\n    User lab\n");
        Files.writeString(ssh.resolve("config.d/README"), "Host not-included\n");

        Inventory inv = InventoryLoader.fromSshConfig(ssh.resolve("config"));
        assertEquals(List.of("xen1", "labvm", "gw", "kvm1", "kvm2"), List.copyOf(inv.hosts().keySet()));
        Host kvm1 = inv.hosts().get("kvm1");
        assertEquals("kvm1", kvm1.address(), "reached by its alias, so the config's settings apply");
        assertEquals(6, kvm1.line());
        assertEquals(ssh.resolve("config"), inv.source());

        // resolution then goes through the same config
        ResolvedHost r = new HostResolver(inv, SshConfig.load(ssh.resolve("config"), home), Overrides.NONE, home,
                "me").resolve(kvm1);
        assertEquals(2201, r.port());
        assertEquals("gw", r.jump().name());
        assertEquals("203.0.113.1", r.jump().hostname());
        assertEquals("10.0.0.31", new HostResolver(inv, SshConfig.load(ssh.resolve("config"), home), Overrides.NONE,
                home, "me").resolve(inv.hosts().get("xen1")).hostname());
    }

    @Test
    void aMissingConfigIsAnError() {
        InventoryException e = assertThrows(InventoryException.class,
                () -> InventoryLoader.fromSshConfig(home.resolve("nope")));
        assertTrue(e.getMessage().endsWith("nope: ssh config not found (-i ssh:FILE reads FILE, -i ssh: reads"
                + " ~/.ssh/config)"), e.getMessage());
    }
}
