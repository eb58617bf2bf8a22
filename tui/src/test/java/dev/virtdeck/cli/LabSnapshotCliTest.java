package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.host.FileStems;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 14, snapshots, through the CLI against the real lab, on both transports at once (lab1 =
 * native libvirt API, lab2 = virsh): a guest of this class's own ({@code vdsnap-*}, lab kernel and
 * initrd, a 16 MiB qcow2 disk with an ext2 file system made and mounted from its console) is
 * snapshotted while it runs, a marker file is written on that file system, the snapshot is
 * reverted, and the marker file is gone.
 *
 * <p>The guest syncs and drops its page cache before each look, so it reads the disk; busybox
 * {@code mke2fs} makes the file system and the lab initramfs's {@code ext4} module mounts it.
 */
@Tag("lab")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class LabSnapshotCliTest {
    static final String BOOTED_TYPED = "echo VDB$((6*7))K";
    static final String BOOTED_SEEN = "VDB42K";
    static final String CHECK = "sync; echo 3 > /proc/sys/vm/drop_caches; if [ -f /mnt/vdsnap-marker ]"
            + " && grep -q VDSNAPMARK /mnt/vdsnap-marker; then echo MARK$((1+1))PRESENT; else echo MARK$((1+1))ABSENT; fi";
    /** An ext2 file system on the new disk, mounted (silent, and slow under TCG: see {@link #format}). */
    static final String FORMAT = "mke2fs -q /dev/vda >/dev/null 2>&1; mkdir -p /mnt; mount -t ext2 /dev/vda /mnt";
    static final String MOUNTED = "grep -q ' /mnt ext2 ' /proc/mounts && echo MNT$((1+1))YES || echo MNT$((1+1))NO";
    static final String WRITE = "echo VDSNAPMARK > /mnt/vdsnap-marker; " + CHECK;
    static final long BOOT_BUDGET_MS = 240_000;

    @TempDir
    Path dir;
    LabEnv lab;
    final List<String> made = new ArrayList<>();

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
    }

    @AfterEach
    void removeGuests() {
        for (String vm : made) remove(vm);
    }

    @Test
    void aRevertedSnapshotTakesTheMarkerWrittenAfterItOffTheDisk() throws Exception {
        String id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        List<String> targets = List.of(create("lab1", "vdsnap-" + id + "-n", "16M", true),
                create("lab2", "vdsnap-" + id + "-v", "16M", true));
        awaitShells(targets);
        for (String t : targets) format(t);
        for (String t : targets) assertEquals("ABSENT", marker(t, CHECK), t + ": a new file system has no marker");

        LabCliTest.Run took = cli(null, "snapshot", "create", targets.get(0), targets.get(1), "clean",
                "--description", "before the marker", "-o", "json");
        assertEquals(0, took.code(), took.out() + took.err());
        for (JsonNode r : took.json().get("results")) {
            assertEquals("ok", r.get("outcome").asText(), r.toString());
            assertEquals("snapshot 'clean' taken", r.get("message").asText());
        }

        for (String t : targets) assertEquals("PRESENT", marker(t, WRITE), t + ": the marker was written");

        LabCliTest.Run listed = cli(null, "snapshot", "list", targets.get(0), targets.get(1), "-o", "json");
        assertEquals(0, listed.code(), listed.err());
        JsonNode snaps = listed.json().get("snapshots");
        assertEquals(2, snaps.size(), snaps.toString());
        for (JsonNode s : snaps) {
            assertEquals("clean", s.get("name").asText());
            assertEquals("before the marker", s.get("description").asText());
            assertEquals("running", s.get("vmState").asText());
            assertTrue(s.get("current").asBoolean());
            assertEquals("internal", s.get("location").asText());
            assertTrue(s.get("memory").asBoolean(), s.toString());
        }

        LabCliTest.Run back = cli(null, "snapshot", "revert", targets.get(0), targets.get(1), "clean");
        assertEquals(0, back.code(), back.out() + back.err());
        for (String t : targets) {
            assertEquals("running", LabCliTest.domstate(vm(t)), t + ": the snapshot held the running guest");
            assertEquals("ABSENT", marker(t, CHECK), t + ": the revert took the marker file off the disk");
        }

        LabCliTest.Run deleted = cli(null, "snapshot", "delete", targets.get(0), targets.get(1), "clean");
        assertEquals(0, deleted.code(), deleted.out() + deleted.err());
        LabCliTest.Run again = cli(null, "snapshot", "revert", targets.get(0), targets.get(1), "clean");
        assertEquals(1, again.code());
        for (String t : targets) {
            assertTrue(again.err().contains(t.replace(":", ": ") + ": no snapshot named 'clean' on this VM"), again.err());
        }
        LabCliTest.Run none = cli(null, "snapshot", "list", targets.get(0), targets.get(1), "-o", "json");
        assertEquals(0, none.json().get("snapshots").size(), none.out());
    }

    @Test
    void aGuestWithoutDiskIsRefusedSayingWhyRunningOrNot() throws Exception {
        String id = String.format("%08x", ThreadLocalRandom.current().nextInt());
        // one running (libvirt wants its memory in a disk), one off (nothing to snapshot); both transports
        List<String> targets = List.of(create("lab1", "vdsnap-" + id + "-dn", null, true),
                create("lab2", "vdsnap-" + id + "-dv", null, false), create("lab2", "vdsnap-" + id + "-dr", null, true),
                create("lab1", "vdsnap-" + id + "-do", null, false));
        LabCliTest.Run r = cli(null, "snapshot", "create", targets.get(0), targets.get(1), targets.get(2),
                targets.get(3), "s1");
        assertEquals(1, r.code(), r.out());
        for (String t : List.of(targets.get(0), targets.get(2))) {
            assertTrue(r.err().contains(t.replace(":", ": ") + ": cannot take a snapshot of the running VM"), r.err());
        }
        for (String t : List.of(targets.get(1), targets.get(3))) {
            assertTrue(r.err().contains(t.replace(":", ": ") + ": cannot take a snapshot: the VM has no disk"), r.err());
        }
        for (String t : targets) assertEquals("", LabCliTest.exec("virsh", "-c", LabGuests.URI, "snapshot-list",
                "--domain", vm(t), "--name").strip(), t + ": nothing was made");
    }

    // ---------------------------------------------------------------- helpers

    /** Creates a guest from the lab's kernel and initrd with the lab's domain type; returns HOST:VM. */
    String create(String host, String vm, String disk, boolean start) {
        made.add(vm);
        List<String> args = new ArrayList<>(List.of("create", host, vm, "--vcpus", "1", "--memory", "192M",
                "--kernel", lab.kernel().toString(), "--initrd", lab.initrd().toString(), "--cmdline", lab.cmdline(),
                "--virt-type", lab.domainType()));
        if (disk != null) args.addAll(List.of("--disk", disk));
        if (start) args.add("--start");
        LabCliTest.Run r = cli(null, args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        return host + ":" + vm;
    }

    /** Types on each guest's console until its shell answers. */
    void awaitShells(List<String> targets) {
        long deadline = System.currentTimeMillis() + BOOT_BUDGET_MS;
        for (String t : targets) {
            String last = "";
            while (true) {
                LabCliTest.Run r = console(t, BOOTED_TYPED);
                if (r.code() == 0 && r.out().contains(BOOTED_SEEN)) break;
                last = r.code() + " " + r.err() + r.out();
                if (System.currentTimeMillis() > deadline) fail(t + ": no shell on the console: " + last);
            }
        }
    }

    /**
     * Makes and mounts the file system. mke2fs prints nothing for a while, and a console whose
     * input has ended detaches once the guest is quiet, so the mount is then asked for until the
     * shell, done with mke2fs, answers.
     */
    void format(String target) {
        console(target, FORMAT);
        long deadline = System.currentTimeMillis() + 120_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            LabCliTest.Run r = console(target, MOUNTED);
            if (r.out().contains("MNT2YES")) return;
            if (r.out().contains("MNT2NO")) fail(target + ": the ext2 file system did not mount: " + r.out());
            last = r.code() + " " + r.err() + r.out();
        }
        fail(target + ": no answer after mke2fs: " + last);
    }

    /** @return PRESENT or ABSENT as the guest found the marker after running {@code line} */
    String marker(String target, String line) {
        LabCliTest.Run r = console(target, line);
        if (r.out().contains("MARK2PRESENT")) return "PRESENT";
        if (r.out().contains("MARK2ABSENT")) return "ABSENT";
        throw new AssertionError(target + ": the guest did not answer: " + r.code() + " " + r.err() + r.out());
    }

    LabCliTest.Run console(String target, String line) {
        return cli(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)), "console", target);
    }

    LabCliTest.Run cli(ByteArrayInputStream in, String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliReal(in, dir.resolve("no-ssh-config"), all.toArray(String[]::new));
    }

    static String vm(String target) {
        return target.substring(target.indexOf(':') + 1);
    }

    /**
     * Destroys and undefines {@code vm} with its snapshot metadata (libvirt refuses to undefine a
     * domain that has snapshots without it) and deletes its disk files; quiet when it is not there.
     */
    static void remove(String vm) {
        quiet("virsh", "-c", LabGuests.URI, "destroy", vm);
        quiet("virsh", "-c", LabGuests.URI, "undefine", vm, "--snapshots-metadata", "--nvram", "--managed-save");
        String stem = FileStems.of(vm);
        try (Stream<Path> files = Files.list(Path.of("/var/lib/libvirt/images"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(stem + "-")).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (Exception e) {
            System.err.println("LabSnapshotCliTest: cleaning " + vm + ": " + e);
        }
    }

    private static void quiet(String... cmd) {
        try {
            LabCliTest.exec(cmd);
        } catch (Exception ignored) {
            // not there, or not running: fine
        }
    }
}
