package dev.virtdeck.xen;

/**
 * A Xen host's directories: the config files that stand for its VMs, and where saved VMs go.
 * Both absolute, without a trailing slash.
 *
 * @param config the config directory, {@value XlDriver#DEFAULT_CONFIG_DIR} when not given
 * @param save   the save directory, null when saving is not offered
 */
record XenDirs(String config, String save) {
    XenDirs {
        config = stripSlash(config == null || config.isBlank() ? XlDriver.DEFAULT_CONFIG_DIR : config);
        save = save == null || save.isBlank() ? null : stripSlash(save);
        if (!config.startsWith("/")) throw new IllegalArgumentException("config dir must be absolute: " + config);
        if (save != null && !save.startsWith("/")) throw new IllegalArgumentException("save dir must be absolute: " + save);
    }

    private static String stripSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }
}
