package dev.virtdeck.xen.lab;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.testlab.HostileNames;
import dev.virtdeck.xen.XlDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10 on the REAL Xen 4.17 host (lab/xen): every name of {@link HostileNames#CORPUS} that
 * virtdeck creates on xl becomes a PV domain (the lab guest's kernel and initrd, 96/128 MiB,
 * no disk), is listed verbatim, reached on its console, ballooned (mem-set) and shut down
 * gracefully, then deleted. The names go in waves of {@link #WAVE} so the 1 GiB left beside dom0
 * suffices. {@code -vd-dash} is refused by create before anything is sent. The injection entries
 * would create {@code vd-canary-N} in root's home, the SSH login's working directory: none may
 * exist afterwards.
 */
@Tag("xen")
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XlHostileNamesXenLabTest {
    static final int WAVE = 4;
    static final String MARK_TYPED = "echo VDM$((6*7))K\n";
    static final String MARK_SEEN = "VDM42K";
    private static final Pattern CFG_STRING = Pattern.compile("(?m)^(kernel|ramdisk)\\s*=\\s*\"([^\"]+)\"");

    private XenLabEnv xen;
    private SshPool pool;
    private SshHost ssh;
    private XenDom0 dom0;
    private XlDriver driver;
    private String kernel;
    private String ramdisk;

    @BeforeAll
    void open() {
        xen = XenLabEnv.require();
        pool = new SshPool(Trace.NONE, Prompter.NONE);
        ssh = pool.connect(xen.target());
        dom0 = new XenDom0(ssh, xen);
        driver = new XlDriver("xen1", ssh, "xl", false);
        Matcher m = CFG_STRING.matcher(dom0.sh("cat", xen.guestCfg()).stdout());
        while (m.find()) {
            if (m.group(1).equals("kernel")) kernel = m.group(2);
            else ramdisk = m.group(2);
        }
        assertTrue(kernel != null && ramdisk != null, "the lab guest's kernel and ramdisk from " + xen.guestCfg());
        for (HostileNames n : HostileNames.CORPUS) removeQuietly(n.name());
        dom0.sh("rm", "-f", "--", "vd-canary-1", "vd-canary-2", "vd-canary-3", "vd-canary-4", "vd-canary-5");
    }

    @AfterAll
    void close() {
        if (ssh != null) for (HostileNames n : HostileNames.CORPUS) removeQuietly(n.name());
        if (pool != null) pool.close();
    }

    @Test
    void everyNameXlAcceptsIsOperatedOnAndNothingRunsInDom0() throws Exception {
        List<HostileNames> accepted = HostileNames.CORPUS.stream().filter(n -> !n.name().startsWith("-")).toList();
        for (int i = 0; i < accepted.size(); i += WAVE) {
            List<HostileNames> wave = accepted.subList(i, Math.min(accepted.size(), i + WAVE));
            for (HostileNames n : wave) {
                CreateSpec spec = new CreateSpec(n.name(), 1, 1, 96, 128, null, kernel, ramdisk, "console=hvc0", null);
                assertTrue(driver.create(spec, true).message().startsWith("created and started"), n.id());
            }
            List<VmInfo> vms = driver.list();
            for (HostileNames n : wave) {
                VmInfo v = vms.stream().filter(x -> x.name().equals(n.name())).findFirst()
                        .orElseThrow(() -> new AssertionError(n.id() + " not listed verbatim: " + vms));
                assertEquals(VmState.RUNNING, v.state(), v.toString());
            }
            for (HostileNames n : wave) operate(n);
        }
        String left = dom0.sh("find", ".", "-maxdepth", "1", "-name", "vd-canary-*").stdout().strip();
        assertEquals("", left, "a piece of a name ran in dom0's shell");
    }

    @Test
    void aNameStartingWithADashIsRefusedBeforeAnythingIsSent() {
        HostileNames dash = HostileNames.byId("dash");
        CreateSpec spec = new CreateSpec(dash.name(), 1, 1, 96, 128, null, kernel, ramdisk, "console=hvc0", null);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> driver.create(spec, false));
        assertTrue(e.getMessage().contains("cannot start with '-'"), e.getMessage());
        assertTrue(dom0.sh("xl", "list", "--", dash.name()).exitCode() != 0, "no such domain");
    }

    /** Console (the guest's shell answers), mem-set, graceful shutdown, delete. */
    private void operate(HostileNames n) throws Exception {
        try (ConsoleStream c = driver.console(n.name(), false)) {
            assertTrue(shellAnswers(c, XenDom0.BOOT), n.id() + ": no shell on the console");
        }
        driver.setMemory(n.name(), 80, Scope.current(), false);
        XenDom0.await(XenDom0.SETTLE, n.id() + " at 80 MiB", () -> {
            Long mib = driver.details(n.name()).memoryMiB();
            return mib != null && mib == 80;
        });
        String msg = driver.shutdown(n.name(), new ShutdownRequest(XenDom0.SETTLE, false, true)).message();
        assertTrue(msg.startsWith("shut down after"), n.id() + ": " + msg);
        assertEquals(VmState.SHUTOFF, driver.details(n.name()).state());
        driver.delete(n.name(), false, false);
    }

    /** Types the marker line every 10 s (the shell may not be up yet) until its answer shows. */
    private static boolean shellAnswers(ConsoleStream c, Duration bound) throws IOException, InterruptedException {
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + bound.toNanos();
        long nextType = 0;
        InputStream in = c.input();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextType) {
                c.output().write(MARK_TYPED.getBytes(StandardCharsets.US_ASCII));
                c.output().flush();
                nextType = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            int n = in.available();
            if (n > 0) {
                int r = in.read(buf, 0, Math.min(n, buf.length));
                if (r > 0) seen.append(new String(buf, 0, r, StandardCharsets.UTF_8));
                // the echo of the typing holds "$((6*7))", never the evaluated answer
                if (seen.indexOf(MARK_SEEN) >= 0) return true;
            } else {
                Thread.sleep(100);
            }
        }
        fail("console said: " + (seen.length() <= 600 ? seen : seen.substring(seen.length() - 600)));
        return false;
    }

    /** Destroys the domain and removes its config (only corpus names: nothing else is touched). */
    private void removeQuietly(String name) {
        dom0.sh("xl", "destroy", "--", name);
        try {
            driver.delete(name, false, true);
        } catch (RuntimeException ignored) {
            // not there
        }
    }
}
