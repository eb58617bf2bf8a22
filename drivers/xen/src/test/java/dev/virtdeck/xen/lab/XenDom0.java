package dev.virtdeck.xen.lab;

import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the real-Xen tests check the driver's work with: xl itself, run in dom0 over a connection of
 * their own. Under TCG an xl command takes 1-15 s, so waits poll every 2 s with generous bounds.
 */
public final class XenDom0 {
    /** Guest kernel boot until the banner, under TCG on a loaded machine. */
    public static final Duration BOOT = Duration.ofMinutes(4);
    /** A balloon, vCPU or block change reaching xl. */
    public static final Duration SETTLE = Duration.ofSeconds(90);

    private final SshHost ssh;
    private final XenLabEnv xen;

    public XenDom0(SshHost ssh, XenLabEnv xen) {
        this.ssh = ssh;
        this.xen = xen;
    }

    /** Runs argv in dom0, each word quoted for the remote shell. */
    public ExecResult sh(String... argv) {
        return ssh.exec(RemoteCommand.of(argv));
    }

    /**
     * {@code xl list NAME} as columns name, id, mem, vcpus, state, time; empty when not running.
     * For names without spaces (the columns are split on blanks).
     */
    public Optional<String[]> xlRow(String name) {
        ExecResult r = sh("xl", "list", name);
        if (!r.ok()) return Optional.empty();
        String[] lines = r.stdout().strip().split("\n");
        String[] cols = lines[lines.length - 1].trim().split("\\s+");
        return cols[0].equals(name) ? Optional.of(cols) : Optional.empty();
    }

    /** Empties the lab guest's console log; truncated, not deleted, as xenconsoled may hold it open. */
    public void truncateConsoleLog() {
        sh("sh", "-c", "test -f \"$1\" && truncate -s 0 \"$1\"; true", "sh", xen.consoleLog());
    }

    /** Waits until the lab guest's console log holds {@code count} boot banners (one per boot). */
    public void awaitBanner(int count) {
        await(BOOT, count + " boot banner(s) in " + xen.consoleLog(), () -> {
            ExecResult r = sh("grep", "-c", "VD-XEN-BOOT-OK", xen.consoleLog());
            return !r.stdout().isBlank() && Integer.parseInt(r.stdout().strip()) >= count;
        });
    }

    /** Number of devices {@code xl block-list NAME} shows. */
    public int blockDevices(String name) {
        int n = 0;
        for (String line : sh("xl", "block-list", name).stdout().split("\n")) if (line.matches("\\s*\\d+\\s+.*")) n++;
        return n;
    }

    /** Polls {@code ok} every 2 s until it holds; fails the test naming {@code what} after {@code bound}. */
    public static void await(Duration bound, String what, BooleanSupplier ok) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("not within " + bound.toSeconds() + " s: " + what);
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
