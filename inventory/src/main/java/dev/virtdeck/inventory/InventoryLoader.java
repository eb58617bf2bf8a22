package dev.virtdeck.inventory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and validates inventory files.
 *
 * <pre>
 * Inventory inv = InventoryLoader.load(InventoryLoader.defaultPath());
 * HostResolver resolver = new HostResolver(inv, SshConfig.loadDefault(), Overrides.NONE);
 * for (Host h : inv.hosts().values()) {
 *     ResolvedHost r = resolver.resolve(h);
 * }
 * </pre>
 *
 * Every problem is an {@link InventoryException} whose message starts with
 * {@code FILE:LINE:COLUMN:}.
 */
public final class InventoryLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InventoryLoader.class);
    private InventoryLoader() {
    }

    /**
     * Reads an inventory file (UTF-8).
     *
     * @throws InventoryException when the file cannot be read (no line then) or is invalid
     */
    public static Inventory load(Path file) throws InventoryException {
        return load(file, null);
    }

    /**
     * Reads an inventory file (UTF-8), checking the hosts' {@code drivers} against the installed kinds.
     *
     * @param driverKinds the driver kinds installed (from the driver modules), or null to accept any name
     * @throws InventoryException when the file cannot be read (no line then) or is invalid
     */
    public static Inventory load(Path file, List<String> driverKinds) throws InventoryException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InventoryException(file, 0, 0, null, "inventory file not found (create it or pass -i FILE)", e);
        } catch (CharacterCodingException e) {
            throw new InventoryException(file, 0, 0, null, "not a UTF-8 text file", e);
        } catch (IOException e) {
            throw new InventoryException(file, 0, 0, null, "cannot read: " + e.getMessage(), e);
        }
        return parse(text, file, driverKinds);
    }

    /**
     * Parses inventory text: virtdeck's YAML, or an Ansible inventory (INI or YAML), told apart by
     * content, never by file name.
     *
     * @param sourceForMessages the file named in errors and used for relative paths; may be null
     * @return the inventory; an empty or comment-only text gives an empty inventory
     */
    public static Inventory parse(String yaml, Path sourceForMessages) throws InventoryException {
        return parse(yaml, sourceForMessages, null);
    }

    /** @param driverKinds the driver kinds installed, or null to accept any name */
    public static Inventory parse(String yaml, Path sourceForMessages, List<String> driverKinds)
            throws InventoryException {
        if (AnsibleIni.looksLikeIni(yaml)) {
            return AnsibleIni.parse(yaml, sourceForMessages).toInventory(driverKinds);
        }
        YamlTree.Node root = YamlTree.parse(yaml, sourceForMessages);
        if (AnsibleYaml.looksLikeAnsible(root)) {
            return AnsibleYaml.parse(root, sourceForMessages).toInventory(driverKinds);
        }
        return InventoryReader.read(root, sourceForMessages, driverKinds);
    }

    /**
     * An inventory of every concrete {@code Host} of an OpenSSH client config (patterns with
     * {@code * ? !} skipped, {@code Include}s followed), each reached by its alias so that the
     * config's HostName, User, Port, IdentityFile and ProxyJump apply. An alias that is not a valid
     * host name is skipped (logged).
     *
     * @throws InventoryException when the file does not exist
     */
    public static Inventory fromSshConfig(Path config) throws InventoryException {
        if (!Files.isRegularFile(config)) {
            throw new InventoryException(config, 0, 0, null, "ssh config not found (-i ssh:FILE reads FILE,"
                    + " -i ssh: reads ~/.ssh/config)");
        }
        java.util.Map<String, Host> hosts = new java.util.LinkedHashMap<>();
        for (SshConfig.HostAlias a : SshConfig.load(config).hostAliases()) {
            if (!Names.isValidName(a.name())) {
                LOG.info("{}:{}: Host {} is not a valid inventory host name; skipped", a.file(), a.line(), a.name());
                continue;
            }
            hosts.putIfAbsent(a.name(), new Host(a.name(), null, null, null, null, null, List.of(),
                    LibvirtSettings.DEFAULT, false, null, List.of(), List.of(), a.line()));
        }
        return new Inventory(config, Defaults.NONE, hosts, java.util.Map.of());
    }

    /** @return {@code ~/.config/virtdeck/inventory.yaml} */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".config", "virtdeck", "inventory.yaml");
    }
}
