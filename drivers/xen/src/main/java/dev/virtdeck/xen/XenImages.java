package dev.virtdeck.xen;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.host.QemuImg;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.host.FileStems;
import dev.virtdeck.ssh.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Files on the dom0 named after a VM: where disk images go, how they are made and removed. */
final class XenImages {
    private static final Logger LOG = LoggerFactory.getLogger(XenImages.class);
    /** Where new disk images go when the guest has no file disk or kernel directory to sit next to. */
    static final List<String> IMAGE_DIRS = List.of("/var/lib/xen/images", "/var/lib/xen");

    private final Xl xl;

    XenImages(Xl xl) {
        this.xl = xl;
    }

    /** The first existing directory of: those of {@code near} (absolute file paths not under /dev), then {@link #IMAGE_DIRS}. */
    String imageDir(String vm, List<String> near) {
        List<String> candidates = new ArrayList<>();
        for (String p : near) {
            if (p == null || !p.startsWith("/") || p.startsWith("/dev/")) continue;
            int slash = p.lastIndexOf('/');
            if (slash > 0) candidates.add(p.substring(0, slash));
        }
        candidates.addAll(IMAGE_DIRS);
        for (String dir : new LinkedHashSet<>(candidates)) {
            ExecResult r = xl.sh("test", "-d", dir);
            if (r.ok()) return dir;
        }
        throw new InvalidRequestException(xl.host(), vm, null, "no directory for the disk image: none of "
                + String.join(", ", new LinkedHashSet<>(candidates)) + " exists on the host");
    }

    /** @return {@code dir/stem[-N]ext} that does not exist yet */
    String freePath(String vm, String dir, String stem, String ext) {
        for (int i = 0; ; i++) {
            String path = dir + "/" + stem + (i == 0 ? "" : "-" + i) + ext;
            ExecResult r = xl.sh("test", "-e", path);
            if (r.exitCode() == 1) return path;
            if (r.exitCode() != 0) {
                throw new CommandFailedException(xl.host(), vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
            }
        }
    }

    /**
     * A sparse raw image: {@code truncate -s} (coreutils, on every dom0); where truncate is missing
     * (exit 127), {@code qemu-img create -f raw}.
     */
    ExecResult createImage(String vm, String path, long sizeMiB) {
        ExecResult r = xl.sh("truncate", "-s", sizeMiB + "M", "--", path);
        if (r.exitCode() == 127) r = xl.sh("qemu-img", "create", "-q", "-f", "raw", path, sizeMiB + "M");
        if (!r.ok()) throw new CommandFailedException(xl.host(), vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r;
    }

    /**
     * Reads a base image's format and size ({@link QemuImg#info}).
     *
     * @throws CommandFailedException  when qemu-img cannot open it (its words say why) or prints no format/size
     * @throws InvalidRequestException when the host has no qemu-img
     */
    QemuImg.Image inspect(String vm, String path) {
        ExecResult r = xl.sh(QemuImg.info(path).toArray(String[]::new));
        if (r.exitCode() == 127) {
            // xl itself needs no qemu-img: a dom0 may well lack it
            throw new InvalidRequestException(xl.host(), vm, r.command(), "--image needs qemu-img on the host to make"
                    + " the overlay (Debian: apt install qemu-utils)");
        }
        if (!r.ok()) throw new CommandFailedException(xl.host(), vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return QemuImg.image(xl.host(), vm, r);
    }

    /**
     * A qcow2 overlay on {@code base} ({@link QemuImg#overlay}); the base is never written.
     *
     * @param sizeMiB the overlay's size, or null for the base's
     */
    ExecResult createOverlay(String vm, String path, String base, QemuImg.Image info, Long sizeMiB) {
        ExecResult r = xl.sh(QemuImg.overlay(path, base, info, sizeMiB).toArray(String[]::new));
        if (!r.ok()) throw new CommandFailedException(xl.host(), vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r;
    }

    void removeQuietly(String vm, String path, VirtdeckException cause) {
        try {
            xl.shOk(vm, "rm", "-f", "--", path);
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: could not remove {}: {}", xl.host(), vm, path, e.getMessage());
            cause.addSuppressed(e);
        }
    }

    /** The config/image file stem: the name itself when it is a plain word, else a safe form with a hash. */
    static String fileStem(String vm) {
        if (vm.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) return vm;
        return FileStems.of(vm);
    }

    static void addFileDisk(Set<String> disks, String path) {
        if (path != null && path.startsWith("/") && !path.startsWith("/dev/")) disks.add(path);
    }
}
