package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.testlab.LabEnv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.virtdeck.cli.LabCliTest.domstate;
import static dev.virtdeck.cli.LabCliTest.exec;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the connection-fault tests share: throwaway guests ({@code vdnet-*}, defined with the lab's
 * kernel and initramfs, serial console to a file so a test can see them boot), and the CLI run as
 * its own JVM with a hard time bound, so that "no hang" and "within N s" are measured on a real
 * process (JVM start included) and a hung CLI fails the test instead of holding it.
 */
final class FaultLab implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String URI = "qemu:///system";

    final LabEnv lab;
    /** World-traversable (qemu may run as another user and writes the serial logs here). */
    final Path guestDir;
    final Path home;
    private final Set<String> guests = new LinkedHashSet<>();

    FaultLab(LabEnv lab, Path home) throws IOException {
        this.lab = lab;
        this.home = home;
        Files.createDirectories(home);
        this.guestDir = Files.createTempDirectory(Path.of("/var/tmp"), "vdnet-");
        Files.setPosixFilePermissions(guestDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // ------------------------------------------------------------------ guests

    /**
     * Defines (persistent, not started) a guest of this test; a leftover of an earlier run with
     * the same name is removed first.
     *
     * @param name    must start with {@code vdnet-}
     * @param cmdline extra kernel arguments: {@code virtdeck.deaf=1}, {@code virtdeck.slowoff=N}
     */
    String define(String name, String cmdline) throws Exception {
        if (!name.startsWith("vdnet-")) throw new IllegalArgumentException("not a vdnet- guest: " + name);
        remove(name);
        guests.add(name);
        Path xml = guestDir.resolve(name + ".xml");
        Files.writeString(xml, "<domain type='" + lab.domainType() + "'>\n"
                + "  <name>" + name + "</name>\n"
                + "  <description>virtdeck connection-fault test guest (FaultLab)</description>\n"
                + "  <memory unit='KiB'>131072</memory>\n"
                + "  <vcpu>1</vcpu>\n"
                + "  <os><type arch='x86_64' machine='pc'>hvm</type>\n"
                + "    <kernel>" + lab.kernel() + "</kernel><initrd>" + lab.initrd() + "</initrd>\n"
                + "    <cmdline>console=ttyS0 " + cmdline + "</cmdline></os>\n"
                + "  <features><acpi/><apic/></features>\n"
                + "  <on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot><on_crash>destroy</on_crash>\n"
                + "  <devices><serial type='file'><source path='" + serial(name) + "'/><target port='0'/></serial></devices>\n"
                + "</domain>\n");
        exec("virsh", "-c", URI, "define", xml.toString());
        return name;
    }

    Path serial(String name) {
        return guestDir.resolve(name + ".serial");
    }

    void start(String name) throws Exception {
        Files.deleteIfExists(serial(name));
        exec("virsh", "-c", URI, "start", name);
    }

    /** Waits until the guest's init says it is up (its ACPI watcher armed, if any). */
    void awaitBooted(String name, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.exists(serial(name)) && Files.readString(serial(name), StandardCharsets.ISO_8859_1)
                    .contains("virtdeck-guest: up")) return;
            Thread.sleep(200);
        }
        fail(name + " did not boot within " + seconds + " s; domstate " + domstate(name));
    }

    /** Destroys and undefines a guest of this test (best effort: it may be off or gone). */
    static void remove(String name) {
        try {
            exec("virsh", "-c", URI, "destroy", name);
        } catch (Exception off) {
            // not running
        }
        try {
            exec("virsh", "-c", URI, "undefine", name, "--managed-save", "--nvram");
        } catch (Exception gone) {
            try {
                exec("virsh", "-c", URI, "undefine", name);
            } catch (Exception reallyGone) {
                // never defined
            }
        }
    }

    // ------------------------------------------------------------------ inventory

    /** @return an inventory line for a libvirt host on 127.0.0.1:port with the given transport */
    static String host(String name, int port, String transport) {
        return "  " + name + ": {address: 127.0.0.1, port: " + port + ", drivers: [libvirt], libvirt: {uri: '"
                + URI + "', transport: " + transport + "}}\n";
    }

    /** @return the lab's shared sshd (lab1, native) as a healthy host named {@code name} */
    String labHost(String name) {
        return "  " + name + ": {address: " + lab.host() + ", port: " + lab.port()
                + ", drivers: [libvirt], libvirt: {uri: '" + URI + "', transport: native}}\n";
    }

    /** Writes an inventory with the lab's login and {@code knownHosts}. */
    Path inventory(Path knownHosts, String... hostLines) throws IOException {
        Path inv = home.resolve("inventory.yaml");
        Files.writeString(inv, "defaults: {user: " + lab.user() + ", identity: " + lab.key() + ", known_hosts: "
                + knownHosts + "}\nhosts:\n" + String.join("", hostLines));
        return inv;
    }

    // ------------------------------------------------------------------ the CLI as a process

    record Result(int code, String out, String err, Duration elapsed) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        /** @return the result of the target, or fails */
        JsonNode result(String target) throws IOException {
            for (JsonNode r : json().get("results")) if (r.get("target").asText().equals(target)) return r;
            fail("no result for " + target + " in " + out + "\nstderr:\n" + err);
            return null;
        }

        @Override
        public String toString() {
            return "exit " + code + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The CLI running in its own JVM; stdout and stderr go to files that can be read meanwhile. */
    final class Cli {
        final Process process;
        final long started = System.nanoTime();
        final Path out;
        final Path err;

        Cli(String... args) throws IOException {
            String id = Long.toString(System.nanoTime());
            out = home.resolve("cli-" + id + ".out");
            err = home.resolve("cli-" + id + ".err");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.home=" + home,
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
            process = pb.start();
        }

        String stderr() throws IOException {
            return Files.exists(err) ? Files.readString(err) : "";
        }

        /** Waits until stderr matches {@code regex} (e.g. a -v trace line); fails if the CLI ends first. */
        Matcher awaitErr(String regex, int seconds) throws Exception {
            Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                Matcher m = p.matcher(stderr());
                if (m.find()) return m;
                if (!process.isAlive()) fail("the CLI ended before /" + regex + "/ appeared on stderr: " + finish());
                Thread.sleep(50);
            }
            fail("/" + regex + "/ did not appear on stderr within " + seconds + " s:\n" + stderr());
            return null;
        }

        /** Waits for the CLI to exit; past {@code seconds} it is killed and the test fails (a hang). */
        Result await(int seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                ProcessHandle.of(process.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                fail("the CLI hung: still running after " + seconds + " s (killed)\nstderr:\n" + stderr()
                        + "\nstdout:\n" + (Files.exists(out) ? Files.readString(out) : ""));
            }
            return finish();
        }

        private Result finish() throws Exception {
            process.waitFor(10, TimeUnit.SECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            return new Result(process.exitValue(), Files.readString(out), stderr(), elapsed);
        }

        /** @return seconds since the CLI was started */
        double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }
    }

    Cli cli(String... args) throws IOException {
        return new Cli(args);
    }

    /** Runs the CLI to the end within {@code seconds}. */
    Result run(int seconds, String... args) throws Exception {
        return cli(args).await(seconds);
    }

    /** @return how many lines of {@code text} contain {@code part} */
    static int count(String text, String part) {
        int n = 0;
        for (String l : text.split("\n")) if (l.contains(part)) n++;
        return n;
    }

    /** Removes every guest this test defined, and the guest directory. */
    @Override
    public void close() throws Exception {
        for (String g : guests) remove(g);
        try (var files = Files.walk(guestDir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
