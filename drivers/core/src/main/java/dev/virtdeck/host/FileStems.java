package dev.virtdeck.host;

import com.google.common.hash.Hashing;

import java.nio.charset.StandardCharsets;

/**
 * Safe file-name stems for VM names, shared by every driver that names files on a host after a
 * VM (disk images, xl configs, save files): any name, even a hostile one, maps to a stem with no
 * shell or path meaning, and two names never share one.
 */
public final class FileStems {
    private static final int MAX_STEM = 48;

    private FileStems() {
    }

    /** @return the safe, unique-per-name stem (no directory, no extension) */
    public static String of(String vmName) {
        String safe = vmName.replaceAll("[^A-Za-z0-9._-]", "_");
        // No hidden files and nothing that looks like an option.
        if (safe.startsWith(".") || safe.startsWith("-")) safe = "_" + safe.substring(1);
        if (safe.length() > MAX_STEM) safe = safe.substring(0, MAX_STEM);
        return safe + "-" + shortHash(vmName);
    }

    /** @return the first 4 bytes of the name's SHA-256, in hex */
    private static String shortHash(String s) {
        return Hashing.sha256().hashString(s, StandardCharsets.UTF_8).toString().substring(0, 8);
    }
}
