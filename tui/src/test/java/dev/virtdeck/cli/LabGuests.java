package dev.virtdeck.cli;

import dev.virtdeck.host.FileStems;

import dev.virtdeck.testlab.LabEnv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Throwaway lab guests of the fault tests, all named {@code vdg-*} so they never touch the shared
 * vd-deaf/vd-acpi (nor other helpers' guests). Defined with a local {@code virsh define} (libvirtd
 * runs on this machine) from the lab's kernel and initrd; the serial console is also logged to a
 * file, so a test can wait until the guest's init has armed its ACPI handler without attaching a
 * console. Kernel command line switches of the lab's init: {@code virtdeck.deaf=1} ignores the
 * power button, {@code virtdeck.slowoff=N} powers off N s after it (a guest slow to shut down).
 *
 * <p>{@link #close()} destroys and undefines every guest it made (also those a test created
 * through the CLI and {@linkplain #track tracked}), storage included.
 */
final class LabGuests implements AutoCloseable {
    static final String URI = "qemu:///system";
    private static final Path LOGS = Path.of("/var/log/libvirt/qemu");

    private final LabEnv lab;
    private final Path dir;
    private final List<String> names = new ArrayList<>();

    LabGuests(LabEnv lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    /** Defines a shut-off guest named {@code name} (removed first if a crashed run left it). */
    String define(String name, String cmdline) throws Exception {
        if (!name.startsWith("vdg-") && !name.startsWith("vdroll-") && !name.startsWith("vdshow-")) {
            throw new IllegalArgumentException("throwaway guests are vdg-*, vdroll-* or vdshow-*: " + name);
        }
        track(name);
        remove(name);
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, domainXml(name, cmdline));
        LabCliTest.exec("virsh", "-c", URI, "define", xml.toString());
        return name;
    }

    /** Removes {@code name} in {@link #close()} too (a guest the test creates through the CLI). */
    void track(String name) {
        if (!names.contains(name)) names.add(name);
    }

    /** Starts the guests (local virsh) and waits until each one's init is up. */
    void startAndWaitUp(String... vms) throws Exception {
        start(vms);
        for (String vm : vms) waitUp(vm);
    }

    /**
     * Starts the guests (local virsh) without waiting for them to boot: enough for a guest that
     * ignores ACPI anyway ({@code virtdeck.deaf=1}), which is "running" from the first instant.
     */
    void start(String... vms) throws Exception {
        for (String vm : vms) {
            Files.deleteIfExists(serialLog(vm));
            LabCliTest.exec("virsh", "-c", URI, "start", vm);
        }
    }

    /** Waits for "virtdeck-guest: up" on the serial log: the ACPI watcher is armed before it. */
    void waitUp(String vm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Path log = serialLog(vm);
            if (Files.isReadable(log) && Files.readString(log).contains("virtdeck-guest: up")) return;
            Thread.sleep(200);
        }
        assertTrue(false, vm + ": init not up within 90 s; serial log:\n"
                + (Files.isReadable(serialLog(vm)) ? Files.readString(serialLog(vm)) : "(none)"));
    }

    static Path serialLog(String vm) {
        return LOGS.resolve(vm + "-serial.log");
    }

    static String state(String vm) throws Exception {
        return LabCliTest.domstate(vm);
    }

    /** @return true when libvirt knows a domain of that name */
    static boolean exists(String vm) throws Exception {
        return LabCliTest.exec("virsh", "-c", URI, "list", "--all", "--name").lines()
                .anyMatch(l -> l.strip().equals(vm));
    }

    /**
     * Destroys and undefines {@code vm} and deletes its disk files, and any other disk file
     * virtdeck named after it (a create that lost a race, a crashed run); quiet when it is not
     * there. The lab has no storage pool over /var/lib/libvirt/images, so {@code undefine
     * --remove-all-storage} alone leaves the files.
     */
    static void remove(String vm) {
        quiet("virsh", "-c", URI, "destroy", vm);
        quiet("virsh", "-c", URI, "undefine", vm, "--remove-all-storage", "--nvram", "--managed-save");
        String stem = FileStems.of(vm);
        try (Stream<Path> files = Files.list(Path.of("/var/lib/libvirt/images"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(stem + "-")).toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(serialLog(vm));
        } catch (Exception ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        for (String vm : names) remove(vm);
    }

    private static void quiet(String... cmd) {
        try {
            LabCliTest.exec(cmd);
        } catch (Exception ignored) {
            // not there, or not running: fine
        }
    }

    private String domainXml(String name, String cmdline) {
        return """
                <domain type='%s'>
                  <name>%s</name>
                  <description>virtdeck fault-test guest (LabGuests)</description>
                  <memory unit='KiB'>262144</memory>
                  <currentMemory unit='KiB'>196608</currentMemory>
                  <vcpu placement='static' current='1'>2</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>%s</cmdline>
                  </os>
                  <features><acpi/><apic/></features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <serial type='pty'>
                      <log file='%s' append='off'/>
                      <target port='0'/>
                    </serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                    <memballoon model='virtio'/>
                  </devices>
                </domain>
                """.formatted(lab.domainType(), name, lab.kernel(), lab.initrd(), cmdline, serialLog(name));
    }
}
