package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, guest faults, through the CLI against the real lab: a guest that ignores ACPI and a
 * guest that takes longer to shut down than {@code --timeout} allows. Each run acts on one guest
 * per transport at once (lab1 = native libvirt API, lab2 = virsh), so both transports are held to
 * the same outcome, exit code and time bound in one wait. The guests are this class's own
 * ({@code vdg-*}), removed after each test.
 */
@Tag("lab")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LabFaultGuestCliTest {
    /** CLI start-up, SSH logins and the power-off on top of the --timeout: a hang would exceed it. */
    static final long MARGIN_MS = 8_000;

    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
    }

    @AfterEach
    void removeGuests() {
        if (guests != null) guests.close();
    }

    record Timed(LabCliTest.Run run, long millis) {
    }

    /** The outcomes, wall time and stderr of a run, for the test report. */
    static void log(String what, Timed t) {
        System.out.println("LabFaultGuestCliTest: " + what + ": exit " + t.run().code() + " after " + t.millis()
                + " ms: " + t.run().out().replaceAll("\\s+", " ") + " stderr: " + t.run().err().strip());
    }

    Timed cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        long t0 = System.nanoTime();
        LabCliTest.Run r = LabCliTest.cliRaw(all.toArray(String[]::new));
        return new Timed(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    /** One guest per transport: lab1:NAME-n (native), lab2:NAME-v (virsh). */
    List<String> targets(String name, String cmdline) throws Exception {
        String n = guests.define(name + "-n", cmdline);
        String v = guests.define(name + "-v", cmdline);
        return List.of("lab1:" + n, "lab2:" + v);
    }

    static String vm(String target) {
        return target.substring(target.indexOf(':') + 1);
    }

    @Test
    void anAcpiDeafGuestFailsAtTheDeadlineAndIsForcedWithForce() throws Exception {
        List<String> t = targets("vdg-deaf", "console=ttyS0 virtdeck.deaf=1");
        guests.start(vm(t.get(0)), vm(t.get(1)));

        // without --force: each target fails at the deadline, the VM is left running
        Timed plain = cli("shutdown", t.get(0), t.get(1), "--timeout", "4", "-o", "json");
        log("plain", plain);
        assertEquals(ExitCodes.FAILED, plain.run().code(), plain.run().out() + plain.run().err());
        assertWithin(plain, 4);
        JsonNode res = plain.run().json().get("results");
        for (int i = 0; i < 2; i++) {
            JsonNode r = res.get(i);
            assertEquals(t.get(i), r.get("target").asText());
            assertEquals("failed", r.get("outcome").asText(), r.toString());
            assertEquals("still running after 4 s", r.get("message").asText());
            assertTrue(r.get("command").asText().contains(i == 0 ? "virDomainShutdown(\"" + vm(t.get(0)) + "\")"
                    : "shutdown --domain " + vm(t.get(1))), r.toString());
            String host = t.get(i).substring(0, 4);
            assertTrue(plain.run().err().contains("virtdeck: " + host + ": " + vm(t.get(i)) + ": still running after 4 s"),
                    plain.run().err());
            assertEquals("running", LabGuests.state(vm(t.get(i))), "left running");
        }

        // with --force: ok, "forced after 4 s", off
        Timed forced = cli("shutdown", t.get(0), t.get(1), "--timeout", "4", "--force", "-o", "json");
        log("forced", forced);
        assertEquals(ExitCodes.OK, forced.run().code(), forced.run().out() + forced.run().err());
        assertWithin(forced, 4);
        res = forced.run().json().get("results");
        for (int i = 0; i < 2; i++) {
            JsonNode r = res.get(i);
            assertEquals(t.get(i), r.get("target").asText());
            assertEquals("ok", r.get("outcome").asText(), r.toString());
            assertEquals("forced after 4 s", r.get("message").asText());
            assertTrue(r.get("command").asText().contains(i == 0 ? "virDomainDestroy" : "destroy --domain"), r.toString());
            assertEquals("shut off", LabGuests.state(vm(t.get(i))));
        }
        assertEquals("", forced.run().err(), "an ok run prints no error line");
    }

    @Test
    void aGuestSlowerThanTheTimeoutIsForcedAndOneWithinItShutsDownByItself() throws Exception {
        List<String> t = targets("vdg-slow", "console=ttyS0 virtdeck.slowoff=15");
        guests.startAndWaitUp(vm(t.get(0)), vm(t.get(1)));

        // the guest has started powering off (15 s), but --timeout 3 ends the wait first
        Timed forced = cli("shutdown", t.get(0), t.get(1), "--timeout", "3", "--force", "-o", "json");
        log("forced", forced);
        assertEquals(ExitCodes.OK, forced.run().code(), forced.run().out() + forced.run().err());
        assertWithin(forced, 3);
        for (int i = 0; i < 2; i++) {
            JsonNode r = forced.run().json().get("results").get(i);
            assertEquals("ok", r.get("outcome").asText(), r.toString());
            assertEquals("forced after 3 s", r.get("message").asText());
            assertEquals("shut off", LabGuests.state(vm(t.get(i))));
        }

        // a --timeout the guest fits in: it shuts down by itself after about 15 s, nothing forced
        guests.startAndWaitUp(vm(t.get(0)), vm(t.get(1)));
        Timed graceful = cli("shutdown", t.get(0), t.get(1), "--timeout", "30", "--force", "-o", "json");
        log("graceful", graceful);
        assertEquals(ExitCodes.OK, graceful.run().code(), graceful.run().out() + graceful.run().err());
        assertTrue(graceful.millis() >= 15_000 && graceful.millis() < 15_000 + MARGIN_MS + 5_000,
                "took " + graceful.millis() + " ms for a guest that needs 15 s");
        Pattern after = Pattern.compile("shut down after (\\d+(?:\\.\\d)?) s");
        for (int i = 0; i < 2; i++) {
            JsonNode r = graceful.run().json().get("results").get(i);
            assertEquals("ok", r.get("outcome").asText(), r.toString());
            Matcher m = after.matcher(r.get("message").asText());
            assertTrue(m.matches(), r.toString());
            double s = Double.parseDouble(m.group(1));
            assertTrue(s >= 14.5 && s <= 22, "the guest needs 15 s, reported " + s + " s: " + r);
            assertTrue(!r.get("command").asText().contains("estroy"), "nothing forced: " + r);
            assertEquals("shut off", LabGuests.state(vm(t.get(i))));
        }
    }

    /** The run waited the whole --timeout, and no longer than the timeout plus {@link #MARGIN_MS}. */
    static void assertWithin(Timed t, int timeoutSeconds) {
        long min = timeoutSeconds * 1000L;
        assertTrue(t.millis() >= min, "returned after " + t.millis() + " ms, before the " + timeoutSeconds + " s deadline");
        assertTrue(t.millis() < min + MARGIN_MS, "took " + t.millis() + " ms for --timeout " + timeoutSeconds);
    }
}
