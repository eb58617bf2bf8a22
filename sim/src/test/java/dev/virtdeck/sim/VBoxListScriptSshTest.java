package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The VirtualBox driver's list script, sent as {@code sh -c '<script>'}: each section is what its
 * VBoxManage command prints when run alone (minus the trailing newlines {@code $(...)} drops), on
 * stdout and on stderr, and the host logs ONE command line.
 */
class VBoxListScriptSshTest extends SimTestBase {

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String section(String name, String body, int code) {
        return "@@virtdeck:begin " + name + "\n" + body + "\n@@virtdeck:end " + code + "\n";
    }

    private static String chomp(String s) {
        return s.replaceAll("\n+$", "");
    }

    @Test
    void sectionsAreTheStepsRunAloneAndOneLineIsLogged() throws Exception {
        SimHost h = SimHost.vbox("vbox1", VBoxVersion.V7_0);
        SimVm odd = h.addVm("odd \"q\" {x}").state(VmPowerState.RUNNING);
        SimVm off = h.addVm("off");
        SimVm gone = h.addVm("gone");
        String notFound = "VBoxManage: error: Could not find a registered machine with UUID {" + gone.uuid() + "}\n";
        h.failCommand("showvminfo " + gone.uuid(), 1, notFound);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result list = ssh.run("LC_ALL=C VBoxManage list vms");
            OpenSsh.Result showOdd = ssh.run("LC_ALL=C VBoxManage showvminfo " + odd.uuid() + " --machinereadable");
            OpenSsh.Result showOff = ssh.run("LC_ALL=C VBoxManage showvminfo " + off.uuid() + " --machinereadable");
            OpenSsh.Result query = ssh.run("LC_ALL=C VBoxManage metrics query '*' " + VBoxListScript.METRICS_QUERY.get(4));
            int before = h.commandLog().size();

            OpenSsh.Result r = ssh.run("LC_ALL=C sh -c " + quoted(VBoxListScript.script()));
            assertEquals(0, r.exit(), r.stderr());
            assertEquals(section("list", chomp(list.stdout()), 0)
                    + section("show " + odd.uuid(), chomp(showOdd.stdout()), 0)
                    + section("show " + off.uuid(), chomp(showOff.stdout()), 0)
                    + section("show " + gone.uuid(), "", 1)
                    + section("metrics", query.stdout(), 0), r.stdout());
            assertEquals(section("list", "", 0) + section("show " + odd.uuid(), "", 0)
                    + section("show " + off.uuid(), "", 0) + section("show " + gone.uuid(), notFound, 1)
                    + section("metrics", "", 0), r.stderr());
            assertEquals(1, h.commandLog().size() - before, "one exec: " + h.commandLog());

            odd.state(VmPowerState.SAVED);
            OpenSsh.Result idle = ssh.run("LC_ALL=C sh -c " + quoted(VBoxListScript.script()));
            assertFalse(idle.stdout().contains("@@virtdeck:begin metrics"), "no VM can run: no query: " + idle.stdout());

            OpenSsh.Result changed = ssh.run("LC_ALL=C sh -c " + quoted(VBoxListScript.script() + "\n"));
            assertEquals(2, changed.exit());
        }
    }

    @Test
    void aFailingListingEndsTheScriptWithItsExitCode() throws Exception {
        SimHost h = SimHost.vbox("vbox1", VBoxVersion.V6_1);
        h.addVm("a");
        h.failCommand("list vms", 1, "VBoxManage: error: Failed to create the VirtualBox object!\n");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).run("LC_ALL=C sh -c " + quoted(VBoxListScript.script()));
            assertEquals(1, r.exit());
            assertEquals(section("list", "", 1), r.stdout());
            assertEquals(section("list", "VBoxManage: error: Failed to create the VirtualBox object!\n", 1), r.stderr());
        }
        SimHost none = SimHost.vbox("vbox2", VBoxVersion.V6_1).removeTool("VBoxManage");
        try (SimServer s = SimServer.start(none, pubKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).run("sh -c " + quoted(VBoxListScript.script()));
            assertEquals(127, r.exit());
            assertEquals(section("list", "sh: 8: VBoxManage: not found\n", 127), r.stderr(), "dash's words, verified");
        }
    }

    /** The copy must equal what the VirtualBox driver sends (its VBoxListScriptShellTest runs it under dash). */
    @Test
    void scriptCopyRunsTheStepsThisClassAnswers() {
        String script = VBoxListScript.script();
        assertTrue(script.contains("vms=$(VBoxManage list vms)\n"));
        assertTrue(script.contains("info=$(VBoxManage showvminfo \"$uuid\" --machinereadable)\n"));
        List<String> q = VBoxListScript.METRICS_QUERY;
        assertTrue(script.contains("\n  " + String.join(" ", q.subList(0, 3)) + " '*' " + q.get(4) + "\n"), script);
        assertTrue(script.endsWith("exit 0\n"));
    }
}
