package dev.virtdeck.bench;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.sim.xapi.XapiPowerState;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.testlab.SimSshHost;
import dev.virtdeck.xapi.XapiDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Wall time and XAPI calls of one XenServer/XCP-ng list (a refresh) against the simulated pool over real SSH,
 * through {@link LatencyProxy} (DELAY ms each way; 0: none): event.from against the bulk calls it replaced (the
 * same driver code, the sim told to refuse event.from as an XAPI before 6.0 would). bench/xapi-refresh.sh runs it.
 */
public final class XapiRefreshBenchmark {
    private XapiRefreshBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int lists = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long delay = args.length > 2 ? Long.parseLong(args[2]) : 0;
        SimXapiPool pool = SimXapiPool.create("bench-pool");
        SimHost master = pool.addHost("xcp-bench", true);
        for (int i = 1; i <= vms; i++) {
            var vm = pool.addVm(String.format(Locale.ROOT, "vm-%03d", i)).memoryMb(256).vcpus(1, 2);
            if (i % 2 == 0) vm.state(XapiPowerState.RUNNING).residentOn(master);
        }
        Path dir = Files.createTempDirectory("xapi-bench");
        try (SimSshHost sim = SimSshHost.start(master, dir);
             LatencyProxy proxy = new LatencyProxy("127.0.0.1", sim.port(), delay);
             SshPool ssh = new SshPool(Trace.NONE, Prompter.NONE)) {
            Path known = dir.resolve("known_hosts-proxy");
            Files.writeString(known, sim.server().hostKeyLine().replace("]:" + sim.port() + " ", "]:" + proxy.port() + " ")
                    + "\n");
            SshHost host = ssh.connect(new SshTarget("bench", "127.0.0.1", proxy.port(), "root", List.of(sim.key()), known,
                    false, null, SshTarget.DEFAULT_CONNECT_TIMEOUT, SshTarget.DEFAULT_COMMAND_TIMEOUT));
            System.out.printf(Locale.ROOT, "simulated pool, %d guests (%d running) + dom0 + 2 templates; %d timed lists"
                    + " per path after 3 warm-up lists; loopback SSH through a proxy adding %d ms each way (RTT +%d ms)%n",
                    vms, vms / 2, lists, delay, 2 * delay);
            List<VmInfo> viaEvents = run(pool, host, "event.from", lists);
            pool.refuse("event.from", "MESSAGE_METHOD_UNKNOWN", "event.from");
            List<VmInfo> viaBulk = run(pool, host, "bulk calls", lists);
            System.out.println(viaEvents.equals(viaBulk) ? "both paths list the same " + viaBulk.size() + " VMs, same fields"
                    : "MISMATCH between the two paths");
        }
    }

    private static List<VmInfo> run(SimXapiPool pool, SshHost ssh, String path, int lists) {
        try (XapiDriver d = new XapiDriver("bench", ssh, false)) {
            List<VmInfo> last = null;
            for (int i = 0; i < 3; i++) last = d.list();
            List<Double> ms = new ArrayList<>();
            pool.clearCallLog();
            for (int i = 0; i < lists; i++) {
                long t0 = System.nanoTime();
                last = d.list();
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            double calls = pool.callLog().size() / (double) lists;
            Collections.sort(ms);
            System.out.printf(Locale.ROOT, "%-11s calls per list %.0f; median %.1f ms, min %.1f ms, max %.1f ms%n", path,
                    calls, ms.get(ms.size() / 2), ms.get(0), ms.get(ms.size() - 1));
            return last;
        }
    }
}
