package dev.virtdeck.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.host.FileStems;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * qcow2 disk files on the host, made with {@code qemu-img} over SSH. Paths are always absolute
 * and passed as single argv words, so neither the shell nor the tool can read them as options.
 */
public final class DiskFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
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
     * A base image as {@code qemu-img info} reads it.
     *
     * @param format       its format ({@code qcow2}, {@code raw}, ...), named as the overlay's backing format
     * @param virtualBytes the disk size the guest sees
     * @param command      the command that read it
     */
    public record Image(String format, long virtualBytes, String command) {
        public long virtualMiB() {
            return (virtualBytes + (1 << 20) - 1) >> 20;
        }
    }

    /**
     * Reads a base image's format and size ({@code -U}: without taking its lock, so a base that a
     * running VM uses can be read too).
     *
     * @throws CommandFailedException when qemu-img cannot open it (the message says why: missing,
     *                                unreadable, not an image) or prints what it should not
     */
    public static Image inspect(SshHost ssh, boolean sudo, String path, String host, String vm) {
        requireAbsolute(path);
        ExecResult r = ssh.exec(RemoteCommand.of("qemu-img", "info", "--output=json", "-U", "--", path).withSudo(sudo));
        if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        try {
            JsonNode info = JSON.readTree(r.stdout());
            String format = info.path("format").asText(null);
            long size = info.path("virtual-size").asLong(-1);
            if (format == null || size < 0) throw new IOException("no format or virtual-size");
            return new Image(format, size, r.command());
        } catch (IOException e) {
            throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(),
                    "unexpected output: " + e.getMessage());
        }
    }

    /**
     * Creates a qcow2 overlay on {@code base}: the new file holds only what the VM writes.
     *
     * @param sizeMiB the overlay's size, or null for the base's
     * @throws CommandFailedException when qemu-img fails
     */
    public static ExecResult overlay(SshHost ssh, boolean sudo, String path, String basePath, Image base, Long sizeMiB,
                                     String host, String vm) {
        requireAbsolute(path);
        requireAbsolute(basePath);
        List<String> argv = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", base.format(),
                "-b", basePath, path));
        if (sizeMiB != null) argv.add(sizeMiB + "M");
        ExecResult r = ssh.exec(RemoteCommand.of(argv).withSudo(sudo));
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
