package dev.virtdeck.testlab;

import dev.virtdeck.ssh.SshTarget;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real lab's facts, loaded from {@code $LAB/lab.env} written by {@code lab/setup.sh}.
 *
 * <p>{@code $LAB} is env {@code VIRTDECK_LAB_DIR}, else system property {@code virtdeck.lab.dir},
 * else {@code /var/tmp/virtdeck-lab}. Real-lab tests call {@link #require()} first: it FAILS when
 * {@code CI=true} (system property or env) and the lab is missing, and skips otherwise.
 *
 * @param dir        the lab state directory
 * @param guestAcpi  empty when no ACPI-honouring guest could be built
 * @param vars       every variable of lab.env, for the ones without an accessor ({@link #var})
 */
public record LabEnv(Path dir, String host, int port, String host2, int port2, String user, Path key,
                     Path knownHosts, Path kernel, Path initrd, String domainType, String guestDeaf,
                     String guestAcpi, String uri, Map<String, String> vars) {

    public LabEnv {
        vars = Map.copyOf(vars);
    }

    /** @return the lab directory tests read, whether or not the lab exists */
    public static Path labDir() {
        String env = System.getenv("VIRTDECK_LAB_DIR");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("virtdeck.lab.dir", "/var/tmp/virtdeck-lab"));
    }

    /** @return true when CI=true is set as a system property or in the environment */
    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getProperty("CI"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** @return the lab, or aborts the test: failed under CI, skipped (assumption) otherwise */
    public static LabEnv require() {
        Path env = labDir().resolve("lab.env");
        if (!Files.isRegularFile(env)) {
            String msg = "real lab missing: " + env + " not found (run lab/setup.sh as root)";
            if (ci()) Assertions.fail(msg + " [CI=true: real-lab tests must not be skipped]");
            Assumptions.abort(msg);
        }
        return load(env);
    }

    /**
     * Runs lab/bare/up.sh (a pristine bare Debian host each time) from a module directory of the
     * checkout: failed under CI, skipped otherwise when it cannot come up.
     *
     * @return the inventory up.sh wrote (host {@code bare})
     */
    public static Path freshBareHost() throws IOException, InterruptedException {
        Path up = Path.of("..", "lab", "bare", "up.sh").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(up), "no " + up);
        Process p = new ProcessBuilder("bash", up.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        if (rc != 0 && !ci()) Assumptions.abort("lab/bare/up.sh failed (not CI, skipping):\n" + log);
        Assertions.assertEquals(0, rc, "lab/bare/up.sh:\n" + log);
        return labDir().resolve("bare/inventory.yaml");
    }

    /** @return the checkout's root (the directory with the {@code virtdeck} launcher) above the working directory */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("virtdeck"))) p = p.getParent();
        if (p == null) Assertions.fail("repository root (with the virtdeck launcher) not found above " + Path.of("").toAbsolutePath());
        return p;
    }

    /** @return whether {@code tool} is an executable on this process's PATH */
    public static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    /** Parses a shell-sourceable {@code KEY=value} file (optional {@code export}, quotes). */
    public static LabEnv load(Path envFile) {
        Map<String, String> m = parse(envFile);
        Path dir = envFile.toAbsolutePath().getParent();
        return new LabEnv(dir, get(m, "LAB_SSH_HOST"), Integer.parseInt(get(m, "LAB_SSH_PORT")),
                get(m, "LAB_SSH_HOST2"), Integer.parseInt(get(m, "LAB_SSH_PORT2")),
                m.getOrDefault("LAB_USER", "root"), Path.of(get(m, "LAB_KEY")),
                Path.of(get(m, "LAB_KNOWN_HOSTS")), pathOrNull(m, "LAB_KERNEL"), pathOrNull(m, "LAB_INITRD"),
                m.getOrDefault("LAB_DOMAIN_TYPE", "qemu"), m.getOrDefault("LAB_GUEST_DEAF", ""),
                m.getOrDefault("LAB_GUEST_ACPI", ""), m.getOrDefault("LAB_URI", "qemu:///system"), m);
    }

    /** @return SSH target for lab1 (127.0.0.1) with the lab's key and known_hosts */
    public SshTarget target1() {
        return target("lab1", host, port);
    }

    /** @return SSH target for lab2 (127.0.1.2) */
    public SshTarget target2() {
        return target("lab2", host2, port2);
    }

    /** @return a target with the lab's user, key and known_hosts, default timeouts, no jump */
    public SshTarget target(String name, String hostname, int port) {
        return new SshTarget(name, hostname, port, user, List.of(key), knownHosts, false, null,
                SshTarget.DEFAULT_CONNECT_TIMEOUT, SshTarget.DEFAULT_COMMAND_TIMEOUT);
    }

    /** @return true when an ACPI-honouring guest exists */
    public boolean hasAcpiGuest() {
        return guestAcpi != null && !guestAcpi.isBlank();
    }

    /** @return the inventory file setup.sh wrote (LAB_INVENTORY, else $LAB/inventory.yaml) */
    public Path inventory() {
        String v = vars.get("LAB_INVENTORY");
        return v == null || v.isEmpty() ? dir.resolve("inventory.yaml") : Path.of(v);
    }

    /** @return the guest kernel command line (LAB_CMDLINE, default {@code console=ttyS0}) */
    public String cmdline() {
        return vars.getOrDefault("LAB_CMDLINE", "console=ttyS0");
    }

    /** @return a raw lab.env variable, or null */
    public String var(String name) {
        return vars.get(name);
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) throw new IllegalStateException("lab.env lacks " + key);
        return v;
    }

    private static Path pathOrNull(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null || v.isEmpty() ? null : Path.of(v);
    }

    /** Reads a shell-sourceable KEY=value file (lab.env, xen.env): comments, export, quotes. */
    public static Map<String, String> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new HashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            m.put(line.substring(0, eq), unquote(line.substring(eq + 1).strip()));
        }
        return m;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
