package dev.virtdeck.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.ssh.ExecResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code create --image} asks of {@code qemu-img} on a host, for every driver that makes a
 * copy-on-write overlay (libvirt, xl): the base's format and size, and the overlay's command line.
 * Each driver runs the words its own way (its sudo rule, its tool runner); the reading is here once.
 */
public final class QemuImg {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QemuImg() {
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
     * @return {@code qemu-img info --output=json -U -- PATH} ({@code -U}: without the image's lock,
     *         so a base a running guest uses can be read too)
     */
    public static List<String> info(String path) {
        return List.of("qemu-img", "info", "--output=json", "-U", "--", path);
    }

    /**
     * Reads a successful {@link #info} run.
     *
     * @throws CommandFailedException naming host, VM and command when it printed no format or size
     */
    public static Image image(String host, String vm, ExecResult r) {
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
     * @param sizeMiB the overlay's size, or null for the base's
     * @return {@code qemu-img create -q -f qcow2 -F FORMAT -b BASE PATH [SIZE]}: {@code -F} names the
     *         base's format, so qemu never probes it; the new file holds only what the guest writes
     */
    public static List<String> overlay(String path, String base, Image info, Long sizeMiB) {
        List<String> argv = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", info.format(),
                "-b", base, path));
        if (sizeMiB != null) argv.add(sizeMiB + "M");
        return argv;
    }
}
