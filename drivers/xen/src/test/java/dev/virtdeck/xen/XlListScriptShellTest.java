package dev.virtdeck.xen;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.ssh.ShellQuote;
import dev.virtdeck.testlab.Reference;
import dev.virtdeck.testlab.ScriptedSsh;
import dev.virtdeck.testlab.ScriptedSsh.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real shell logic of {@link XlListScript}: the driver's command line runs for real (bash, as an SSH
 * login would, which hands the script to /bin/sh, dash on Debian) with stub {@code xl} and {@code xentop}
 * first on PATH that print the outputs recorded on the Xen 4.17 lab
 * ({@code reference/xen/xl-list-xentop-long-name.txt}), over a real config directory with awkward names.
 * The driver parses whatever comes back: nothing of the script is simulated here.
 */
class XlListScriptShellTest {
    static final String CAPTURE = "xen/xl-list-xentop-long-name.txt";
    static final String GUEST = "vdxl1-a-rather-long-name";

    @TempDir
    Path tmp;
    Path bin;
    Path conf;
    Path save;
    Path calls;

    @BeforeEach
    void host() throws IOException {
        bin = Files.createDirectory(tmp.resolve("bin"));
        conf = Files.createDirectory(tmp.resolve("conf dir"));
        save = Files.createDirectory(tmp.resolve("save dir"));
        calls = tmp.resolve("calls");
        Files.writeString(tmp.resolve("list"), Reference.capture(CAPTURE, "LC_ALL=C xl list").output());
        Files.writeString(tmp.resolve("list-l"), Reference.capture(CAPTURE, "LC_ALL=C xl list -l").output());
        Files.writeString(tmp.resolve("xentop"), Reference.capture(CAPTURE, "LC_ALL=C xentop -b -i 1 -f").output());
        // each stub logs its argv and LC_ALL, then prints the recorded output of that command
        stub("xl", "case \"$*\" in\n"
                + "  list) cat \"$D/list\" ;;\n"
                + "  'list -l') cat \"$D/list-l\" ;;\n"
                + "  *) echo \"stub xl: $*\" >&2; exit 2 ;;\n"
                + "esac\n");
        stub("xentop", "[ \"$*\" = '-b -i 1 -f' ] || { echo \"stub xentop: $*\" >&2; exit 2; }\ncat \"$D/xentop\"\n");
        // the running guest's config under a name with blanks and without a final newline
        Files.writeString(conf.resolve("the guest.cfg"), "name = \"" + GUEST + "\"\nmemory = 256\nmaxmem = 512\nvcpus = 1");
        Files.writeString(conf.resolve("off vm.cfg"), "# kept off\nname = \"off vm\"\nmemory = 128\nvcpus = 1\n");
        Files.writeString(conf.resolve("broken.cfg"), "name = \"broken\nmemory = [\n");
        Files.writeString(conf.resolve("notes.txt"), "name = \"not a config\"\n");
        Files.createDirectory(conf.resolve("a directory.cfg"));
        Files.writeString(save.resolve(XenImages.fileStem("off vm") + ".save"), "image");
    }

