package dev.virtdeck.libvirt;

import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the local native libvirt library (libvirt.so.0, Debian package libvirt0) can be loaded
 * through JNA. Tried once per JVM and cached: a failed JNA load is not retried cheaply anyway.
 */
public final class NativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);

    private static volatile Status status;

    /**
     * libvirt's default error handler prints every error ("libvirt: Domain Config error : ...")
     * straight onto the process's stderr, past our logging and over a TUI. Errors still reach us as
     * LibvirtExceptions; this handler only sends libvirt's own copy to the log. Held in a static
     * field so JNA's callback is never garbage-collected while the library may call it.
     */
    private static final org.libvirt.jna.Libvirt.VirErrorCallback TO_LOG =
            (userData, error) -> LOG.debug("libvirt: {}", error == null ? null : error.message);

    private NativeLibrary() {
    }

    /** @param version libvirt's version of the local library, e.g. 9000000; {@code problem} when not available */
    record Status(boolean available, long version, String problem) {
    }

    /** @return true when libvirt-java can call into the local libvirt library */
    public static boolean isAvailable() {
        return status().available();
    }

    /** @return why the library could not be loaded, or null when it can */
    public static String problem() {
        return status().problem();
    }

    /** @return the local library's version number (major*1,000,000 + minor*1,000 + micro), or 0 */
    public static long version() {
        return status().version();
    }

    private static Status status() {
        Status s = status;
        if (s == null) {
            synchronized (NativeLibrary.class) {
                s = status;
                if (s == null) status = s = probe();
            }
        }
        return s;
    }

    /** Loading org.libvirt.Library runs virInitialize; any linkage error means "not available". */
    private static Status probe() {
        try {
            long v = org.libvirt.Library.getVersion();
            org.libvirt.Connect.setErrorCallback(TO_LOG);
            LOG.debug("native libvirt library loaded, version {}", v);
            return new Status(true, v, null);
        } catch (LibvirtException | LinkageError | RuntimeException e) {
            String why = "the local libvirt library (libvirt.so.0, package libvirt0) cannot be loaded: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.debug(why, e);
            return new Status(false, 0, why);
        }
    }
}
