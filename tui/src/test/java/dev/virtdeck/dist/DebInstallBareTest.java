package dev.virtdeck.dist;

import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The .deb that {@code mvn package} makes (target/virtdeck_VERSION_amd64.deb) on a clean machine: the bare
 * Debian 12 minbase of lab/bare/up.sh, with no Java, no libvirt, no Maven. {@code dpkg -i} installs it (dpkg
 * never downloads: its Depends must already be met by minbase), then the installed {@code virtdeck} runs the
 * demo (list and TUI) on its bundled runtime, its man pages and completion files are where Debian's tools look,
 * and {@code dpkg -r} leaves /usr, /etc and /opt exactly as they were.
 *
 * <p>Tag {@code bare}, run by lab/bare/run-tests.sh after lab/test.sh's {@code mvn package} made the .deb. Its
 * own up.sh gives it a fresh host whatever ran before (BareHostSetupTest installs libvirt on the same host), and
 * the first test checks that there is no Java and no libvirt0 there.
 */
@Tag("bare")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebInstallBareTest {
    static final Path TARGET = Path.of("target");
    static final String BEFORE = "/root/virtdeck-files-before.lst";
    static final String SNAPSHOT = "find /usr /etc /opt -xdev 2>/dev/null | LC_ALL=C sort";
    static String version;
    static Path deb;
    static BareShell bare;

    @BeforeAll
    static void packageAndFreshHost() throws Exception {
        version = projectVersion();
        deb = TARGET.resolve("virtdeck_" + version.replace('-', '~') + "_amd64.deb");
        Path jar = TARGET.resolve("virtdeck.jar");
        if (!Files.isRegularFile(deb)) {
            fail("no " + deb.toAbsolutePath() + ": `mvn package` makes it (lab/test.sh runs that before the bare tests)");
        }
        if (Files.isRegularFile(jar) && Files.getLastModifiedTime(deb).compareTo(Files.getLastModifiedTime(jar)) < 0) {
            fail(deb + " is older than " + jar + ": a stale package; run `mvn package` again");
        }
        bare = BareShell.of(LabEnv.freshBareHost());
    }

    static String projectVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = DebInstallBareTest.class.getResourceAsStream("/virtdeck-version.properties")) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    static BareShell.Result ok(String script) throws Exception {
        BareShell.Result r = bare.run(script);
        assertEquals(0, r.code(), script + ": " + r);
        return r;
    }

    @Test
    @Order(1)
    void aCleanHostInstallsThePackageWithDpkgAlone() throws Exception {
        assertNotEquals(0, bare.run("command -v java").code(), "the bare host must have no Java");
        assertNotEquals(0, bare.run("command -v mvn").code(), "the bare host must have no Maven");
        BareShell.Result libvirt = bare.run("dpkg-query -W -f='${Status}' libvirt0");
        assertFalse(libvirt.out().contains("install ok installed"), "libvirt0 must not be installed yet: " + libvirt);
        assertNotEquals(0, bare.run("dpkg-query -W virtdeck").code(), "virtdeck already installed");
        ok(SNAPSHOT + " >" + BEFORE);

        BareShell.Result copy = bare.copy(deb, "/tmp/virtdeck.deb");
        assertEquals(0, copy.code(), "scp " + deb + ": " + copy);
        BareShell.Result install = bare.run("dpkg -i /tmp/virtdeck.deb");
        assertEquals(0, install.code(), "dpkg -i (a Depends that minbase lacks fails here): " + install);
        assertEquals("install ok installed " + version.replace('-', '~'),
                ok("dpkg-query -W -f='${Status} ${Version}' virtdeck").out());
    }

    @Test
    @Order(2)
    void theInstalledCommandRunsTheDemoOnItsOwnRuntime() throws Exception {
        assertEquals("/usr/bin/virtdeck", ok("command -v virtdeck").out().strip());
        assertNotEquals(0, bare.run("command -v java").code(), "the package must not put a java on the PATH");

        String v = ok("virtdeck --version").out();
        assertEquals("virtdeck " + version, v.lines().findFirst().orElse(""), v);

        // no libvirt0 here: the demo's KVM host is read through virsh over SSH, the others as always
        String list = ok("virtdeck demo --list").out();
        String[][] rows = {{"kvm1", "web-1", "running"}, {"kvm1", "legacy-app", "crashed"}, {"xen1", "dns", "running"},
                {"vbox1", "Windows 11", "running"}, {"xcp1", "app server", "running"}, {"xcp2", "ldap", "running"}};
        for (String[] r : rows) {
            Pattern line = Pattern.compile("(?m)^" + r[0] + "\\s+" + Pattern.quote(r[1]) + "\\s+" + r[2] + "\\s");
            assertTrue(line.matcher(list).find(), String.join(" ", r) + " not listed:\n" + list);
        }

        // the TUI on a terminal (script's pty): it draws the lab and quits on q (sent until it has quit)
        String tui = ok("(while sleep 1; do printf q; done) | TERM=xterm timeout 120"
                + " script -qfec 'stty cols 120 rows 40; virtdeck demo' /dev/null").out();
        assertTrue(tui.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").contains("web-1"), tui);

        String modules = ok(". /usr/lib/virtdeck/runtime/release && echo \"$MODULES\"").out();
        Set<String> shipped = Set.of(modules.strip().split(" "));
        assertTrue(shipped.contains("jdk.crypto.ec"), modules);
        assertFalse(shipped.contains("jdk.compiler"), "a trimmed runtime, not a whole JDK: " + modules);
        for (String needed : jdepsModules()) assertTrue(shipped.contains(needed), needed + " missing from " + modules);
    }

    /** @return what jdeps says the packaged jar's classes and dependencies need */
    static Set<String> jdepsModules() throws Exception {
        Path jdeps = Path.of(System.getProperty("java.home"), "bin", "jdeps");
        assumeTrue(Files.isExecutable(jdeps), "no " + jdeps);
        Process p = new ProcessBuilder(jdeps.toString(), "--ignore-missing-deps", "--multi-release", "17",
                "--print-module-deps", TARGET.resolve("virtdeck.jar").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), "jdeps: " + out);
        String last = out.lines().reduce((a, b) -> b).orElse("");
        return new TreeSet<>(Arrays.asList(last.split(",")));
    }

    @Test
    @Order(3)
    void manPagesAndCompletionsAreWhereDebiansToolsLook() throws Exception {
        Set<String> pages;
        try (Stream<Path> s = Files.list(TARGET.resolve("man"))) {
            pages = s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".1"))
                    .map(n -> n + ".gz").collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new AssertionError("no man pages in target/man (made at prepare-package)", e);
        }
        assertTrue(pages.contains("virtdeck.1.gz"), "target/man has no virtdeck.1: " + pages);
        String installed = ok("cd /usr/share/man/man1 && ls virtdeck*").out();
        assertEquals(pages, new TreeSet<>(installed.lines().toList()));
        ok("cd /usr/share/man/man1 && gzip -t virtdeck*.gz");
        assertTrue(ok("zcat /usr/share/man/man1/virtdeck.1.gz").out().contains(".TH "), "virtdeck.1 is no man page");

        String[][] completions = {
                {"virtdeck.bash", "/usr/share/bash-completion/completions/virtdeck"},
                {"_virtdeck", "/usr/share/zsh/vendor-completions/_virtdeck"},
                {"virtdeck.fish", "/usr/share/fish/vendor_completions.d/virtdeck.fish"}};
        for (String[] c : completions) {
            Path local = TARGET.resolve("completion").resolve(c[0]);
            assertTrue(Files.isRegularFile(local), "no " + local + " (made at prepare-package)");
            assertEquals(sha256(local), ok("sha256sum " + c[1]).out().split(" ")[0], c[1] + " differs from " + local);
        }
        // the bash completion registers itself (bash-completion loads it by the command's name), and its
        // function, called as bash would for `virtdeck dem<TAB>`, asks the installed virtdeck and offers demo
        String complete = ok("bash -c '. /usr/share/bash-completion/completions/virtdeck && complete -p virtdeck'").out();
        assertTrue(complete.strip().startsWith("complete ") && complete.strip().endsWith(" virtdeck"), complete);
        String offered = ok("bash -c '. /usr/share/bash-completion/completions/virtdeck"
                + " && COMP_LINE=\"virtdeck dem\" COMP_POINT=12 COMP_WORDS=(virtdeck dem) COMP_CWORD=1"
                + " && _virtdeck virtdeck dem virtdeck && printf \"%s\\n\" \"${COMPREPLY[@]}\"'").out();
        assertEquals(List.of("demo"), offered.lines().map(String::strip).toList(), offered);
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    @Order(4)
    void removingThePackageLeavesNothingBehind() throws Exception {
        ok("dpkg -r virtdeck");
        assertNotEquals(0, bare.run("dpkg-query -W virtdeck").code(), "dpkg still knows virtdeck");
        BareShell.Result diff = bare.run("diff " + BEFORE + " <(" + SNAPSHOT + ")");
        assertEquals(0, diff.code(), "files under /usr, /etc, /opt differ from before the install: " + diff);
    }
}
