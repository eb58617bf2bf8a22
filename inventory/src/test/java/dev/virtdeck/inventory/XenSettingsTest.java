package dev.virtdeck.inventory;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-host {@code xen: {config_dir: ...}} key: parsed, defaulted, validated, resolved. */
class XenSettingsTest {
    private static final Path FILE = Path.of("inv.yaml");

    @Test
    void configDirIsReadAndResolved() throws Exception {
        Inventory inv = InventoryLoader.parse("hosts:\n  x1: {drivers: [xl], xen: {config_dir: /srv/xen/domains}}\n"
                + "  x2: {drivers: [xl]}\n  x3: {xen: {}}\n", FILE);
        assertEquals(new XenSettings("/srv/xen/domains"), inv.host("x1").orElseThrow().xen());
        assertEquals(XenSettings.DEFAULT, inv.host("x2").orElseThrow().xen());
        assertEquals("/etc/xen", inv.host("x3").orElseThrow().xen().configDir());
        ResolvedHost r = new HostResolver(inv, SshConfig.empty(), Overrides.NONE, Path.of("/home/u"), "u")
                .resolve(inv.host("x1").orElseThrow());
        assertEquals("/srv/xen/domains", r.xen().configDir());
        assertEquals(null, r.xen().saveDir(), "no save_dir: saving is not offered");
    }

    @Test
    void saveDirIsReadAloneOrWithConfigDir() throws Exception {
        Inventory inv = InventoryLoader.parse("hosts:\n  x1: {xen: {save_dir: /var/lib/xen/save}}\n"
                + "  x2: {xen: {config_dir: /srv/xen, save_dir: /srv/save}}\n", FILE);
        assertEquals(new XenSettings("/etc/xen", "/var/lib/xen/save"), inv.host("x1").orElseThrow().xen());
        assertEquals(new XenSettings("/srv/xen", "/srv/save"), inv.host("x2").orElseThrow().xen());
        InventoryException rel = assertThrows(InventoryException.class,
                () -> InventoryLoader.parse("hosts:\n  x1:\n    xen: {save_dir: save}\n", FILE));
        assertTrue(rel.getMessage().startsWith("inv.yaml:3:"), rel.getMessage());
        assertTrue(rel.getMessage().contains("hosts.x1.xen.save_dir: the Xen save directory must be an absolute path"
                + " on the host; got 'save'"), rel.getMessage());
    }

    @Test
    void relativeDirsAndUnknownKeysAreRefused() {
        InventoryException rel = assertThrows(InventoryException.class,
                () -> InventoryLoader.parse("hosts:\n  x1:\n    xen: {config_dir: etc/xen}\n", FILE));
        assertTrue(rel.getMessage().contains("hosts.x1.xen.config_dir: the Xen config directory must be an absolute"
                + " path"), rel.getMessage());
        InventoryException key = assertThrows(InventoryException.class,
                () -> InventoryLoader.parse("hosts:\n  x1:\n    xen: {configdir: /etc/xen}\n", FILE));
        assertTrue(key.getMessage().contains("hosts.x1.xen.configdir: unknown key; expected one of config_dir, save_dir"),
                key.getMessage());
    }
}
