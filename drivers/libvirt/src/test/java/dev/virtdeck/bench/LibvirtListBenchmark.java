package dev.virtdeck.bench;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.Transport;
import dev.virtdeck.libvirt.LibvirtDriverFactory;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.testlab.LabEnv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cost of one libvirt {@code list} per host, native API (through virt-ssh-helper) versus virsh
 * over SSH, against the real lab. Not a unit test: run it with {@code bench/libvirt-list.sh}.
 *
 * <p>Prints, per transport, the one-time cost of opening the driver on an already connected SSH
 * host, then median, p95 and min of N list() calls after a warm-up.
 * Arguments: {@code [N] [WARMUP]} (default 50, 5).
 */
public final class LibvirtListBenchmark {

    private LibvirtListBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LabEnv lab = LabEnv.load(LabEnv.labDir().resolve("lab.env"));
        try (SshPool pool = new SshPool(Trace.NONE, Prompter.NONE)) {
            long t0 = System.nanoTime();
            SshHost ssh = pool.connect(lab.target1());
            double sshMs = ms(System.nanoTime() - t0);
            System.out.printf(Locale.ROOT, "host %s:%d, uri %s, %d list() calls after %d warm-up%n",
                    lab.host(), lab.port(), lab.uri(), n, warmup);
            System.out.printf(Locale.ROOT, "ssh connect (shared by both): %.1f ms%n", sshMs);
            System.out.printf(Locale.ROOT, "%-8s %12s %8s %10s %8s %8s %8s%n",
                    "transport", "connect ms", "VMs", "median ms", "p95 ms", "min ms", "max ms");
            for (Transport t : List.of(Transport.NATIVE, Transport.VIRSH)) {
                run(t, lab, ssh, n, warmup);
            }
        }
    }

    private static void run(Transport t, LabEnv lab, SshHost ssh, int n, int warmup) {
        long t0 = System.nanoTime();
        try (HypervisorDriver d = LibvirtDriverFactory.open("lab1", ssh, new LibvirtSettings(lab.uri(), t), false,
                Trace.NONE)) {
            double connect = ms(System.nanoTime() - t0);
            int vms = 0;
            for (int i = 0; i < warmup; i++) vms = d.list().size();
            double[] samples = new double[n];
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                d.list();
                samples[i] = ms(System.nanoTime() - s);
            }
            Arrays.sort(samples);
            System.out.printf(Locale.ROOT, "%-9s %12.1f %8d %10.2f %8.2f %8.2f %8.2f%n", t.yamlName(), connect, vms,
                    percentile(samples, 50), percentile(samples, 95), samples[0], samples[n - 1]);
        }
    }

    /** Nearest-rank percentile of sorted samples. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
