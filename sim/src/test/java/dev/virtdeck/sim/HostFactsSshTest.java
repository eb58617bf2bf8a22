package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one recognised shell script: virtdeck's host-facts snippet, sent as `sh -c '<script>'`. */
class HostFactsSshTest extends SimTestBase {

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void theExactScriptGetsDebianShapedFacts() throws Exception {
        SimHost h = SimHost.of(HostKind.KVM, "kvm1").cpus(2).memoryMb(4096);
        h.addVm("a").memory(512).state(VmPowerState.RUNNING);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result r = ssh.run("LC_ALL=C sh -c " + quoted(HostFactsScript.script()));
            assertEquals(0, r.exit(), r.stderr());
            assertEquals("hostname=kvm1\ncpus=2\nvmx=1\nsvm=0\ndevkvm=1\ndevkvm_writable=1\nmodule=kvm\nmodule=kvm_intel\n"
                    + "tool=virsh\nMemTotal:        4194304 kB\nMemAvailable:    3670016 kB\n", r.stdout());
            OpenSsh.Result changed = ssh.run("LC_ALL=C sh -c " + quoted(HostFactsScript.script() + "\n"));
            assertEquals(2, changed.exit());
        }
        try (SimServer s = SimServer.start(SimHost.of(HostKind.XEN, "xenhost"), pubKey)) {
            String out = OpenSsh.to(s, dir).run("sh -c " + quoted(HostFactsScript.script())).stdout();
            assertTrue(out.contains("vmx=0\n") && out.contains("devkvm=0\n") && out.contains("tool=xl\n"), out);
        }
    }

    /** The copy must equal what the drivers send: this file is the coupling (see README). */
    @Test
    void scriptCopyLooksLikeTheDriversSnippet() {
        String script = HostFactsScript.script();
        assertTrue(script.startsWith("PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\"\n"));
        assertTrue(script.endsWith("exit 0"));
        assertTrue(script.contains("for t in virsh xl xm VBoxManage xe; do"));
    }
}
