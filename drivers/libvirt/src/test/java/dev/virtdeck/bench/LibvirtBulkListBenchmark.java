package dev.virtdeck.bench;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.Transport;
import dev.virtdeck.libvirt.LibvirtDriverFactory;
import dev.virtdeck.libvirt.NativeDriver;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.testlab.LabEnv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Round trips and wall time of one native libvirt list, per-domain path versus bulk stats, over
 * an SSH link with added latency ({@link LatencyProxy} between the client and the lab's sshd).
 * Not a unit test: run it with {@code bench/libvirt-bulk-list.sh}, which defines the domains.
 * Arguments: {@code [DELAY_MS_EACH_WAY] [LISTS]} (defaults 10 and 5).
 *
 * <p>Before timing it checks both paths list the same VMs with the same fields (cpu time set
 * aside for active VMs: it runs) and exits 2 after timing if not.
 */
public final class LibvirtBulkListBenchmark {
    private static final String MODE = "virtdeck.libvirt.list";
    private static boolean mismatch;

    private LibvirtBulkListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long delay = args.length > 0 ? Long.parseLong(args[0]) : 10;
        int lists = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LabEnv lab = LabEnv.load(LabEnv.labDir().resolve("lab.env"));
        try (LatencyProxy proxy = new LatencyProxy(lab.host(), lab.port(), delay);
             SshPool pool = new SshPool(Trace.NONE, Prompter.NONE)) {
            Path known = knownHostsFor(lab, proxy.port());
            SshTarget t = new SshTarget("bench", "127.0.0.1", proxy.port(), lab.user(), List.of(lab.key()), known,
                    false, null, SshTarget.DEFAULT_CONNECT_TIMEOUT, SshTarget.DEFAULT_COMMAND_TIMEOUT);
            long t0 = System.nanoTime();
            SshHost ssh = pool.connect(t);
            System.out.printf(Locale.ROOT, "lab sshd %s:%d through latency proxy :%d, %d ms each way (RTT +%d ms);"
                    + " ssh connect %.0f ms; uri %s; %d lists per mode%n", lab.host(), lab.port(), proxy.port(), delay,
                    2 * delay, ms(System.nanoTime() - t0), lab.uri(), lists);
            try (HypervisorDriver d = LibvirtDriverFactory.open("bench", ssh,
                    new LibvirtSettings(lab.uri(), Transport.NATIVE), false, Trace.NONE)) {
                NativeDriver nd = (NativeDriver) d;
                List<VmInfo> perDomain = listAs(nd, "per-domain");
                List<VmInfo> bulk = listAs(nd, "bulk");
                List<String> a = comparable(perDomain);
                List<String> b = comparable(bulk);
                if (a.equals(b)) {
                    System.out.printf(Locale.ROOT, "both paths list the same %d VMs, same fields (cpu time aside for active VMs)%n",
                            b.size());
                } else {
                    // a VM changing state between the two lists shows here too: rerun to tell
                    System.out.println("MISMATCH between the per-domain and the bulk list (name|uuid|state|native"
                            + "|vcpus|max|MiB|max MiB|persistent|cpu):");
                    a.stream().filter(x -> !b.contains(x)).forEach(x -> System.out.println("  per-domain only: " + x));
                    b.stream().filter(x -> !a.contains(x)).forEach(x -> System.out.println("  bulk only:       " + x));
                    mismatch = true;
                }
                System.out.printf(Locale.ROOT, "%-11s %5s %12s %12s %10s %10s%n", "path", "VMs", "RPCs/list",
                        "median ms", "min ms", "max ms");
                for (String mode : List.of("per-domain", "bulk")) run(nd, mode, lists);
            }
            if (mismatch) System.exit(2);
        } finally {
            System.clearProperty(MODE);
        }
    }

    private static List<VmInfo> listAs(NativeDriver d, String mode) {
        System.setProperty(MODE, mode);
        return d.list();
    }

    private static void run(NativeDriver d, String mode, int lists) {
        System.setProperty(MODE, mode);
        d.list(); // warm-up
        double[] wall = new double[lists];
        long[] rpcs = new long[lists];
        int vms = 0;
        for (int i = 0; i < lists; i++) {
            long r0 = d.rpcMessagesSent();
            long s = System.nanoTime();
            vms = d.list().size();
            wall[i] = ms(System.nanoTime() - s);
            rpcs[i] = d.rpcMessagesSent() - r0;
        }
        Arrays.sort(wall);
        long rMin = Arrays.stream(rpcs).min().orElse(0);
        long rMax = Arrays.stream(rpcs).max().orElse(0);
        System.out.printf(Locale.ROOT, "%-11s %5d %12s %12.0f %10.0f %10.0f%n", mode, vms,
                rMin == rMax ? String.valueOf(rMin) : rMin + "-" + rMax, wall[lists / 2], wall[0], wall[lists - 1]);
    }

    /** VmInfo without the cpu time (a running counter), sorted by name. */
    private static List<String> comparable(List<VmInfo> vms) {
        List<String> out = new ArrayList<>();
        for (VmInfo v : vms.stream().sorted(Comparator.comparing(VmInfo::name)).toList()) {
            out.add(String.join("|", v.name(), v.uuid(), String.valueOf(v.state()), String.valueOf(v.nativeState()),
                    String.valueOf(v.vcpus()), String.valueOf(v.maxVcpus()), String.valueOf(v.memoryMiB()),
                    String.valueOf(v.maxMemoryMiB()), String.valueOf(v.persistent()),
                    v.state() != null && v.state().isActive() ? "cpu running" : "cpu " + v.cpuTimeNs()));
        }
        return out;
    }

    /** The lab's host key, recorded for the proxy's port (the key is the same sshd's). */
    private static Path knownHostsFor(LabEnv lab, int port) throws Exception {
        String prefix = "[" + lab.host() + "]:" + lab.port() + " ";
        String line = Files.readAllLines(lab.knownHosts()).stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no host key for " + prefix + "in " + lab.knownHosts()));
        Path f = Files.createTempFile("virtdeck-bench-known_hosts", "");
        f.toFile().deleteOnExit();
        Files.writeString(f, "[127.0.0.1]:" + port + " " + line.substring(prefix.length()) + "\n");
        return f;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
