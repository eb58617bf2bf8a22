package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulated login shell and the per-host fault knobs, through the real OpenSSH client. */
class ShellAndKnobsSshTest extends SimTestBase {

    @Test
    void commandVListsInstalledTools() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V7_0);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result r = ssh.run("command -v virsh xl xm VBoxManage");
            assertEquals(0, r.exit());
            assertEquals("/usr/bin/VBoxManage\n", r.stdout());
            assertEquals("/usr/bin/socat\n/usr/bin/nc\n", ssh.run("command -v socat nc").stdout());
            OpenSsh.Result none = ssh.run("command -v virsh xl");
            assertEquals(1, none.exit());
            assertEquals("", none.stdout());

            h.loginShell(LoginShell.DASH); // real dash only looks at the first name
            OpenSsh.Result dash = ssh.run("command -v virsh VBoxManage");
            assertEquals(127, dash.exit());
            assertEquals("", dash.stdout());
        }
        SimHost kvm = SimHost.of(HostKind.KVM, "k");
        try (SimServer s = SimServer.start(kvm, pubKey)) {
            assertEquals("/usr/bin/virsh\n", OpenSsh.to(s, dir).run("command -v virsh xl xm VBoxManage").stdout());
        }
    }

    @Test
    void unknownProgramIsNotFoundWith127InTheShellsWording() throws Exception {
        SimHost h = SimHost.of(HostKind.KVM, "k");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result bash = ssh.run("LC_ALL=C VBoxManage list vms");
            assertEquals(127, bash.exit());
            assertEquals("bash: VBoxManage: command not found\n", bash.stderr());
            h.loginShell(LoginShell.DASH);
            OpenSsh.Result dash = ssh.run("sudo -n LC_ALL=C xl list");
            assertEquals(127, dash.exit());
            assertEquals("sh: 1: xl: not found\n", dash.stderr());
            assertEquals("", dash.stdout());
        }
    }

    /** libvirt's clone copies a VM's disks with cp: the copy keeps the image's format, size and base. */
    @Test
    void cpCopiesAnImageWithItsFormatAndBase() throws Exception {
        SimHost h = SimHost.of(HostKind.KVM, "k");
        h.files().putImage("/img/a.qcow2", 1L << 30, "qcow2", "/img/base.qcow2");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            assertEquals(0, ssh.run("LC_ALL=C cp --sparse=always -- /img/a.qcow2 /img/b.qcow2").exit());
            assertEquals("qcow2", h.files().format("/img/b.qcow2"));
            assertEquals(1L << 30, h.files().get("/img/b.qcow2").orElseThrow().size());
            assertEquals(java.util.Optional.of("/img/base.qcow2"), h.files().backing("/img/b.qcow2"));
            OpenSsh.Result missing = ssh.run("LC_ALL=C cp -- /img/none /img/c");
            assertEquals(1, missing.exit());
            assertEquals("cp: cannot stat '/img/none': No such file or directory\n", missing.stderr());
        }
    }

    @Test
    void injectionAttemptsAreRefusedLoudly() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V6_1);
        h.addVm("a");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            for (String evil : List.of("VBoxManage showvminfo a; touch /tmp/pwned",
                    "VBoxManage showvminfo a && id", "VBoxManage showvminfo $(id)", "VBoxManage showvminfo `id`",
                    "VBoxManage showvminfo \"$(id)\" --machinereadable", "VBoxManage list vms | cat")) {
                OpenSsh.Result r = ssh.run(evil);
                assertEquals(2, r.exit(), evil);
                assertEquals("", r.stdout(), evil);
                assertTrue(r.stderr().startsWith("sim: shell syntax not supported: "), r.stderr());
            }
            // the same characters, single-quoted, are just data
            OpenSsh.Result quoted = ssh.run("VBoxManage showvminfo 'a; touch /tmp/pwned' --machinereadable");
            assertEquals(1, quoted.exit());
            assertTrue(quoted.stderr().contains("named 'a; touch /tmp/pwned'"));
        }
    }

    @Test
    void latencyIsMeasurable() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V6_1);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            long fast = ssh.run("true").millis();
            h.latency(Duration.ofMillis(800));
            OpenSsh.Result slow = ssh.run("true");
            assertEquals(0, slow.exit());
            assertTrue(slow.millis() >= 800, "took " + slow.millis());
            assertTrue(slow.millis() >= fast + 500, "fast " + fast + " slow " + slow.millis());
        }
    }

    @Test
    void refusedConnectionsAndRecovery() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V6_1);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            h.refuseConnections(true);
            OpenSsh.Result r = ssh.run("true");
            assertEquals(255, r.exit());
            assertTrue(r.stderr().contains("Connection refused"), r.stderr());
            h.refuseConnections(false);
            assertEquals(0, ssh.run("true").exit(), "same port serves again");
        }
    }

    @Test
    void hangOnConnectMakesConnectTimeoutFire() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V6_1).hangOnConnect(true);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).run("true", null, false, 2, 20);
            assertEquals(255, r.exit(), r.stderr());
            assertTrue(r.millis() >= 1900, "took " + r.millis());
            assertTrue(r.stderr().toLowerCase().contains("timed out"), r.stderr());
        }
    }

    @Test
    void hangAfterAuthNeverAnswers() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V6_1).hangAfterAuth(true);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).run("VBoxManage list vms", null, false, 5, 2);
            assertEquals(-1, r.exit(), "still running when killed");
            assertEquals("", r.stdout());
            assertEquals(List.of("VBoxManage list vms"), h.commandLog(), "received, then silence");
        }
    }

    @Test
    void failANamedCommand() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V6_1);
        h.addVm("web");
        h.failCommand("startvm", 1, "VBoxManage: error: VT-x is not available (VERR_VMX_NO_VMX)\n");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result r = ssh.run("LC_ALL=C VBoxManage startvm web --type headless");
            assertEquals(1, r.exit());
            assertEquals("VBoxManage: error: VT-x is not available (VERR_VMX_NO_VMX)\n", r.stderr());
            assertEquals(VmPowerState.POWEROFF, h.vm("web").state());
            assertEquals(0, ssh.run("VBoxManage list vms").exit(), "other commands unaffected");
            h.clearFailures();
            assertEquals(0, ssh.run("VBoxManage startvm web --type headless").exit());
        }
    }

    @Test
    void wrongKeyIsRejectedAndCommandLogRecordsVerbatim() throws Exception {
        SimHost h = SimHost.vbox("v", VBoxVersion.V6_1);
        java.nio.file.Path other = java.nio.file.Files.createTempDirectory("sim-other");
        String otherKey = OpenSsh.generateKey(other);
        try (SimServer s = SimServer.start(h, otherKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).run("true");
            assertEquals(255, r.exit());
            assertTrue(r.stderr().contains("Permission denied"), r.stderr());
        }
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh.to(s, dir).run("LC_ALL=C VBoxManage showvminfo 'a b' --machinereadable");
            assertEquals(List.of("LC_ALL=C VBoxManage showvminfo 'a b' --machinereadable"), h.commandLog());
        }
    }

    @Test
    void severalHostsOnDistinctPorts() throws Exception {
        try (SimServer a = SimServer.start(SimHost.vbox("a", VBoxVersion.V5_2), pubKey);
             SimServer b = SimServer.start(SimHost.vbox("b", VBoxVersion.V7_0), pubKey)) {
            assertTrue(a.port() != b.port());
            assertTrue(a.hostKeyLine().matches("\\[127\\.0\\.0\\.1]:" + a.port() + " ssh-ed25519 AAAA\\S+"));
            assertEquals("5.2.44r139111\n", OpenSsh.to(a, dir).run("VBoxManage --version").stdout());
            assertEquals("7.0.14r161095\n", OpenSsh.to(b, dir).run("VBoxManage --version").stdout());
            assertEquals("b\n", OpenSsh.to(b, dir).run("hostname").stdout());
        }
    }
}
