package dev.virtdeck.inventory;

import java.util.Objects;

/**
 * A host's {@code xen:} settings.
 *
 * @param configDir directory of the host's Xen domain config files ({@code *.cfg}), absolute
 * @param saveDir   directory where {@code save} writes a domain's memory image and {@code start}
 *                  restores it from, absolute; null = saving is not offered on this host
 */
public record XenSettings(String configDir, String saveDir) {
    /** {@code /etc/xen}, no save directory. */
    public static final XenSettings DEFAULT = new XenSettings("/etc/xen", null);

    public XenSettings {
        Objects.requireNonNull(configDir, "configDir");
    }

    /** Settings without a save directory. */
    public XenSettings(String configDir) {
        this(configDir, null);
    }
}
