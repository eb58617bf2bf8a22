package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.testlab.LabSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.virtdeck.cli.FaultLab.count;
import static dev.virtdeck.cli.LabCliTest.domstate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection faults of the fault matrix (issue 10), each against the real lab: a throwaway
 * sshd ({@link LabSshd}) in front of the lab's libvirtd is stopped (host down), frozen with
 * SIGSTOP before or during a call (black hole), or has its sessions killed in the middle of a
 * batch. The CLI runs as its own JVM with a hard bound, so every case checks the per-target
 * outcome, the exit code and the wall time, and a hang fails the test instead of holding it.
 * Guests are this class's own {@code vdnet-*}, removed afterwards.
 */
@Tag("lab")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LabFaultNetCliTest {
    /** JVM start, SSH login and libvirt open on 2 busy cores: the slack on top of a timeout. */
    static final int SLACK = 8;

    @TempDir
    Path dir;
    LabSshd sshd;
    FaultLab lab;

    @BeforeEach
    void lab() throws Exception {
        LabEnv env = LabEnv.require();
        lab = new FaultLab(env, dir.resolve("home"));
        sshd = LabSshd.start(Files.createDirectories(dir.resolve("sshd")), env);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (sshd != null) sshd.close();
        } finally {
            if (lab != null) lab.close();
        }
    }

    // ------------------------------------------------------------------ host down

    @Test
    void aHostDownIsRefusedAtOnceNamedWithTheHostAndExitsOne() throws Exception {
        String idle = lab.define("vdnet-down", "virtdeck.deaf=1");
        Path inv = lab.inventory(sshd.knownHosts(), FaultLab.host("down", sshd.port(), "native"), lab.labHost("up"));
        sshd.stop(); // nothing listens on its port any more: connection refused

        FaultLab.Result list = lab.run(60, "-i", inv.toString(), "list", "-o", "json");
        System.out.println("host down, list: " + list);
        assertEquals(1, list.code(), list.toString());
        JsonNode down = list.json().get("hosts").get(0);
        assertEquals("down", down.get("host").asText());
        assertFalse(down.get("ok").asBoolean());
        assertTrue(down.get("error").asText().contains("refused"), down.toString());
        assertTrue(list.err().contains("virtdeck: down: " + down.get("error").asText()), list.err());
        assertTrue(list.json().get("hosts").get(1).get("ok").asBoolean(), "the healthy host is listed: " + list);
        assertTrue(list.elapsed().toSeconds() < 10, "a refused host costs no wait: " + list);

        FaultLab.Result start = lab.run(60, "-i", inv.toString(), "start", "down:" + idle, "-o", "json");
        System.out.println("host down, start: " + start);
        assertEquals(1, start.code(), start.toString());
        JsonNode r = start.result("down:" + idle);
        assertEquals("failed", r.get("outcome").asText());
        assertTrue(r.get("message").asText().contains("refused"), r.toString());
        assertTrue(start.err().contains("virtdeck: down: ") && start.err().contains("refused"), start.err());
        assertTrue(start.elapsed().toSeconds() < 10, start.toString());
        assertEquals("shut off", domstate(idle), "nothing was started");
    }

    // ------------------------------------------------------------------ black hole at connect

    @Test
    void aFrozenHostFailsAfterTheConnectTimeoutWhileTheHealthyHostSucceeds() throws Exception {
        String idle = lab.define("vdnet-hole", "virtdeck.deaf=1");
        Path inv = lab.inventory(sshd.knownHosts(), FaultLab.host("hole", sshd.port(), "native"), lab.labHost("up"));
        assertFalse(sshd.freeze().isEmpty());

        FaultLab.Result list = lab.run(60, "-i", inv.toString(), "--connect-timeout", "3", "list", "-o", "json");
        System.out.println("black hole at connect, list: " + list);
        assertEquals(1, list.code(), list.toString());
        JsonNode hole = list.json().get("hosts").get(0);
        assertEquals("hole", hole.get("host").asText());
        assertFalse(hole.get("ok").asBoolean());
        String error = hole.get("error").asText();
        assertTrue(error.contains("3 s") || error.contains("timed out"), error);
        assertTrue(list.err().contains("virtdeck: hole: " + error), list.err());
        assertTrue(list.json().get("hosts").get(1).get("ok").asBoolean(), list.toString());
        assertTrue(list.json().get("vms").findValuesAsText("name").contains(idle), "listed through the healthy host");
        assertTrue(list.elapsed().toMillis() >= 3000, "it waited the connect timeout: " + list);
        assertTrue(list.elapsed().toSeconds() < 3 + SLACK, "bounded by --connect-timeout 3: " + list);

        FaultLab.Result act = lab.run(60, "-i", inv.toString(), "--connect-timeout", "3", "poweroff",
                "hole:" + idle, "up:" + idle, "-o", "json");
        System.out.println("black hole at connect, poweroff: " + act);
        assertEquals(1, act.code(), act.toString());
        assertEquals("ok", act.result("up:" + idle).get("outcome").asText(), act.toString());
        JsonNode failed = act.result("hole:" + idle);
        assertEquals("failed", failed.get("outcome").asText());
        assertEquals(error, failed.get("message").asText(), "the same host error as list");
        assertTrue(act.elapsed().toSeconds() < 3 + SLACK, act.toString());
    }

    // ------------------------------------------------------------------ black hole mid-call

    @Test
    void aHostFrozenMidCallFailsItsTargetAfterTheCommandTimeoutOnBothTransports() throws Exception {
        String vm = lab.define("vdnet-mid", "virtdeck.deaf=1");
        lab.start(vm);
        Path inv = lab.inventory(sshd.knownHosts(), FaultLab.host("nat", sshd.port(), "native"),
                FaultLab.host("vir", sshd.port(), "virsh"));

        FaultLab.Cli cli = lab.cli("-i", inv.toString(), "-v", "--command-timeout", "5", "shutdown", "--timeout", "60",
                "nat:" + vm, "vir:" + vm, "-o", "json");
        // both graceful requests sent: each host is now polling the VM's state
        cli.awaitErr("^nat: virDomainShutdown\\(\"" + vm + "\"\\)", 60);
        cli.awaitErr("^vir: .*virsh.* shutdown .*" + vm, 60);
        Thread.sleep(1000);
        assertFalse(sshd.freeze().isEmpty());
        double frozenAt = cli.seconds();
        FaultLab.Result r = cli.await(60);
        System.out.println("black hole mid-call: " + r);
        double after = r.elapsed().toMillis() / 1000.0 - frozenAt;
        assertEquals(1, r.code(), r.toString());
        for (String t : new String[] {"nat:" + vm, "vir:" + vm}) {
            JsonNode res = r.result(t);
            assertEquals("failed", res.get("outcome").asText(), res.toString());
            assertTrue(res.get("message").asText().contains("no answer within 5 s"), res.toString());
        }
        assertTrue(after < 5 + SLACK, "ended " + after + " s after the freeze, bound 5 s + slack: " + r);
        assertEquals("running", domstate(vm), "nothing forced");
        assertEquals(1, count(r.err(), "nat: virDomainShutdown(\"" + vm + "\")"), r.err());
    }

    // ------------------------------------------------------------------ SSH cut mid-batch

    @Test
    void anSshCutMidBatchKeepsWhatIsDoneFailsTheCallInFlightAndAttemptsNothingMore() throws Exception {
        String a = lab.define("vdnet-cut-a", "");
        String b = lab.define("vdnet-cut-b", "virtdeck.deaf=1");
        String c = lab.define("vdnet-cut-c", "virtdeck.deaf=1");
        for (String g : new String[] {a, b, c}) lab.start(g);
        lab.awaitBooted(a, 90);
        Path inv = lab.inventory(sshd.knownHosts(), FaultLab.host("nat", sshd.port(), "native"));

        FaultLab.Cli cli = lab.cli("-i", inv.toString(), "-v", "--parallel", "1", "--command-timeout", "5",
                "shutdown", "--timeout", "20", "--force", "nat:" + a, "nat:" + b, "nat:" + c, "-o", "json");
        // a shuts down (ACPI) and is done; b ignores the button and is polled (virDomainIsActive).
        // Freezing first holds the next poll in flight, so the cut lands under a call, never
        // between two (a cut between calls is healed by the SSH layer's reconnect-once: nothing
        // was sent, nothing is lost).
        cli.awaitErr("^nat: virDomainShutdown\\(\"" + b + "\"\\)", 90);
        Thread.sleep(1000);
        assertFalse(sshd.freeze().isEmpty());
        Thread.sleep(1000); // well inside --command-timeout 5
        assertTrue(sshd.cutSessions() > 0, "killed the session's sshd");
        double cutAt = cli.seconds();
        sshd.thaw(); // the listener accepts again: the host is back, only the connection was cut
        FaultLab.Result r = cli.await(60);
        System.out.println("SSH cut mid-batch: " + r);
        assertEquals(1, r.code(), r.toString());

        JsonNode done = r.result("nat:" + a);
        assertEquals("ok", done.get("outcome").asText(), done.toString());
        assertTrue(done.get("message").asText().startsWith("shut down"), done.toString());

        JsonNode inFlight = r.result("nat:" + b);
        assertEquals("failed", inFlight.get("outcome").asText(), inFlight.toString());
        String lost = inFlight.get("message").asText();
        assertTrue(lost.contains("connection to nat was lost") && lost.contains("not retried"), lost);

        JsonNode rest = r.result("nat:" + c);
        assertEquals("failed", rest.get("outcome").asText(), rest.toString());
        assertTrue(rest.get("message").asText().startsWith("not attempted: connection lost: "), rest.toString());

        // nothing retried blindly: b's request went out once and was not forced; c got nothing
        assertEquals(1, count(r.err(), "nat: virDomainShutdown(\"" + b + "\")"), r.err());
        assertEquals(0, count(r.err(), "virDomainDestroy(\"" + b + "\")"), r.err());
        assertEquals(0, count(r.err(), "(\"" + c + "\""), r.err());
        assertEquals("shut off", domstate(a));
        assertEquals("running", domstate(b));
        assertEquals("running", domstate(c));
        assertTrue(r.elapsed().toMillis() / 1000.0 - cutAt < SLACK, "ended soon after the cut, not at --timeout: " + r);
    }
}
