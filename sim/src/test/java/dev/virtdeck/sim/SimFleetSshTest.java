package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One SSH server, many hosts: each port answers as its own host, with the real OpenSSH client. */
class SimFleetSshTest extends SimTestBase {

    @Test
    void eachPortServesItsOwnHost() throws Exception {
        SimHost a = SimHost.of(HostKind.KVM, "kvm-a");
        a.addVm("only-on-a").state(VmPowerState.RUNNING);
        SimHost b = SimHost.of(HostKind.KVM, "kvm-b");
        b.addVm("only-on-b");
        SimHost c = SimHost.of(HostKind.KVM, "kvm-c");
        try (SimFleet fleet = SimFleet.start(List.of(a, b, c), List.of(SimServer.parseAuthorizedKey(pubKey)))) {
            Set<Integer> ports = fleet.hosts().stream().map(fleet::port).collect(Collectors.toSet());
            assertEquals(3, ports.size(), "one port per host");
            OpenSsh toA = OpenSsh.to(fleet.port(a), fleet.hostKeyLine(a), dir);
            OpenSsh toB = OpenSsh.to(fleet.port(b), fleet.hostKeyLine(b), dir);
            long before = System.currentTimeMillis();

            OpenSsh.Result onA = toA.run("LC_ALL=C virsh list --all --name");
            OpenSsh.Result onB = toB.run("hostname");

            assertEquals(0, onA.exit(), onA.stderr());
            assertEquals("only-on-a", onA.stdout().trim());
            assertEquals("kvm-b", onB.stdout().trim());
            assertTrue(a.commandLog().contains("LC_ALL=C virsh list --all --name"), a.commandLog().toString());
            assertTrue(b.commandLog().contains("hostname"), b.commandLog().toString());
            assertTrue(fleet.lastExecMillis(a) >= before && fleet.lastExecMillis(b) >= before);
            assertEquals(-1, fleet.lastExecMillis(c), "kvm-c got no exec");
        }
    }
}