    private void stub(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/sh\nD='" + tmp + "'\necho \"" + name + " $* LC_ALL=$LC_ALL\" >>\"$D/calls\"\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** An SSH host whose every exec is the command line run by a local bash (the login shell). */
    private ScriptedSsh realShell() {
        return new ScriptedSsh().on(argv -> true, argv -> run("LC_ALL=C " + ShellQuote.join(argv)));
    }

    private Answer run(String line) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", line);
            pb.environment().put("PATH", bin + ":/usr/bin:/bin");
            pb.environment().remove("LC_ALL");
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            return new Answer(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private XlDriver driver(ScriptedSsh ssh, String saveDir) {
        return new XlDriver("xen1", ssh, Toolstack.XL, conf.toString(), saveDir, false);
    }

    @Test
    void dashRunsTheScriptAndTheDriverGetsEverything() throws IOException {
        ScriptedSsh ssh = realShell();
        Map<String, VmInfo> vms = XlDriverSimTest.byName(driver(ssh, save.toString()).list());

        assertEquals(1, ssh.commands.size(), "one exec: " + ssh.argvs());
        assertEquals(Set.of(GUEST, "off vm"), vms.keySet(), "broken.cfg skipped, notes.txt and the directory not configs");
        VmInfo guest = vms.get(GUEST);
        assertEquals(VmState.RUNNING, guest.state());
        assertEquals(Boolean.TRUE, guest.persistent(), "its config (no final newline) was read");
        assertEquals(2, guest.maxVcpus(), "from the recorded xl list -l");
        assertNotNull(guest.uuid(), "from the recorded xl list -l");
        assertNotNull(guest.usage(), "xentop -f: the full name");
        assertEquals(0L, guest.usage().diskReadBytes());
        VmInfo off = vms.get("off vm");
        assertEquals(VmState.SUSPENDED, off.state(), "its save image in a directory with a blank");
        assertEquals(128L, off.memoryMiB());
        assertNull(off.usage());
        assertEquals(List.of("xl list LC_ALL=C", "xl list -l LC_ALL=C", "xentop -b -i 1 -f LC_ALL=C"),
                Files.readAllLines(calls), "each step once, in the C locale");
    }

    @Test
    void theSectionsHoldExactlyWhatEachStepPrinted() {
        Answer a = run("LC_ALL=C " + ShellQuote.join(XlListScript.argv(Toolstack.XL, new XenDirs(conf.toString(), save.toString()))));
        assertEquals(0, a.exit(), a.stderr());
        dev.virtdeck.ssh.ScriptSections s = dev.virtdeck.ssh.ScriptSections.parse(a.stdout());
        assertEquals(List.of("list", "long", "configs", "config", "config", "config", "saves", "xentop"),
                s.sections().stream().map(dev.virtdeck.ssh.ScriptSections.Section::name).toList());
        assertEquals(Reference.capture(CAPTURE, "LC_ALL=C xl list").output(), s.first("list").orElseThrow().stdout());
        assertEquals(Reference.capture(CAPTURE, "LC_ALL=C xl list -l").output(), s.first("long").orElseThrow().stdout());
        String guestCfg = conf.resolve("the guest.cfg").toString();
        dev.virtdeck.ssh.ScriptSections.Section cfg = s.named("config").stream()
                .filter(c -> c.arg().equals(guestCfg)).findFirst().orElseThrow();
        assertEquals("name = \"" + GUEST + "\"\nmemory = 256\nmaxmem = 512\nvcpus = 1", cfg.stdout(), "no newline added");
        assertEquals(Integer.valueOf(0), cfg.exitCode());
        assertEquals(save.resolve(XenImages.fileStem("off vm") + ".save") + "\n", s.first("saves").orElseThrow().stdout());
    }

    @Test
    void onlyDomain0SkipsTheJsonAndXentop() throws IOException {
        Files.writeString(tmp.resolve("list"), Reference.captures("xen/xl-list.txt").get(0).output());
        ScriptedSsh ssh = realShell();
        Map<String, VmInfo> vms = XlDriverSimTest.byName(driver(ssh, null).list());
        assertEquals(Set.of(GUEST, "off vm"), vms.keySet());
        assertEquals(VmState.SHUTOFF, vms.get("off vm").state(), "no save directory: no image");
        assertEquals(List.of("xl list LC_ALL=C"), Files.readAllLines(calls));
    }

    @Test
    void aFailingXlListStopsTheScriptAndFailsTheList() throws IOException {
        stub("xl", "echo 'xencall: error: Could not obtain handle on privileged command interface' >&2\nexit 1\n");
        ScriptedSsh ssh = realShell();
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> driver(ssh, save.toString()).list());
        assertEquals("LC_ALL=C xl list", e.command());
        assertEquals(1, e.exitCode());
        assertEquals("xencall: error: Could not obtain handle on privileged command interface\n", e.stderr());
        assertEquals(List.of("xl list LC_ALL=C"), Files.readAllLines(calls), "nothing after the failed list");
    }

    @Test
    void anUnreadableConfigIsSkippedAndAFailingXentopCostsOnlyTheUsage() throws IOException {
        // root reads any file, so a cat that refuses one file stands for a real permission problem
        stub("cat", "case \"$2\" in *'off vm.cfg') echo \"cat: $2: Permission denied\" >&2; exit 1 ;; esac\n"
                + "exec /bin/cat \"$@\"\n");
        stub("xentop", "echo 'xentop: failed' >&2\nexit 1\n");
        ScriptedSsh ssh = realShell();
        Map<String, VmInfo> vms = XlDriverSimTest.byName(driver(ssh, save.toString()).list());
        assertEquals(Set.of(GUEST), vms.keySet(), "off vm's config could not be read");
        assertEquals(Boolean.TRUE, vms.get(GUEST).persistent(), "the other configs were read");
        assertNull(vms.get(GUEST).usage(), "xentop failed");
        assertEquals(1, ssh.commands.size());
    }
}
