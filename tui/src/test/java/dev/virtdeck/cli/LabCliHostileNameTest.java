package dev.virtdeck.cli;

import dev.virtdeck.host.FileStems;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.virtdeck.cli.LabCliTest.assertOk;
import static dev.virtdeck.cli.LabCliTest.cliRaw;
import static dev.virtdeck.cli.LabCliTest.domstate;
import static dev.virtdeck.cli.LabCliTest.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VM whose name carries spaces, both quotes, {@code $(...)}, {@code ;} and a backtick goes
 * through the whole CLI (create, list, start, resize, disk, pause/resume, poweroff, delete) on
 * both transports, and canary files prove nothing in the name ever ran on the host. libvirt
 * refuses '/' in names, so the payloads reach /tmp by cd-ing up from the login's home.
 */
@Tag("lab")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LabCliHostileNameTest {
    static final String PAYLOAD = " q'\"$(cd ..;cd ..;cd ..;cd ..;cd tmp;touch vd-cli-canary) ; "
            + "`cd ..;cd ..;cd ..;cd ..;cd tmp;touch vd-cli-canary2` x";
    static final List<Path> CANARIES = List.of(Path.of("/tmp/vd-cli-canary"), Path.of("/tmp/vd-cli-canary2"));

    LabEnv lab;
    String name;

    @AfterEach
    void cleanUp() throws Exception {
        if (name == null) return;
        try {
            exec("virsh", "-c", "qemu:///system", "destroy", "--domain", name);
        } catch (IllegalStateException ignored) {
            // not running
        }
        try {
            exec("virsh", "-c", "qemu:///system", "undefine", "--domain", name, "--remove-all-storage");
        } catch (IllegalStateException ignored) {
            // deleted by the test
        }
    }

    LabCliTest.Run cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-i";
        all[1] = lab.inventory().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cliRaw(all);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lab1", "lab2"})
    void aHostileNameIsOperatedOnAndNothingRunsOnTheHost(String host) throws Exception {
        lab = LabEnv.require();
        for (Path c : CANARIES) Files.deleteIfExists(c);
        name = "vdc-" + host + PAYLOAD;
        String target = host + ":" + name;

        assertOk(cli("create", host, name, "--vcpus", "1/2", "--memory", "192/256", "--disk", "8M",
                "--kernel", lab.kernel().toString(), "--initrd", lab.initrd().toString(),
                "--cmdline", "console=ttyS0 virtdeck.deaf=1", "--virt-type", lab.domainType(), "-o", "json"), target);

        LabCliTest.Run list = cli("list", target, "-o", "json");
        assertEquals(0, list.code(), list.err());
        JsonNode vms = list.json().get("vms");
        assertEquals(1, vms.size(), list.out());
        assertEquals(name, vms.get(0).get("name").asText());
        assertEquals("shutoff", vms.get(0).get("state").asText());

        assertOk(cli("start", target, "-o", "json"), target);
        assertEquals("running", domstate(name));
        assertOk(cli("set-vcpus", target, "2", "--live", "-o", "json"), target);
        assertOk(cli("set-memory", target, "160M", "--config", "-o", "json"), target);
        assertOk(cli("attach-disk", target, "--size", "8M", "--live", "--config", "-o", "json"), target);
        assertOk(cli("pause", target, "-o", "json"), target);
        assertEquals("paused", domstate(name));
        assertOk(cli("resume", target, "-o", "json"), target);
        assertOk(cli("poweroff", target, "-o", "json"), target);
        assertEquals("shut off", domstate(name));

        LabCliTest.Run del = cli("delete", target, "--with-disks", "-o", "json");
        assertOk(del, target);
        assertFalse(exec("virsh", "-c", "qemu:///system", "list", "--all", "--name").contains(name),
                "the VM is gone");
        for (Path c : CANARIES) assertFalse(Files.exists(c), c + " exists: part of the name ran on the host");
        String stem = FileStems.of(name);
        try (var files = Files.list(Path.of("/var/lib/libvirt/images"))) {
            List<Path> left = files.filter(f -> f.getFileName().toString().startsWith(stem)).toList();
            assertEquals(List.of(), left, "delete --with-disks removed both disks");
        }
        assertTrue(del.json().get("results").get(0).get("outcome").asText().equals("ok"));
    }
}
