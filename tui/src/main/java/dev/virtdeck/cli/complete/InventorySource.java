package dev.virtdeck.cli.complete;

import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.InventoryException;
import dev.virtdeck.inventory.InventoryLoader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code -i} names, resolved the same way for the CLI (which writes the VM-name cache) and
 * for completion (which reads it), so that both agree on {@link #key()}.
 *
 * @param sshConfig the OpenSSH config for {@code -i ssh:[FILE]}, else null
 * @param file      the inventory file otherwise (the default path without {@code -i}), else null
 */
public record InventorySource(Path sshConfig, Path file) {
    /** {@code -i ssh:} / {@code -i ssh:FILE}. */
    public static final String SSH = "ssh:";

    /**
     * @param spec             {@code -i}'s value, or null for the default inventory
     * @param cwd              the directory relative paths are taken from
     * @param defaultSshConfig the config {@code -i ssh:} means (~/.ssh/config)
     */
    public static InventorySource of(String spec, Path cwd, Path defaultSshConfig) {
        if (spec == null) return new InventorySource(null, InventoryLoader.defaultPath());
        if (spec.startsWith(SSH)) {
            String f = spec.substring(SSH.length());
            if (f.isEmpty()) return new InventorySource(defaultSshConfig, null);
            if (f.startsWith("~/")) f = System.getProperty("user.home") + f.substring(1);
            return new InventorySource(cwd.resolve(f), null);
        }
        if (spec.startsWith("~/")) spec = System.getProperty("user.home") + spec.substring(1); // as the shell will
        return new InventorySource(null, cwd.resolve(spec));
    }

    /** The name of this inventory in the VM-name cache: its kind and absolute, normalized path. */
    public String key() {
        return sshConfig != null ? SSH + norm(sshConfig) : "file:" + norm(file);
    }

    /**
     * Reads the inventory without checking driver names (no driver module is loaded).
     *
     * @return the inventory, or an empty one when it cannot be read (completion offers what it can)
     */
    public Inventory loadQuietly() {
        try {
            if (sshConfig != null) {
                return Files.isRegularFile(sshConfig) ? InventoryLoader.fromSshConfig(sshConfig) : Inventory.empty(null);
            }
            return InventoryLoader.load(file);
        } catch (InventoryException | RuntimeException e) {
            return Inventory.empty(null);
        }
    }

    private static String norm(Path p) {
        return p == null ? "" : p.toAbsolutePath().normalize().toString();
    }
}
