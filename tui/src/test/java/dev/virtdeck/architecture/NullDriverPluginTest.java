package dev.virtdeck.architecture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plug-in path: a driver module that no virtdeck code names (test resource {@code nulldriver/},
 * laid out as a module: sources and service entry) is compiled here into a jar; the real virtdeck,
 * run in a child JVM with that jar on its class path, connects a simulated host over SSH with it
 * and lists its VMs. Without the jar, the same inventory is refused.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NullDriverPluginTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path nullJar;
    static SimSshHost sim;
    static Path inventory;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void buildTheModuleAndStartAHost() throws IOException, InterruptedException, URISyntaxException {
        Path module = Path.of(Objects.requireNonNull(NullDriverPluginTest.class.getResource("/nulldriver")).toURI());
        Path classes = Files.createDirectories(dir.resolve("null-classes"));
        TestBuild.compile(module.resolve("src/main/java"), classes);
        nullJar = dir.resolve("virtdeck-driver-null.jar");
        TestBuild.jar(nullJar, classes, module.resolve("src/main/resources"));

        // A KVM host: had the inventory named no drivers, libvirt would be detected instead.
        sim = SimSshHost.start(SimHost.of(HostKind.KVM, "void1"), dir);
        inventory = dir.resolve("inventory.yaml");
        // Quoted: a bare null in YAML is no value at all, not the name "null".
        Files.writeString(inventory, "hosts:\n  void1: {address: 127.0.0.1, port: " + sim.port() + ", user: root,"
                + " identity: " + sim.key() + ", known_hosts: " + sim.knownHosts() + ", drivers: ['null']}\n");
    }

    @AfterAll
    static void stopTheHost() {
        if (sim != null) sim.close();
    }

    /** Runs {@code virtdeck -i INVENTORY ARGS} in a child JVM: the test class path, plus {@code extra}. */
    static Run virtdeck(String extraClassPath, String... args) throws IOException, InterruptedException {
        String cp = TestBuild.classPath() + (extraClassPath == null ? "" : File.pathSeparator + extraClassPath);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + dir, "-cp", cp, "dev.virtdeck.cli.Main", "-i", inventory.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        // user.home and no agent: the user's ~/.ssh/config and keys cannot change what this run does.
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("SSH_AUTH_SOCK");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virtdeck " + String.join(" ", args) + " did not exit within 90 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void hostsShowsTheHostConnectedWithTheNullDriver() throws Exception {
        Run table = virtdeck(nullJar.toString(), "hosts");
        assertEquals(0, table.code(), table.out() + table.err());
        String row = table.out().lines().filter(l -> l.startsWith("void1 ")).findFirst().orElseThrow(
                () -> new AssertionError("no row for void1:\n" + table.out()));
        assertTrue(row.matches("void1\\s+root@127\\.0\\.0\\.1:\\d+\\s+ok\\s+\\d+ ms\\s+null\\s+-\\s*"), row);

        Run json = virtdeck(nullJar.toString(), "hosts", "-o", "json");
        assertEquals(0, json.code(), json.out() + json.err());
        JsonNode host = json.json().get("hosts").get(0);
        assertEquals("void1", host.get("host").asText());
        assertTrue(host.get("ok").asBoolean(), host.toString());
        assertEquals("[\"null\"]", host.get("drivers").toString());
    }

    @Test
    void listShowsTheTwoVmsOfTheNullDriver() throws Exception {
        Run table = virtdeck(nullJar.toString(), "list");
        assertEquals(0, table.code(), table.out() + table.err());
        List<String> rows = table.out().lines().filter(l -> l.startsWith("void1 ")).toList();
        assertEquals(2, rows.size(), table.out());
        assertTrue(rows.get(0).matches("void1\\s+void-a\\s+running\\s+1/1\\s+256/256 MiB\\s+null\\s*"), rows.get(0));
        assertTrue(rows.get(1).matches("void1\\s+void-b\\s+shutoff\\s+2/2\\s+512/512 MiB\\s+null\\s*"), rows.get(1));

        Run json = virtdeck(nullJar.toString(), "list", "-o", "json");
        assertEquals(0, json.code(), json.out() + json.err());
        JsonNode vms = json.json().get("vms");
        assertEquals(2, vms.size(), vms.toString());
        for (JsonNode vm : vms) {
            assertEquals("void1", vm.get("host").asText());
            assertEquals("null", vm.get("driver").asText());
        }
        assertEquals("void-a", vms.get(0).get("name").asText());
        assertEquals("running", vms.get(0).get("state").asText());
        assertEquals("void-b", vms.get(1).get("name").asText());
        assertEquals("shutoff", vms.get(1).get("state").asText());
    }

    @Test
    void withoutTheModuleTheInventoryNamesAnUnknownDriver() throws Exception {
        Run r = virtdeck(null, "list");
        assertEquals(2, r.code(), r.out() + r.err());
        String prefix = "hosts.void1.drivers: unknown driver 'null'; expected one of ";
        assertTrue(r.err().contains(prefix), r.err());
        String offered = r.err().substring(r.err().indexOf(prefix) + prefix.length()).lines().findFirst().orElseThrow();
        assertTrue(List.of(offered.split("[ ,]+")).containsAll(List.of("libvirt", "xl", "xm", "vbox")), offered);
        assertFalse(List.of(offered.split("[ ,]+")).contains("null"), offered);
        assertEquals("", r.out());
    }
}
