package dev.virtdeck.vbox;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.Operation;

/** What the VirtualBox driver can do, as data (docs/capabilities.md shows it). */
public final class VBoxCapabilities {
    private VBoxCapabilities() {
    }

    static final String NO_REBOOT = "VBoxManage has no guest reboot request; use reset (hard reset)"
            + " or shutdown followed by start";
    static final String NO_KERNEL_BOOT = "VirtualBox cannot boot a kernel and initrd directly; create from an ISO";
    static final String MEMORY = "config (modifyvm --memory) only while the VM is powered off; live changes"
            + " go through the guest memory balloon (needs the Guest Additions) and stay below the configured"
            + " memory, which is the maximum";
    static final String VCPUS = "config (modifyvm --cpus) only while the VM is powered off; live changes need"
            + " CPU hot-plug enabled on the VM (modifyvm --cpuhotplug on) and stay within its --cpus";
    static final String DISK = "a new VDI image; on a running VM only on a SATA controller (hot-plug),"
            + " and VirtualBox keeps a live attach in the config too";
    static final String CREATE = "boots from an ISO, a base image (--image: a differencing VDI on it, the"
            + " base never written) or nothing, as VirtualBox cannot boot a kernel and initrd directly; the serial console is UART1 on a Unix socket; NIC 1 on NAT unless --network says"
            + " bridge=IF or none";
    static final String CONSOLE = "UART1 in server mode on a Unix socket of the host, reached with socat"
            + " (or nc -U) there";

    static final String SNAPSHOT = "VBoxManage snapshot take|restore|delete (a running VM's snapshot keeps its"
            + " saved state; revert powers a running VM off first, and resumes a saved state); no creation time"
            + " or captured state in the listing";
    static final String SHOW = "one showvminfo --machinereadable: storage slots, NICs, UARTs, autostart; for a"
            + " running VM with a NIC also guestproperty enumerate: the IPv4 addresses its Guest Additions report"
            + " (none without them); no disk sizes (one showmediuminfo per medium)";

    static final String NETWORKS = "VirtualBox's create takes --network nat (the default: VirtualBox's NAT engine,"
            + " with DHCP), bridge=IF (bridged to the host interface IF) or none";
    static final String IMAGE_SIZE = "VirtualBox's differencing image (--image) has its base image's size: give no"
            + " --disk with --image (resize the base, or the disk later with VBoxManage modifymedium --resize)";
    static final String AUTOSTART = "modifyvm --autostart-enabled, only while the VM is powered off; it only marks"
            + " the VM: the host's vboxautostart service (VBOXAUTOSTART_DB and VBOXAUTOSTART_CONFIG) must be"
            + " configured to start it at boot";
    static final String CLONE = "clonevm --register: a full clone of a powered-off VM (new UUID and MACs, its hard"
            + " disks copied into the clone's folder, ISOs shared); the clone's serial socket moves to its own folder";

    /** Lifecycle has no live/config distinction; resizing is config-only when off and live-limited when on. */
    public static final Capabilities ALL = Capabilities.allSupported()
            .with(Capability.unsupported(Operation.REBOOT, NO_REBOOT))
            .with(new Capability(Operation.SET_MEMORY, true, true, true, MEMORY))
            .with(new Capability(Operation.SET_VCPUS, true, true, true, VCPUS))
            .with(new Capability(Operation.ATTACH_DISK, true, true, true, DISK))
            .with(new Capability(Operation.CREATE, true, false, true, CREATE))
            .with(new Capability(Operation.CONSOLE, true, true, false, CONSOLE))
            .with(new Capability(Operation.SNAPSHOT, true, true, true, SNAPSHOT))
            .with(new Capability(Operation.SHOW, true, true, true, SHOW))
            .with(new Capability(Operation.AUTOSTART, true, false, true, AUTOSTART))
            .with(new Capability(Operation.CLONE, true, false, true, CLONE))
            .build();
}
