package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of invalid inventory, with the exact position and message start it must produce. */
class InventoryErrorsTest {
    private static final Path FILE = Path.of("inv.yaml");
    /** The driver kinds a caller says are installed (the inventory module knows none itself). */
    private static final List<String> KINDS = List.of("libvirt", "xl", "xm", "vbox");

    static Stream<Arguments> cases() {
        return Stream.of(
                // unknown keys at each level, with hints
                Arguments.of("hostz:\n  a: {}\n", "inv.yaml:1:1: hostz: unknown key; expected one of defaults, hosts,"
                        + " groups (did you mean 'hosts'?)"),
                Arguments.of("hosts:\n  a:\n    prot: 22\n",
                        "inv.yaml:3:5: hosts.a.prot: unknown key; expected one of address, port, user, identity,"
                                + " known_hosts, connect_timeout, drivers, libvirt, xen, sudo, jump, groups, tags"
                                + " (did you mean 'port'?)"),
                Arguments.of("defaults:\n  knownHosts: x\n", "inv.yaml:2:3: defaults.knownHosts: unknown key;"
                        + " expected one of user, port, identity, known_hosts, connect_timeout (did you mean"
                        + " 'known_hosts'?)"),
                Arguments.of("hosts:\n  a:\n    libvirt: {url: x}\n", "inv.yaml:3:15: hosts.a.libvirt.url: unknown"
                        + " key; expected one of uri, transport (did you mean 'uri'?)"),
                Arguments.of("groups:\n  g: {members: []}\n", "inv.yaml:2:7: groups.g.members: unknown key;"
                        + " expected one of hosts"),
                Arguments.of("hosts:\n  a:\n    colour: red\n", "inv.yaml:3:5: hosts.a.colour: unknown key;"
                        + " expected one of address, port, user, identity, known_hosts, connect_timeout, drivers,"
                        + " libvirt, xen, sudo, jump, groups, tags"),
                Arguments.of("hosts:\n  a: {connect_timout: 5}\n", "inv.yaml:2:7: hosts.a.connect_timout: unknown key;"
                        + " expected one of address, port, user, identity, known_hosts, connect_timeout, drivers,"
                        + " libvirt, xen, sudo, jump, groups, tags (did you mean 'connect_timeout'?)"),
                // secrets
                Arguments.of("defaults:\n  password: hunter2\n",
                        "inv.yaml:2:3: defaults.password: secrets never go into the inventory"),
                Arguments.of("hosts:\n  a:\n    user: x\n    passphrase: y\n",
                        "inv.yaml:4:5: hosts.a.passphrase: secrets never go into the inventory"),
                Arguments.of("hosts:\n  a: {libvirt: {sasl_password: p}}\n",
                        "inv.yaml:2:17: hosts.a.libvirt.sasl_password: secrets never go into the inventory"),
                // wrong types and values
                Arguments.of("hosts:\n  a:\n    port: 70000\n",
                        "inv.yaml:3:11: hosts.a.port: expected a port number from 1 to 65535, got the number 70000"),
                Arguments.of("hosts:\n  a:\n    port: 0\n", "inv.yaml:3:11: hosts.a.port: expected a port number"),
                Arguments.of("hosts:\n  a:\n    port: ssh\n",
                        "inv.yaml:3:11: hosts.a.port: expected a port number from 1 to 65535, got the text 'ssh'"),
                Arguments.of("hosts:\n  a:\n    port: \"22\"\n", "inv.yaml:3:11: hosts.a.port: expected a port"),
                Arguments.of("defaults: {port: 1.5}\n", "inv.yaml:1:18: defaults.port: expected a port number"),
                // connect_timeout: whole seconds, at least 1, at host and defaults level
                Arguments.of("hosts:\n  a:\n    connect_timeout: 0\n", "inv.yaml:3:22: hosts.a.connect_timeout:"
                        + " expected a whole number of seconds from 1 to 2147483647, got the number 0"),
                Arguments.of("hosts:\n  a: {connect_timeout: -5}\n", "inv.yaml:2:24: hosts.a.connect_timeout:"
                        + " expected a whole number of seconds from 1 to 2147483647, got the number -5"),
                Arguments.of("hosts:\n  a: {connect_timeout: '30'}\n", "inv.yaml:2:24: hosts.a.connect_timeout:"
                        + " expected a whole number of seconds from 1 to 2147483647, got the text '30'"),
                Arguments.of("hosts:\n  a: {connect_timeout: 30s}\n", "inv.yaml:2:24: hosts.a.connect_timeout:"
                        + " expected a whole number of seconds from 1 to 2147483647, got the text '30s'"),
                Arguments.of("hosts:\n  a: {connect_timeout: 1.5}\n", "inv.yaml:2:24: hosts.a.connect_timeout:"
                        + " expected a whole number of seconds from 1 to 2147483647, got the number 1.5"),
                Arguments.of("hosts:\n  a: {connect_timeout: 99999999999}\n", "inv.yaml:2:24:"
                        + " hosts.a.connect_timeout: expected a whole number of seconds from 1 to 2147483647, got the"
                        + " number 99999999999"),
                Arguments.of("defaults: {connect_timeout: 0}\n", "inv.yaml:1:29: defaults.connect_timeout: expected"
                        + " a whole number of seconds from 1 to 2147483647, got the number 0"),
                Arguments.of("defaults:\n  connect_timeout: [10]\n", "inv.yaml:2:20: defaults.connect_timeout:"
                        + " expected a whole number of seconds from 1 to 2147483647, got a list"),
                Arguments.of("defaults: {connect_timeout: ~}\n", "inv.yaml:1:29: defaults.connect_timeout: expected"
                        + " a whole number of seconds from 1 to 2147483647, got nothing"),
                Arguments.of("hosts:\n  a: {drivers: [libvirt, kvm]}\n", "inv.yaml:2:26: hosts.a.drivers: unknown"
                        + " driver 'kvm'; expected one of libvirt, xl, xm, vbox"),
                Arguments.of("hosts:\n  a: {drivers: [libvrt]}\n", "inv.yaml:2:17: hosts.a.drivers: unknown driver"
                        + " 'libvrt'; expected one of libvirt, xl, xm, vbox (did you mean 'libvirt'?)"),
                Arguments.of("hosts:\n  a: {drivers: libvirt}\n", "inv.yaml:2:16: hosts.a.drivers: expected a list"),
                Arguments.of("hosts:\n  a:\n    libvirt:\n      transport: ssh\n", "inv.yaml:4:18:"
                        + " hosts.a.libvirt.transport: unknown transport 'ssh'; expected native, virsh or auto"),
                Arguments.of("hosts:\n  a:\n    libvirt:\n      transport: nativ\n", "inv.yaml:4:18:"
                        + " hosts.a.libvirt.transport: unknown transport 'nativ'; expected native, virsh or auto"
                        + " (did you mean 'native'?)"),
                Arguments.of("hosts:\n  a: {sudo: maybe}\n", "inv.yaml:2:13: hosts.a.sudo: expected true or false,"
                        + " got the text 'maybe'"),
                Arguments.of("hosts:\n  a: {user: [x]}\n", "inv.yaml:2:13: hosts.a.user: expected a text value,"
                        + " got a list"),
                Arguments.of("hosts:\n  a: {address: }\n", "inv.yaml:2:15: hosts.a.address: expected a text value,"
                        + " got nothing"),
                Arguments.of("hosts:\n  a: {address: 'x y'}\n", "inv.yaml:2:16: hosts.a.address: an address cannot"),
                Arguments.of("hosts: [a, b]\n", "inv.yaml:1:8: hosts: expected a mapping"),
                Arguments.of("hosts:\n  a: 10.0.0.1\n", "inv.yaml:2:6: hosts.a: expected a mapping (key: value lines"
                        + " or {...}), got the text '10.0.0.1'"),
                Arguments.of("- a\n- b\n", "inv.yaml:1:1: an inventory is a mapping"),
                Arguments.of("hosts:\n  'bad name': {}\n", "inv.yaml:2:3: hosts.bad name: host name 'bad name'"
                        + " must start with a letter or digit"),
                Arguments.of("hosts:\n  a: {groups: ['@x']}\n", "inv.yaml:2:16: hosts.a.groups: group name '@x'"),
                // duplicates
                Arguments.of("hosts:\n  a: {}\n  b: {}\n  a: {}\n",
                        "inv.yaml:4:3: hosts.a: duplicate key (first defined at line 2)"),
                Arguments.of("hosts:\n  a:\n    port: 1\n    user: u\n    port: 2\n",
                        "inv.yaml:5:5: hosts.a.port: duplicate key (first defined at line 3)"),
                // groups referring to unknown hosts
                Arguments.of("hosts:\n  kvm1: {}\ngroups:\n  lab: {hosts: [kvm1, kvm3]}\n",
                        "inv.yaml:4:23: groups.lab.hosts: unknown host 'kvm3' (did you mean 'kvm1'?)"),
                Arguments.of("hosts:\n  kvm1: {}\ngroups:\n  lab:\n    hosts:\n      - zzz\n",
                        "inv.yaml:6:9: groups.lab.hosts: unknown host 'zzz'"),
                // jumps
                Arguments.of("hosts:\n  bastion: {}\n  a: {jump: bastoin}\n", "inv.yaml:3:13: hosts.a.jump: unknown"
                        + " jump host 'bastoin': a bare name must be a host of this inventory (write user@host or"
                        + " host:port for another machine) (did you mean 'bastion'?)"),
                Arguments.of("hosts:\n  a: {jump: 'u@gw:99999'}\n", "inv.yaml:2:13: hosts.a.jump: invalid jump: port"
                        + " '99999' in 'u@gw:99999' is not a number from 1 to 65535"),
                Arguments.of("hosts:\n  a: {jump: a}\n", "inv.yaml:2:13: hosts.a.jump: jump loop: a -> a"),
                Arguments.of("hosts:\n  x: {jump: b}\n  b: {jump: c}\n  c: {jump: b}\n",
                        "inv.yaml:3:13: hosts.b.jump: jump loop: b -> c -> b"),
                // YAML syntax
                Arguments.of("hosts:\n  a: [1, 2\n  b: 3\n", "inv.yaml:3:4: YAML syntax error: expected ',' or ']'"),
                Arguments.of("hosts:\n  a: b: c\n", "inv.yaml:2:7: YAML syntax error: mapping values are not allowed"
                        + " here"),
                Arguments.of("hosts:\n\ta: {}\n", "inv.yaml:2:1: YAML syntax error:"),
                Arguments.of("hosts:\n  a: {user: &u x}\n  b: {user: *u}\n",
                        "inv.yaml:3:13: YAML aliases (*u) are not supported"),
                Arguments.of("hosts: {}\n---\nhosts: {}\n", "inv.yaml:3:1: only one YAML document"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void errorNamesFileLineColumnAndKey(String yaml, String expectedStart) {
        InventoryException e = assertThrows(InventoryException.class, () -> InventoryLoader.parse(yaml, FILE, KINDS));
        assertTrue(e.getMessage().startsWith(expectedStart),
                () -> "expected message starting with\n  " + expectedStart + "\nbut got\n  " + e.getMessage());
        assertEquals(FILE, e.file());
        String[] pos = expectedStart.split(":", 4);
        assertEquals(Integer.parseInt(pos[1]), e.line(), "line");
        assertEquals(Integer.parseInt(pos[2]), e.column(), "column");
    }

    @Test
    void withoutInstalledKindsAnyWellFormedDriverNameIsAcceptedAndAMalformedOneIsNot() throws Exception {
        Inventory inv = InventoryLoader.parse("hosts:\n  a: {drivers: [xapi, null-kind]}\n", FILE);
        assertEquals(List.of("xapi", "null-kind"), inv.hosts().get("a").drivers());
        InventoryException e = assertThrows(InventoryException.class,
                () -> InventoryLoader.parse("hosts:\n  a: {drivers: [Lib Virt]}\n", FILE));
        assertEquals("inv.yaml:2:17: hosts.a.drivers: 'Lib Virt' is not a driver name (lower-case letters, digits,"
                + " _ and -)", e.getMessage());
    }
}
