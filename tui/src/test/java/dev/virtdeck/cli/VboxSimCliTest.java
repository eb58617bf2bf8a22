package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI, in-process, against a simulated VirtualBox 6.1 host over real SSH: an inventory in a
 * temp dir names the host with {@code drivers: [vbox]}, its key and known_hosts.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VboxSimCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    SimSshHost sim;
    Path inventory;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        String message() throws IOException {
            return json().get("results").get(0).get("message").asText();
        }
    }

    @BeforeEach
    void start() throws Exception {
        SimHost h = SimHost.vbox("vbox1", VBoxVersion.V6_1);
        h.acpiShutdownDelay(Duration.ofMillis(200));
        h.addVm("web 1").memory(1024).vcpus(2).uartServer("/tmp/vd-cli-web1.sock").state(VmPowerState.RUNNING);
        h.addVm("deaf").memory(512).acpiHonoured(false);
        h.addVm("hot").memory(2048).vcpus(1, 4).cpuHotplug(true)
                .addController(new SimVm.Controller("SATA", "sata", "IntelAhci", 4, 30, 1, true));
        sim = SimSshHost.start(h, dir);
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, "defaults: {user: vbox, identity: " + sim.key() + ", known_hosts: "
                + sim.knownHosts() + "}\n"
                + "hosts:\n"
                + "  vbox1: {address: 127.0.0.1, port: " + sim.port() + ", drivers: [vbox]}\n");
    }

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    Run cli(String... args) {
        return cli(new ByteArrayInputStream(new byte[0]), args);
    }

    /** Main.run with stdin {@code in} (not a terminal) and the real SSH pool and drivers. */
    Run cli(InputStream in, String... args) {
        List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
        all.addAll(List.of(args));
        LabCliTest.Run r = LabCliTest.cliReal(in, dir.resolve("no-ssh-config"), all.toArray(String[]::new));
        return new Run(r.code(), r.out(), r.err());
    }

    static void assertOk(Run r) {
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void listShowsTheVirtualBoxVms() throws Exception {
        Run r = cli("list", "-o", "json");
        assertOk(r);
        JsonNode hosts = r.json().get("hosts");
        assertEquals("vbox", hosts.get(0).get("drivers").get(0).asText(), hosts.toString());
        assertTrue(hosts.get(0).get("ok").asBoolean());
        JsonNode vms = r.json().get("vms");
        assertEquals(3, vms.size(), vms.toString());
        JsonNode web = vms.get(0);
        assertEquals("web 1", web.get("name").asText());
        assertEquals("vbox", web.get("driver").asText());
        assertEquals("running", web.get("state").asText());
        assertEquals("running", web.get("nativeState").asText());
        assertEquals(1024, web.get("maxMemoryMiB").asInt());
        assertEquals("shutoff", vms.get(1).get("state").asText());
        assertEquals("poweroff", vms.get(1).get("nativeState").asText());

        Run table = cli("list");
        assertOk(table);
        assertTrue(table.out().contains("web 1") && table.out().contains("shutoff"), table.out());
    }

    @Test
    void startThenShutdownADeafGuestIsForcedAtTheDeadline() throws Exception {
        Run start = cli("start", "vbox1:deaf", "-o", "json");
        assertOk(start);
        assertEquals("started", start.message());
        assertEquals(VmPowerState.RUNNING, sim.host().vm("deaf").state());
        Run again = cli("start", "vbox1:deaf", "-o", "json");
        assertOk(again);
        assertEquals("already running", again.message());

        Run stop = cli("shutdown", "vbox1:deaf", "--timeout", "2", "--force", "-o", "json");
        assertOk(stop);
        assertEquals("forced after 2 s", stop.message());
        assertEquals(VmPowerState.POWEROFF, sim.host().vm("deaf").state());
    }

    @Test
    void resizeMemoryAndVcpus() throws Exception {
        assertOk(cli("set-memory", "vbox1:deaf", "768M"));
        assertEquals(768, sim.host().vm("deaf").memoryMaxMb());
        Run live = cli("set-memory", "vbox1:web 1", "512", "-o", "json");
        assertOk(live);
        assertTrue(live.message().contains("balloon 512 MiB"), live.out());
        assertEquals(512, sim.host().vm("web 1").memoryCurMb());

        assertOk(cli("set-vcpus", "vbox1:deaf", "3"));
        assertEquals(3, sim.host().vm("deaf").vcpusMax());
        assertOk(cli("start", "vbox1:hot"));
        Run plug = cli("set-vcpus", "vbox1:hot", "3", "-o", "json");
        assertOk(plug);
        assertEquals(3, sim.host().vm("hot").vcpusCur());

        Run refused = cli("set-vcpus", "vbox1:web 1", "1", "-o", "json");
        assertEquals(1, refused.code(), refused.out() + refused.err());
        assertTrue(refused.out().contains("--cpuhotplug on"), refused.out());
        Run locked = cli("set-memory", "vbox1:web 1", "512", "--config", "-o", "json");
        assertEquals(1, locked.code());
        assertTrue(locked.out().contains("already locked for a session"), locked.out());
    }

    /** Through the CLI's console command with stdin not a terminal: the piped line goes to the guest shell. */
    @Test
    void consoleTalksToTheGuestShell() {
        Run r = cli(new ByteArrayInputStream("echo hello from cli\n".getBytes(StandardCharsets.UTF_8)),
                "console", "vbox1:web 1");
        assertOk(r);
        assertTrue(r.out().contains("hello from cli\r\n"), r.out());
        assertTrue(r.out().contains("# "), r.out());
        assertTrue(r.err().contains("Connected to"), r.err());
        assertTrue(sim.host().commandLog().contains("LC_ALL=C socat -,raw,echo=0 UNIX-CONNECT:/tmp/vd-cli-web1.sock"),
                sim.host().commandLog().toString());
    }
}
