package dev.virtdeck.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a {@link SimFleet} of HOSTS libvirt/KVM hosts with VMS VMs each (every third running) for fleet
 * benchmarks, writes DIR/inventory.yaml (virsh transport) and DIR/known_hosts, prints {@code ready HOSTS} and
 * serves until stdin closes. The stdin line {@code dump} writes DIR/exec-times.txt ({@code host epoch-ms count}: when
 * the last exec each host received arrived, -1 for none, and how many command lines it has run; the benchmark's
 * per-host spread) and DIR/first-host-commands.txt (the first host's command log) and prints {@code dumped}.
 * Usage: {@code SimFleetMain HOSTS VMS DIR AUTHORIZED_KEY_FILE IDENTITY_FILE}.
 */
public final class SimFleetMain {

    private SimFleetMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: SimFleetMain HOSTS VMS DIR AUTHORIZED_KEY_FILE IDENTITY_FILE");
            System.exit(2);
        }
        int nHosts = Integer.parseInt(args[0]);
        int nVms = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        List<SimHost> hosts = new ArrayList<>();
        for (int h = 1; h <= nHosts; h++) {
            SimHost host = SimHost.of(HostKind.KVM, String.format("sim%04d", h));
            for (int v = 1; v <= nVms; v++) {
                host.addVm(String.format("vm-%04d-%02d", h, v)).memory(1024).vcpus(1)
                        .state(v % 3 == 1 ? VmPowerState.RUNNING : VmPowerState.POWEROFF);
            }
            hosts.add(host);
        }
        SimFleet fleet = SimFleet.start(hosts, List.of(SimServer.parseAuthorizedKey(Files.readString(Path.of(args[3])))));
        StringBuilder inv = new StringBuilder("defaults: {user: root, identity: " + args[4] + ", known_hosts: "
                + dir.resolve("known_hosts") + ", connect_timeout: 120}\nhosts:\n");
        StringBuilder known = new StringBuilder();
        for (SimHost host : hosts) {
            inv.append("  ").append(host.hostname()).append(": {address: 127.0.0.1, port: ").append(fleet.port(host))
                    .append(", drivers: [libvirt], libvirt: {transport: virsh}}\n");
            known.append(fleet.hostKeyLine(host)).append('\n');
        }
        Files.writeString(dir.resolve("inventory.yaml"), inv);
        Files.writeString(dir.resolve("known_hosts"), known);
        System.out.println("ready " + nHosts);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("dump")) {
                dump(fleet, dir);
                System.out.println("dumped");
                System.out.flush();
            }
        }
        fleet.close();
    }

    private static void dump(SimFleet fleet, Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        for (SimHost host : fleet.hosts()) {
            out.append(host.hostname()).append(' ').append(fleet.lastExecMillis(host)).append(' ')
                    .append(host.commandLog().size()).append('\n');
        }
        Files.writeString(dir.resolve("exec-times.txt"), out);
        Files.write(dir.resolve("first-host-commands.txt"), fleet.hosts().get(0).commandLog());
    }
}
