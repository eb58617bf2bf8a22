package dev.virtdeck.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A simulated host's files: disk images made by {@code qemu-img}, Xen domain configs, raw images for
 * {@code xl block-attach}. Only absolute paths; directories exist implicitly. Thread-safe.
 */
public final class SimFiles {

    /** One file: its text (configs) and its size in bytes (images). */
    public record File(String path, String content, long size) {}

    private final Map<String, File> files = new TreeMap<>();

    /** Writes a text file. */
    public synchronized SimFiles put(String path, String content) {
        files.put(path, new File(path, content, content.length()));
        return this;
    }

    /** Creates an image file of {@code size} bytes (content is not modelled). */
    public synchronized SimFiles putImage(String path, long size) {
        files.put(path, new File(path, "", size));
        return this;
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

    public synchronized Optional<File> get(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public synchronized boolean exists(String path) {
        return files.containsKey(path) || isDirectory(path);
    }

    /** A directory exists when some file lives below it (plus the usual system directories). */
    public synchronized boolean isDirectory(String path) {
        String dir = path.endsWith("/") ? path : path + "/";
        if (List.of("/", "/etc/", "/etc/xen/", "/var/", "/var/lib/", "/var/lib/libvirt/",
                "/var/lib/libvirt/images/", "/root/", "/tmp/", "/var/tmp/").contains(dir)) {
            return true;
        }
        return files.keySet().stream().anyMatch(p -> p.startsWith(dir));
    }

    public synchronized boolean remove(String path) {
        return files.remove(path) != null;
    }

    /** All paths, sorted. */
    public synchronized List<String> paths() {
        return List.copyOf(files.keySet());
    }
}
