package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** virtdeck's xl list script, sent as `sh -c '<script>' sh TOOL CONFDIR SAVEDIR`: answered only verbatim. */
class XlListScriptSshTest extends SimTestBase {

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String line(String tool, String save) {
        return "LC_ALL=C sh -c " + quoted(XlListScript.script()) + " sh " + tool + " /etc/xen " + quoted(save);
    }

    @Test
    void everyStepBracketedInTheScriptsOrder() throws Exception {
        SimHost h = SimHost.of(HostKind.XEN, "xen1");
        h.addXenGuest("a-guest-with-a-long-name", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        h.addXenGuest("off", 128, 128, 1, 1);
        h.files().put("/var/lib/xen/save/off.save", "image");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).run(line("xl", "/var/lib/xen/save"));
            assertEquals(0, r.exit(), r.stderr());
            String out = r.stdout();
            int list = out.indexOf("@@virtdeck:begin list\nName ");
            int longList = out.indexOf("\n@@virtdeck:end 0\n@@virtdeck:begin long\n[\n");
            int configs = out.indexOf("@@virtdeck:begin configs\n/etc/xen/");
            int cfg = out.indexOf("@@virtdeck:begin config /etc/xen/off.cfg\n" + h.files().get("/etc/xen/off.cfg")
                    .orElseThrow().content());
            int saves = out.indexOf("@@virtdeck:begin saves\n/var/lib/xen/save/off.save\n\n@@virtdeck:end 0\n");
            int top = out.indexOf("@@virtdeck:begin xentop\n");
            assertTrue(list == 0 && list < longList && longList < configs && configs < cfg && cfg < saves && saves < top,
                    out);
            assertTrue(out.substring(top).contains("\na-guest-with-a-long-name "), "xentop -f: full names: " + out);
            assertTrue(out.endsWith("\n@@virtdeck:end 0\n"), out);
        }
    }

    @Test
    void onlyDomain0XmAFailingListAndAnotherTextEachAnswerAsTheRealShellWould() throws Exception {
        SimHost h = SimHost.of(HostKind.XEN, "xen1");
        h.addXenGuest("off", 128, 128, 1, 1);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            String out = ssh.run(line("xl", "")).stdout();
            assertTrue(out.contains("@@virtdeck:begin configs\n") && !out.contains("begin long")
                    && !out.contains("begin xentop") && !out.contains("begin saves"), out);

            OpenSsh.Result xm = ssh.run(line("xm", ""));
            assertEquals(127, xm.exit(), "this host has no xm");
            assertTrue(xm.stderr().matches("sh: \\d+: xm: not found\n"), xm.stderr());
            assertEquals("@@virtdeck:begin list\n\n\n@@virtdeck:end 127\n", xm.stdout());

            h.failCommand("xl list", 1, "xencall: error: Could not obtain handle\n");
            OpenSsh.Result failed = ssh.run(line("xl", ""));
            assertEquals(1, failed.exit());
            assertEquals("xencall: error: Could not obtain handle\n", failed.stderr());

            OpenSsh.Result changed = ssh.run("LC_ALL=C sh -c " + quoted(XlListScript.script() + "\n") + " sh xl /etc/xen ''");
            assertEquals(2, changed.exit());
            assertTrue(changed.stderr().contains("not simulated"), changed.stderr());
        }
    }
}
