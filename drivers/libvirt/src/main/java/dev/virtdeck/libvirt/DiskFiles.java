package dev.virtdeck.libvirt;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.host.FileStems;
import dev.virtdeck.host.QemuImg;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * qcow2 disk files on the host, made with {@code qemu-img} over SSH. Paths are always absolute
 * and passed as single argv words, so neither the shell nor the tool can read them as options.
 */
public final class DiskFiles {
    /** Where new disks go when the VM has no file disk to sit next to. */
    public static final String DEFAULT_DIR = "/var/lib/libvirt/images";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DiskFiles() {
    }

    /**
     * Picks a file name for a new disk that does not exist yet: the VM name made filesystem-safe
     * (characters outside {@code [A-Za-z0-9._-]} become {@code _}) plus 8 hex digits of the real
     * name's SHA-256, so "a b" and "a_b" never collide, plus the target dev, plus 8 random hex
     * digits drawn for this attempt.
     *
     * <p>The random part is what makes two attempts at once safe: two virtdeck processes creating
     * the same VM (or attaching a disk to it) at the same moment both see "does not exist" for a
     * fixed name, so both would write the same file, and the one whose define then fails would
     * remove the winner's disk in its rollback. With a name of its own, each attempt only ever
     * creates and removes its own file.
     *
     * @return an absolute path in {@code dir}
     * @throws IllegalArgumentException when {@code dir} is not absolute
     */
    public static String newDiskPath(SshHost ssh, boolean sudo, String dir, String vmName, String targetDev) {
        return newDiskPath(ssh, sudo, dir, vmName, targetDev, DiskFiles::nonce);
    }

    /** {@link #newDiskPath(SshHost, boolean, String, String, String)} with the random part given (tests). */
    static String newDiskPath(SshHost ssh, boolean sudo, String dir, String vmName, String targetDev,
                              Supplier<String> nonces) {
        if (!dir.startsWith("/")) throw new IllegalArgumentException("disk directory must be absolute: " + dir);
        String base = (dir.endsWith("/") ? dir : dir + "/") + FileStems.of(vmName) + "-" + targetDev;
        while (true) {
            String path = base + "-" + nonces.get() + ".qcow2";
            ExecResult r = ssh.exec(RemoteCommand.of("test", "-e", path).withSudo(sudo));
            if (r.exitCode() == 1) return path; // test -e: 1 = does not exist; anything else is a problem
            if (r.exitCode() != 0) {
                throw new CommandFailedException(ssh.name(), vmName, r.command(), r.exitCode(), r.stdout(), r.stderr());
            }
        }
    }

    private static String nonce() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Creates an empty qcow2 file of {@code sizeMiB}.
     *
     * @throws CommandFailedException when qemu-img fails
     */
    public static ExecResult create(SshHost ssh, boolean sudo, String path, long sizeMiB, String host, String vm) {
        requireAbsolute(path);
        if (sizeMiB < 1) throw new IllegalArgumentException("disk size must be at least 1 MiB");
        ExecResult r = ssh.exec(RemoteCommand.of("qemu-img", "create", "-q", "-f", "qcow2", path, sizeMiB + "M")
                .withSudo(sudo));
        if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r;
    }

    /**
     * Reads a base image's format and size ({@link QemuImg#info}).
     *
     * @throws CommandFailedException when qemu-img cannot open it (the message says why: missing,
     *                                unreadable, not an image) or prints what it should not
     */
    public static QemuImg.Image inspect(SshHost ssh, boolean sudo, String path, String host, String vm) {
        requireAbsolute(path);
        ExecResult r = ssh.exec(RemoteCommand.of(QemuImg.info(path)).withSudo(sudo));
        if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return QemuImg.image(host, vm, r);
    }

    /**
     * Creates a qcow2 overlay on {@code base} ({@link QemuImg#overlay}).
     *
     * @param sizeMiB the overlay's size, or null for the base's
     * @throws CommandFailedException when qemu-img fails
     */
    public static ExecResult overlay(SshHost ssh, boolean sudo, String path, String basePath, QemuImg.Image base,
                                     Long sizeMiB, String host, String vm) {
        requireAbsolute(path);
        requireAbsolute(basePath);
        ExecResult r = ssh.exec(RemoteCommand.of(QemuImg.overlay(path, basePath, base, sizeMiB)).withSudo(sudo));
        if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r;
    }

    /**
     * Removes a disk file ({@code rm -f}: an already missing file is fine).
     *
     * @return the rm run
     * @throws CommandFailedException when rm fails
     */
    public static ExecResult remove(SshHost ssh, boolean sudo, String path, String host, String vm) {
        requireAbsolute(path);
        ExecResult r = ssh.exec(RemoteCommand.of("rm", "-f", "--", path).withSudo(sudo));
        if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r;
    }

    private static void requireAbsolute(String path) {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException("disk path must be absolute: " + path);
    }
}
