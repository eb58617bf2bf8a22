package dev.virtdeck.testlab;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Stops and starts the lab's libvirtd the way lab/setup.sh runs it (no systemd: {@code libvirtd -d}).
 * Guests keep running across it. A test using it restarts the shared libvirtd: it must run while
 * holding {@code /var/tmp/virtdeck-lab/.libvirtd.lock} exclusively (other lab runs hold it shared).
 */
public final class LabLibvirtd {
    private LabLibvirtd() {
    }

    public static boolean running() throws InterruptedException {
        return run(10, "pgrep", "-x", "libvirtd") == 0;
    }

    /** SIGTERM, wait (up to 30 s) for the exit, SIGKILL if it is still there. */
    public static void stop() throws InterruptedException {
        if (run(10, "pkill", "-x", "libvirtd") != 0) return; // not running
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running() && System.nanoTime() < end) Thread.sleep(100);
        if (running()) {
            run(10, "pkill", "-KILL", "-x", "libvirtd");
            Thread.sleep(500);
        }
    }

    /** Starts it unless it runs, and waits until {@code virsh version} answers (fails the test after 30 s). */
    public static void start() throws InterruptedException {
        if (!running()) run(30, "libvirtd", "-d");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            if (run(10, "virsh", "-c", "qemu:///system", "version") == 0) return;
            Thread.sleep(200);
        }
        fail("libvirtd does not answer 30 s after its start");
    }

    public static void restart() throws InterruptedException {
        stop();
        start();
    }

    private static int run(int seconds, String... cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
    }
}
