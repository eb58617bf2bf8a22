package dev.virtdeck.xen.lab;

import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Xen host's facts, loaded from {@code $LAB/xen.env} written by {@code lab/xen/boot.sh}
 * ({@code $LAB} as in {@link LabEnv#labDir()}).
 *
 * <p>Real-Xen tests call {@link #require()} first: it FAILS when {@code CI=true} and the Xen host is
 * missing, and skips otherwise (developers without the time for the Xen stage).
 *
 * @param host        dom0's sshd address (loopback; QEMU forwards it)
 * @param guest       the lab's PV guest, defined by {@code guestCfg} and not running at boot
 * @param consoleLog  dom0 path of the guest's console log (xenconsoled {@code --log=guest})
 * @param dataImg     dom0 path of a spare 64 MiB raw file
 * @param vars        every variable of xen.env
 */
public record XenLabEnv(Path dir, String host, int port, String user, Path key, Path knownHosts, String guest,
                        String guestCfg, String consoleLog, String dataImg, Path inventory, Map<String, String> vars) {
    /** Under TCG, the SSH banner exchange alone took up to 40 s on a loaded machine. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(90);
    /** xl commands take 1-15 s under TCG, xl create up to a minute when the machine is loaded. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

    public XenLabEnv {
        vars = Map.copyOf(vars);
    }

    /** @return the Xen host, or aborts the test: failed under CI, skipped (assumption) otherwise */
    public static XenLabEnv require() {
        Path env = LabEnv.labDir().resolve("xen.env");
        if (!Files.isRegularFile(env)) {
            String msg = "real Xen host missing: " + env + " not found (run `bash lab/xen/test.sh`, or"
                    + " lab/xen/build.sh + lab/xen/boot.sh as root)";
            if (LabEnv.ci()) Assertions.fail(msg + " [CI=true: real-Xen tests must not be skipped]");
            Assumptions.abort(msg);
        }
        return load(env);
    }

    /** Parses xen.env (shell-sourceable {@code KEY=value} lines). */
    public static XenLabEnv load(Path envFile) {
        Map<String, String> m = LabEnv.parse(envFile);
        Path dir = envFile.toAbsolutePath().getParent();
        return new XenLabEnv(dir, get(m, "XEN_SSH_HOST"), Integer.parseInt(get(m, "XEN_SSH_PORT")),
                m.getOrDefault("XEN_USER", "root"), Path.of(get(m, "XEN_KEY")), Path.of(get(m, "XEN_KNOWN_HOSTS")),
                get(m, "XEN_GUEST"), get(m, "XEN_GUEST_CFG"),
                m.getOrDefault("XEN_GUEST_CONSOLE_LOG", "/var/log/xen/console/guest-" + get(m, "XEN_GUEST") + ".log"),
                m.getOrDefault("XEN_DATA_IMG", ""),
                Path.of(m.getOrDefault("XEN_INVENTORY", dir.resolve("inventory-xen.yaml").toString())), m);
    }

    /** @return the dom0 as inventory host "xen1", with timeouts sized for Xen under TCG */
    public SshTarget target() {
        return new SshTarget("xen1", host, port, user, List.of(key), knownHosts, false, null,
                CONNECT_TIMEOUT, COMMAND_TIMEOUT);
    }

    private static String get(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) throw new IllegalStateException("xen.env lacks " + key);
        return v;
    }
}
