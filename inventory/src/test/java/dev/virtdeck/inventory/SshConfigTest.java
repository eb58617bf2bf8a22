package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    @TempDir
    Path home;

    private Path write(String relative, String text) throws Exception {
        Path p = home.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void missingFileIsEmpty() {
        SshConfig c = SshConfig.load(home.resolve(".ssh/config"), home);
        assertEquals(new SshConfig.Entry(null, null, null, List.of(), null), c.lookup("anything"));
        assertEquals(c.lookup("x"), SshConfig.empty().lookup("x"));
    }

    @Test
    void firstValueWinsAndIdentitiesAccumulate() throws Exception {
        Path cfg = write(".ssh/config", """
                # comment
                Host kvm1
                    HostName 10.0.0.11
                    User alice
                    IdentityFile ~/.ssh/kvm1_key
                Host kvm*
                    HostName ignored.example
                    User bob
                    Port 2222
                    IdentityFile ~/.ssh/%h_%r_%p
                Host *
                    User carol
                    Port=2200
                    ProxyJump bastion
                """);
        SshConfig c = SshConfig.load(cfg, home);
        SshConfig.Entry e = c.lookup("kvm1");
        assertEquals("10.0.0.11", e.hostName());
        assertEquals("alice", e.user());
        assertEquals(2222, e.port());
        assertEquals(List.of("~/.ssh/kvm1_key", "~/.ssh/%h_%r_%p"), e.identityFiles());
        assertEquals("bastion", e.proxyJump());

        SshConfig.Entry other = c.lookup("web");
        assertNull(other.hostName());
        assertEquals("carol", other.user());
        assertEquals(2200, other.port());
    }

    @Test
    void patternsNegationAndQuestionMark() throws Exception {
        SshConfig c = SshConfig.parse("""
                Host *.lab !db?.lab
                    User lab
                Host "web 1" db?.lab
                    User db
                Host *
                    ProxyJump none
                Host secret
                    ProxyJump should-not-win
                """, home, home);
        assertEquals("lab", c.lookup("kvm.lab").user());
        assertEquals("db", c.lookup("db1.lab").user(), "negated pattern excludes db1.lab from *.lab");
        assertEquals("lab", c.lookup("db12.lab").user(), "? matches exactly one character");
        assertEquals("db", c.lookup("web 1").user(), "quoted pattern with a space");
        assertEquals("lab", c.lookup("KVM.LAB").user(), "host names match case-insensitively, as ssh lowercases");
        assertNull(c.lookup("secret").proxyJump(), "a first 'ProxyJump none' wins over later values");
        assertTrue(SshConfig.matches("a", List.of("*")));
        assertFalse(SshConfig.matches("a", List.of("!a", "*")));
        assertFalse(SshConfig.matches("a", List.of("!b")), "only negations never match");
    }

    @Test
    void hostNamePercentH() {
        SshConfig c = SshConfig.parse("Host *\n  HostName %h.example.net\n", home, home);
        assertEquals("kvm1.example.net", c.lookup("kvm1").hostName());
    }

    @Test
    void includeIsRelativeToTheConfigDirectoryWithGlobsAndInheritsTheHostBlock() throws Exception {
        write(".ssh/conf.d/10-lab", "Host lab*\n  User labuser\n  Port 2022\n");
        write(".ssh/conf.d/20-other", "Host lab1\n  User second\n  HostName 127.0.0.1\n");
        write(".ssh/conf.d/ignored.txt.bak", "Host *\n  User nope\n");
        write(".ssh/bastion.conf", "  User jumper\n  IdentityFile ~/.ssh/jump_key\n");
        write("elsewhere/abs.conf", "Host abs\n  Port 4444\n");
        Path cfg = write(".ssh/config", "Include conf.d/[0-9]*\n"
                + "Include " + home.resolve("elsewhere/abs.conf") + "\n"
                + "Host bastion\n  Include ~/.ssh/bastion.conf\n"
                + "Host *\n  User fallback\n");
        SshConfig c = SshConfig.load(cfg, home);

        SshConfig.Entry lab1 = c.lookup("lab1");
        assertEquals("labuser", lab1.user(), "10-lab is read before 20-other (lexical order)");
        assertEquals(2022, lab1.port());
        assertEquals("127.0.0.1", lab1.hostName());

        SshConfig.Entry bastion = c.lookup("bastion");
        assertEquals("jumper", bastion.user(), "lines of an Include inside Host apply to that Host");
        assertEquals(List.of("~/.ssh/jump_key"), bastion.identityFiles());
        assertEquals("fallback", c.lookup("web").user(), "included bastion lines do not leak to other hosts");
        assertEquals(4444, c.lookup("abs").port());
    }

    @Test
    void includeLoopIsBounded() throws Exception {
        Path cfg = write(".ssh/config", "Include config\nHost *\n  User u\n");
        assertEquals("u", SshConfig.load(cfg, home).lookup("x").user());
    }

    @Test
    void matchBlocksAreSkippedAndBadPortsIgnored() {
        SshConfig c = SshConfig.parse("""
                Match host x
                    User matched
                Host x
                    Port notanumber
                    User plain
                """, home, home);
        assertEquals("plain", c.lookup("x").user());
        assertNull(c.lookup("x").port());
    }

    @Test
    void connectTimeoutFirstValueWinsAsInOpenSsh() {
        SshConfig c = SshConfig.parse("""
                Host slow
                    ConnectTimeout 1m30s
                Host unbounded
                    ConnectTimeout 0
                Host undecided
                    ConnectTimeout none
                Host broken
                    ConnectTimeout soon
                Host *
                    ConnectTimeout=20
                """, home, home);
        assertEquals(Duration.ofSeconds(90), c.lookup("slow").connectTimeout());
        assertNull(c.lookup("unbounded").connectTimeout(),
                "0 (no limit to OpenSSH) takes the setting but leaves virtdeck's own bound in force");
        assertEquals(Duration.ofSeconds(20), c.lookup("undecided").connectTimeout(),
                "'none' leaves the setting to later lines, as OpenSSH's readconf does");
        assertEquals(Duration.ofSeconds(20), c.lookup("broken").connectTimeout(),
                "an invalid value is ignored (logged), like an invalid Port");
        assertEquals(Duration.ofSeconds(20), c.lookup("other").connectTimeout());
        assertNull(SshConfig.parse("Host x\n  User u\n", home, home).lookup("x").connectTimeout());
    }

    @Test
    void convtimeReadsOpenSshTimeFormats() {
        assertEquals(Duration.ofSeconds(45), SshConfig.convtime("45"));
        assertEquals(Duration.ofSeconds(45), SshConfig.convtime("45s"));
        assertEquals(Duration.ofMinutes(2), SshConfig.convtime("2M"));
        assertEquals(Duration.ofHours(1), SshConfig.convtime("1h"));
        assertEquals(Duration.ofDays(1), SshConfig.convtime("1d"));
        assertEquals(Duration.ofDays(7), SshConfig.convtime("1w"));
        assertEquals(Duration.ofSeconds(5400), SshConfig.convtime("1h30m"));
        assertEquals(Duration.ofSeconds(15), SshConfig.convtime("10s5"), "parts add up, the last one unit-less");
        assertEquals(Duration.ZERO, SshConfig.convtime("0"));
        assertEquals(Duration.ofSeconds(Integer.MAX_VALUE), SshConfig.convtime("2147483647"));
        for (String bad : List.of("", "-5", "1.5", "5x", "m", " 5", "2147483648", "99999999999", "1w 2d")) {
            assertNull(SshConfig.convtime(bad), bad);
        }
    }

    @Test
    void splitsKeywordsValuesQuotesAndComments() {
        assertEquals(List.of("IdentityFile", "/a b/c"), SshConfig.split("  IdentityFile \"/a b/c\"  "));
        assertEquals(List.of("Port", "22"), SshConfig.split("Port = 22 # comment"));
        assertEquals(List.of("Host", "a", "b"), SshConfig.split("Host a\tb"));
        assertEquals(List.of(), SshConfig.split("   # only a comment"));
    }
}
