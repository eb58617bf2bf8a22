package dev.virtdeck.sim;

/**
 * The VirtualBox release a simulated host emulates. Output differences between them live in {@link VBoxText}.
 */
public enum VBoxVersion {
    /** 5.2.x: the key set of the recorded full 5.2 showvminfo sample (video capture vcp* keys, no cpu-profile). */
    V5_2("5.2.44r139111", 5, 2),
    /** 6.1.x: adds cpu-profile, nested-hw-virt, graphicscontroller, vmprocpriority, uarttype keys. */
    V6_1("6.1.50r161033", 6, 1),
    /** 7.0.x (7.0.14): 6.1 keys plus 7.x keys; the state word "aborted-saved" exists. */
    V7_0("7.0.14r161095", 7, 0),
    /** 7.0.0 exactly: like 7.0 but with the stray human "Encryption:" line and no NAT Forwarding(n) keys. */
    V7_0_0("7.0.0r153978", 7, 0);

    private final String versionString;
    private final int major;
    private final int minor;

    VBoxVersion(String versionString, int major, int minor) {
        this.versionString = versionString;
        this.major = major;
        this.minor = minor;
    }

    /** What {@code VBoxManage --version} prints. */
    public String versionString() {
        return versionString;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    boolean atLeast(int maj, int min) {
        return major > maj || major == maj && minor >= min;
    }
}
