package dev.virtdeck.inventory;

import java.util.Objects;

/**
 * A host's {@code xen:} settings.
 *
 * @param configDir directory of the host's Xen domain config files ({@code *.cfg}), absolute
 */
public record XenSettings(String configDir) {
    /** {@code /etc/xen}. */
    public static final XenSettings DEFAULT = new XenSettings("/etc/xen");

    public XenSettings {
        Objects.requireNonNull(configDir, "configDir");
    }
}
