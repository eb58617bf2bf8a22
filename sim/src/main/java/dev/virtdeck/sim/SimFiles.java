package dev.virtdeck.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A simulated host's files: disk images made by {@code qemu-img}, Xen domain configs, raw images for
 * {@code xl block-attach}. Only absolute paths; directories exist implicitly. Thread-safe.
 */
public final class SimFiles {

    /** One file: its text (configs) and its size in bytes (images). */
    public record File(String path, String content, long size) {}

    private final Map<String, File> files = new TreeMap<>();
    /** Symbolic links: link path -> target path (xendomains' /etc/xen/auto holds links to configs). */
    private final Map<String, String> links = new TreeMap<>();
    /** Image formats other than raw (qemu-img create -f qcow2), by path. */
    private final Map<String, String> formats = new TreeMap<>();
    /** A qcow2 overlay's backing file (qemu-img create -b), by path. */
    private final Map<String, String> backing = new TreeMap<>();
    /** Directories made explicitly (empty ones included), besides the implicit ones. */
    private final Set<String> dirs = new TreeSet<>();

    /** Writes a text file. */
    public synchronized SimFiles put(String path, String content) {
        files.put(path, new File(path, content, content.length()));
        return this;
    }

    /** Creates a raw image file of {@code size} bytes (content is not modelled). */
    public synchronized SimFiles putImage(String path, long size) {
        return putImage(path, size, "raw", null);
    }

    /**
     * Creates an image file of {@code size} virtual bytes in {@code format} ({@code raw}, {@code qcow2}),
     * with {@code backingFile} as a qcow2 overlay's base (null: none).
     */
    public synchronized SimFiles putImage(String path, long size, String format, String backingFile) {
        files.put(path, new File(path, "", size));
        formats.remove(path);
        backing.remove(path);
        if (!"raw".equals(format)) formats.put(path, format);
        if (backingFile != null) backing.put(path, backingFile);
        return this;
    }

    /**
     * A copy of the file at {@code from} (content, size, image format and backing file) at {@code to},
     * replacing what is there, as {@code cp} makes it.
     *
     * @return false when {@code from} is no file (nothing changed)
     */
    public synchronized boolean copy(String from, String to) {
        File f = files.get(from);
        if (f == null) return false;
        files.put(to, new File(to, f.content(), f.size()));
        formats.remove(to);
        backing.remove(to);
        if (formats.containsKey(from)) formats.put(to, formats.get(from));
        if (backing.containsKey(from)) backing.put(to, backing.get(from));
        return true;
    }

    /** The image format of the file at {@code path} ({@code raw} unless made otherwise). */
    public synchronized String format(String path) {
        return formats.getOrDefault(path, "raw");
    }

    /** The backing file of the qcow2 overlay at {@code path}. */
    public synchronized Optional<String> backing(String path) {
        return Optional.ofNullable(backing.get(path));
    }

    /**
     * A hard link as {@code link(2)} makes it: atomic, and refused when {@code to} exists.
     *
     * @return false when {@code to} already exists (nothing changed)
     * @throws IllegalArgumentException when {@code from} does not exist
     */
    public synchronized boolean link(String from, String to) {
        File f = files.get(from);
        if (f == null) throw new IllegalArgumentException(from);
        if (exists(to)) return false;
        files.put(to, new File(to, f.content(), f.size()));
        return true;
    }

    /** The file at {@code path}, following a symbolic link. */
    public synchronized Optional<File> get(String path) {
        String target = links.get(path);
        return Optional.ofNullable(files.get(target != null ? target : path));
    }

    /** Like {@code test -e}: a link counts when its target exists. */
    public synchronized boolean exists(String path) {
        String target = links.get(path);
        if (target != null) return files.containsKey(target) || isDirectory(target);
        return files.containsKey(path) || isDirectory(path);
    }

    /** Makes an (empty) directory, as {@code mkdir -p}. */
    public synchronized SimFiles mkdir(String path) {
        dirs.add(path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
        return this;
    }

    /**
     * A symbolic link as {@code symlink(2)} makes it: refused when {@code link} exists in any form
     * (file, directory or link, dangling included); the target need not exist.
     *
     * @return false when {@code link} exists (nothing changed)
     */
    public synchronized boolean symlink(String target, String link) {
        if (files.containsKey(link) || links.containsKey(link) || isDirectory(link)) return false;
        links.put(link, target);
        return true;
    }

    /** @return the target of the symbolic link at {@code path}; empty when it is none */
    public synchronized Optional<String> readlink(String path) {
        return Optional.ofNullable(links.get(path));
    }

    /** A directory exists when some file lives below it (plus the usual system directories). */
    public synchronized boolean isDirectory(String path) {
        String dir = path.endsWith("/") ? path : path + "/";
        if (List.of("/", "/etc/", "/etc/xen/", "/var/", "/var/lib/", "/var/lib/libvirt/",
                "/var/lib/libvirt/images/", "/root/", "/tmp/", "/var/tmp/").contains(dir)) {
            return true;
        }
        if (dirs.stream().anyMatch(d -> (d + "/").startsWith(dir))) {
            return true;
        }
        return files.keySet().stream().anyMatch(p -> p.startsWith(dir));
    }

    /** Removes a file or a symbolic link (not its target), as {@code unlink(2)}. */
    public synchronized boolean remove(String path) {
        if (links.remove(path) != null) return true;
        formats.remove(path);
        backing.remove(path);
        return files.remove(path) != null;
    }

    /** All paths, sorted. */
    public synchronized List<String> paths() {
        return List.copyOf(files.keySet());
    }
}
