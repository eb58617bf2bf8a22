package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** UART consoles reached with socat / nc -U on a simulated VirtualBox host. */
class ConsoleSshTest extends SimTestBase {

    private static SimHost host() {
        SimHost h = SimHost.vbox("v", VBoxVersion.V7_0);
        h.addVm("Web Server").vcpus(2).uartServer("/var/tmp/vbox/web server.sock").state(VmPowerState.RUNNING);
        h.addVm("off").uartServer("/var/tmp/vbox/off.sock");
        return h;
    }

    @Test
    void socatConsoleAnswersTheTinyShell() throws Exception {
        try (SimServer s = SimServer.start(host(), pubKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).run("socat - 'UNIX-CONNECT:/var/tmp/vbox/web server.sock'",
                    "echo hello world\nhostname\nuname -a\nnproc\nfrobnicate\n");
            assertEquals(0, r.exit(), r.stderr());
            String out = r.stdout();
            assertTrue(out.startsWith("# echo hello world\r\nhello world\r\n# "), out);
            assertTrue(out.contains("hostname\r\nweb-server\r\n# "), out);
            assertTrue(out.contains("\r\nLinux web-server 6.1.0-18-amd64 #1 SMP"), out);
            assertTrue(out.contains("nproc\r\n2\r\n# "), out);
            assertTrue(out.contains("-sh: frobnicate: not found\r\n# "), out);
            assertEquals("", r.stderr());
        }
    }

    @Test
    void ncConsoleWithPtyEchoesAndEndsWhenTheGuestPowersOff() throws Exception {
        SimHost h = host();
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh.Result r = OpenSsh.to(s, dir).typeWithPty("nc -U '/var/tmp/vbox/web server.sock'",
                    List.of("echo hi\r", "pow", "eroff\r"), 150);
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().contains("echo hi\r\nhi\r\n# "), r.stdout());
            assertTrue(r.stdout().contains("poweroff\r\n"), r.stdout());
            assertEquals(VmPowerState.POWEROFF, h.vm("Web Server").state());
        }
    }

    @Test
    void consoleOfAStoppedOrUnknownVmFailsLikeTheRealTools() throws Exception {
        try (SimServer s = SimServer.start(host(), pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result stale = ssh.run("nc -U /var/tmp/vbox/off.sock");
            assertEquals(1, stale.exit());
            assertEquals("nc: /var/tmp/vbox/off.sock: Connection refused\n", stale.stderr());
            OpenSsh.Result missing = ssh.run("socat - UNIX-CONNECT:/nonexistent.sock");
            assertEquals(1, missing.exit());
            assertTrue(missing.stderr().matches("\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d socat\\[\\d+] E connect\\(, "
                    + "AF=1 \"/nonexistent.sock\", 19\\): No such file or directory\\n"), missing.stderr());
        }
    }

    @Test
    void consoleToolsCanBeMissing() throws Exception {
        SimHost h = host().removeTool("socat").removeTool("nc");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result r = ssh.run("command -v socat nc");
            assertEquals(1, r.exit());
            assertEquals(127, ssh.run("socat - UNIX-CONNECT:/var/tmp/vbox/off.sock").exit());
        }
    }
}
