package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostResolverTest {
    @TempDir
    Path home;
    private Path invFile;
    private SshConfig ssh;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.createDirectories(home.resolve("inv"));
        invFile = home.resolve("inv/inventory.yaml");
        Files.writeString(home.resolve(".ssh/config"), """
                Host alias-kvm
                    HostName 192.0.2.7
                    User sshuser
                    Port 2201
                    IdentityFile ~/.ssh/alias_key
                    IdentityFile %d/.ssh/%r@%h:%p-%u
                Host proxied
                    ProxyJump hop1,ops@hop2:2022
                Host hop1
                    User hopper
                Host viaconfig
                    ProxyJump bastion
                Host loopy
                    ProxyJump loopy
                """);
        ssh = SshConfig.load(home.resolve(".ssh/config"), home);
    }

    private ResolvedHost resolve(String yaml, String host) throws InventoryException {
        return resolve(yaml, host, Overrides.NONE);
    }

    private ResolvedHost resolve(String yaml, String host, Overrides o) throws InventoryException {
        Inventory inv = InventoryLoader.parse(yaml, invFile);
        return new HostResolver(inv, ssh, o, home, "localme").resolve(inv.host(host).orElseThrow());
    }

    @Test
    void opensshDefaultsWhenNothingIsSet() throws Exception {
        Files.writeString(home.resolve(".ssh/id_ed25519"), "k");
        Files.writeString(home.resolve(".ssh/id_rsa"), "k");
        ResolvedHost r = resolve("hosts:\n  plain: {}\n", "plain");
        assertEquals("plain", r.hostname());
        assertEquals(22, r.port());
        assertEquals("localme", r.user());
        assertEquals(List.of(home.resolve(".ssh/id_rsa"), home.resolve(".ssh/id_ed25519")), r.identityFiles(),
                "only existing default keys, in OpenSSH order");
        assertEquals(home.resolve(".ssh/known_hosts"), r.knownHosts());
        assertNull(r.jump());
        assertEquals(LibvirtSettings.DEFAULT, r.libvirt());
    }

    @Test
    void sshConfigIsLookedUpByAddressAndExpandsTokens() throws Exception {
        ResolvedHost r = resolve("hosts:\n  kvm: {address: alias-kvm}\n", "kvm");
        assertEquals("kvm", r.name());
        assertEquals("192.0.2.7", r.hostname());
        assertEquals("sshuser", r.user());
        assertEquals(2201, r.port());
        assertEquals(List.of(home.resolve(".ssh/alias_key"), Path.of(home + "/.ssh/sshuser@192.0.2.7:2201-localme")),
                r.identityFiles());
    }

    @Test
    void defaultsBeatSshConfigAndHostBeatsDefaultsAndFlagsBeatAll() throws Exception {
        String yaml = """
                defaults: {user: defuser, port: 2300, identity: ~/.ssh/def_key, known_hosts: kh/defaults}
                hosts:
                  d: {address: alias-kvm}
                  h: {address: alias-kvm, user: hostuser, port: 2400, identity: /keys/h, known_hosts: /kh/h}
                """;
        ResolvedHost d = resolve(yaml, "d");
        assertEquals("192.0.2.7", d.hostname(), "HostName still comes from ~/.ssh/config");
        assertEquals("defuser", d.user());
        assertEquals(2300, d.port());
        assertEquals(List.of(home.resolve(".ssh/def_key")), d.identityFiles());
        assertEquals(home.resolve("inv/kh/defaults"), d.knownHosts(), "relative to the inventory's directory");

        ResolvedHost h = resolve(yaml, "h");
        assertEquals("hostuser", h.user());
        assertEquals(2400, h.port());
        assertEquals(List.of(Path.of("/keys/h")), h.identityFiles());
        assertEquals(Path.of("/kh/h"), h.knownHosts());

        ResolvedHost f = resolve(yaml, "h", new Overrides(Path.of("/flag/known_hosts"), "flaguser"));
        assertEquals("flaguser", f.user());
        assertEquals(Path.of("/flag/known_hosts"), f.knownHosts());
        assertEquals(2400, f.port());
    }

    @Test
    void connectTimeoutHostBeatsDefaultsBeatsSshConfigAndStaysNullWhenNothingSetsIt() throws Exception {
        SshConfig cfg = SshConfig.parse("""
                Host slow-alias
                    ConnectTimeout 1m30s
                Host *.example
                    ConnectTimeout 30
                """, home, home);
        String withDefaults = """
                defaults: {connect_timeout: 20}
                hosts:
                  own: {address: slow-alias, connect_timeout: 40}
                  inherits: {address: slow-alias}
                """;
        assertEquals(Duration.ofSeconds(40), resolve(withDefaults, "own", cfg).connectTimeout());
        assertEquals(Duration.ofSeconds(20), resolve(withDefaults, "inherits", cfg).connectTimeout(),
                "defaults: beats ~/.ssh/config");
        String bare = "hosts:\n  viaConfig: {address: slow-alias}\n  plain: {address: 10.0.0.1}\n";
        assertEquals(Duration.ofSeconds(90), resolve(bare, "viaConfig", cfg).connectTimeout(),
                "ConnectTimeout of ~/.ssh/config, looked up by address");
        assertNull(resolve(bare, "plain", cfg).connectTimeout(), "unset: the fleet's 10 s applies");
    }

    @Test
    void jumpHostsKeepTheirOwnConnectTimeout() throws Exception {
        SshConfig cfg = SshConfig.parse("Host *.example\n    ConnectTimeout 30\n", home, home);
        String yaml = """
                hosts:
                  bastion: {address: 10.0.0.1}
                  slowgw: {address: 10.0.0.2, connect_timeout: 5}
                  xen: {address: 10.0.0.5, connect_timeout: 40, jump: bastion}
                  kvm: {address: 10.0.0.6, jump: slowgw}
                  far: {address: 10.0.0.7, jump: 'ops@hop.example:2200'}
                """;
        ResolvedHost xen = resolve(yaml, "xen", cfg);
        assertEquals(Duration.ofSeconds(40), xen.connectTimeout());
        assertNull(xen.jump().connectTimeout(), "a jump host does not inherit its target's timeout");
        ResolvedHost kvm = resolve(yaml, "kvm", cfg);
        assertNull(kvm.connectTimeout());
        assertEquals(Duration.ofSeconds(5), kvm.jump().connectTimeout(), "an inventory jump host uses its own");
        assertEquals(Duration.ofSeconds(30), resolve(yaml, "far", cfg).jump().connectTimeout(),
                "an ad-hoc jump host goes through defaults and ~/.ssh/config like any host");
        String withDefaults = "defaults: {connect_timeout: 12}\n" + yaml;
        assertEquals(Duration.ofSeconds(12), resolve(withDefaults, "xen", cfg).jump().connectTimeout());
        assertEquals(Duration.ofSeconds(12), resolve(withDefaults, "far", cfg).jump().connectTimeout());
    }

    @Test
    void commandLineConnectTimeoutBeatsEverySourceOnEveryHop() throws Exception {
        SshConfig cfg = SshConfig.parse("Host *.example\n    ConnectTimeout 30\n", home, home);
        String yaml = """
                defaults: {connect_timeout: 12}
                hosts:
                  gw: {address: 10.0.0.2, connect_timeout: 5}
                  xen: {address: xen.example, connect_timeout: 40, jump: gw}
                  plain: {address: 10.0.0.9}
                """;
        Inventory inv = InventoryLoader.parse(yaml, invFile);
        HostResolver hr = new HostResolver(inv, cfg, new Overrides(null, null, Duration.ofSeconds(90)), home, "me");
        ResolvedHost xen = hr.resolve(inv.host("xen").orElseThrow());
        assertEquals(Duration.ofSeconds(90), xen.connectTimeout(), "beats the host's own 40 and ConnectTimeout 30");
        assertEquals(Duration.ofSeconds(90), xen.jump().connectTimeout(), "and the jump host's own 5");
        assertEquals(Duration.ofSeconds(90), hr.resolve(inv.host("plain").orElseThrow()).connectTimeout(),
                "and defaults:");
    }

    private ResolvedHost resolve(String yaml, String host, SshConfig cfg) throws InventoryException {
        Inventory inv = InventoryLoader.parse(yaml, invFile);
        return new HostResolver(inv, cfg, Overrides.NONE, home, "me").resolve(inv.host(host).orElseThrow());
    }

    @Test
    void hostSettingsAreCarried() throws Exception {
        ResolvedHost r = resolve("hosts:\n  k: {sudo: true, drivers: [libvirt], libvirt: {uri: 'qemu+tcp:///x',"
                + " transport: virsh}}\n", "k");
        assertTrue(r.sudo());
        assertEquals(List.of("libvirt"), r.drivers());
        assertEquals(new LibvirtSettings("qemu+tcp:///x", Transport.VIRSH), r.libvirt());
    }

    @Test
    void jumpChainThroughInventoryHostsUsesEachHostsOwnSettings() throws Exception {
        String yaml = """
                defaults: {user: admin}
                hosts:
                  outer: {address: outer.example, port: 2022, user: gate}
                  bastion: {address: bastion.example, jump: outer}
                  kvm1: {address: 10.0.0.11, jump: bastion}
                """;
        ResolvedHost r = resolve(yaml, "kvm1", new Overrides(null, "flaguser"));
        assertEquals("flaguser", r.user(), "the user flag applies to the target");
        ResolvedHost b = r.jump();
        assertEquals("bastion", b.name());
        assertEquals("bastion.example", b.hostname());
        assertEquals("admin", b.user(), "but not to jump hosts (like ssh -l)");
        ResolvedHost o = b.jump();
        assertEquals("outer", o.name());
        assertEquals(2022, o.port());
        assertEquals("gate", o.user());
        assertNull(o.jump());
    }

    @Test
    void adHocJumpUserHostPort() throws Exception {
        ResolvedHost r = resolve("hosts:\n  k: {jump: 'j@gw.example:2200'}\n  k2: {jump: 'alias-kvm:2'}\n"
                + "  k3: {jump: 'x@[2001:db8::1]:22'}\n", "k");
        assertEquals(new ResolvedHost("j@gw.example:2200", "gw.example", 2200, "j", List.of(),
                home.resolve(".ssh/known_hosts"), null, false, List.of(), LibvirtSettings.DEFAULT), r.jump());
        Inventory inv = InventoryLoader.parse("hosts:\n  k2: {jump: 'alias-kvm:2'}\n  k3: {jump: 'x@[2001:db8::1]:22'}\n",
                invFile);
        HostResolver hr = new HostResolver(inv, ssh, Overrides.NONE, home, "me");
        ResolvedHost viaAlias = hr.resolve(inv.host("k2").orElseThrow()).jump();
        assertEquals("192.0.2.7", viaAlias.hostname(), "an ad-hoc jump host is looked up in ~/.ssh/config");
        assertEquals("sshuser", viaAlias.user());
        assertEquals(2, viaAlias.port(), "an explicit port beats ~/.ssh/config");
        ResolvedHost v6 = hr.resolve(inv.host("k3").orElseThrow()).jump();
        assertEquals("2001:db8::1", v6.hostname());
        assertEquals("x", v6.user());
    }

    @Test
    void proxyJumpFromSshConfigChainsHopsAndUsesInventoryHosts() throws Exception {
        String yaml = "hosts:\n  p: {address: proxied}\n  c: {address: viaconfig}\n  bastion: {port: 2999}\n";
        ResolvedHost p = resolve(yaml, "p");
        ResolvedHost hop2 = p.jump();
        assertEquals("hop2", hop2.hostname());
        assertEquals("ops", hop2.user());
        assertEquals(2022, hop2.port());
        ResolvedHost hop1 = hop2.jump();
        assertEquals("hop1", hop1.hostname());
        assertEquals("hopper", hop1.user());
        assertNull(hop1.jump());

        ResolvedHost c = resolve(yaml, "c");
        assertEquals("bastion", c.jump().name());
        assertEquals(2999, c.jump().port(), "a ProxyJump naming an inventory host uses that host");
    }

    @Test
    void inventoryJumpBeatsProxyJump() throws Exception {
        ResolvedHost r = resolve("hosts:\n  p: {address: proxied, jump: gw}\n  gw: {}\n", "p");
        assertEquals("gw", r.jump().name());
        assertNull(r.jump().jump());
    }

    @Test
    void loopThroughSshConfigIsAnErrorNamingFileAndLine() throws Exception {
        Inventory inv = InventoryLoader.parse("hosts:\n  a: {}\n  l: {address: loopy}\n", invFile);
        InventoryException e = assertThrows(InventoryException.class,
                () -> new HostResolver(inv, ssh, Overrides.NONE, home, "me").resolve(inv.host("l").orElseThrow()));
        assertTrue(e.getMessage().startsWith(invFile + ":3: hosts.l.jump: jump loop: l -> loopy -> loopy"),
                e.getMessage());
        assertEquals(3, e.line());
        assertEquals(invFile, e.file());
    }

    @Test
    void loopAndUnknownJumpInABuiltInventoryAreErrors() {
        Host a = new Host("a", null, null, null, null, null, List.of(), null, false, "b", List.of(), List.of(), 7);
        Host b = new Host("b", null, null, null, null, null, List.of(), null, false, "a", List.of(), List.of(), 8);
        Host c = new Host("c", null, null, null, null, null, List.of(), null, false, "nope", List.of(), List.of(), 9);
        Inventory inv = new Inventory(invFile, Defaults.NONE, Map.of("a", a, "b", b, "c", c), Map.of());
        HostResolver hr = new HostResolver(inv, SshConfig.empty(), Overrides.NONE, home, "me");
        InventoryException loop = assertThrows(InventoryException.class, () -> hr.resolve(a));
        assertEquals(invFile + ":7: hosts.a.jump: jump loop: a -> b -> a", loop.getMessage());
        InventoryException unknown = assertThrows(InventoryException.class, () -> hr.resolve(c));
        assertEquals(invFile + ":9: hosts.c.jump: unknown jump host 'nope'", unknown.getMessage());
    }

    @Test
    void tildeAndRelativePathsInTheInventory() throws Exception {
        ResolvedHost r = resolve("hosts:\n  k: {identity: keys/k, known_hosts: '~/kh'}\n", "k");
        assertEquals(List.of(home.resolve("inv/keys/k")), r.identityFiles());
        assertEquals(home.resolve("kh"), r.knownHosts());
    }
}
