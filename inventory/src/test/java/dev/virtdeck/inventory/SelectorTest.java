package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorTest {
    /** text, hostGlob, group, vmGlob, isLiteral, vmName */
    static Stream<Arguments> parses() {
        return Stream.of(
                Arguments.of("kvm1:web", "kvm1", null, "web", true, "web"),
                Arguments.of("kvm*:web-?", "kvm*", null, "web-?", false, null),
                Arguments.of("kvm1:*", "kvm1", null, "*", false, null),
                Arguments.of("*:web", "*", null, "web", false, "web"),
                Arguments.of("@lab", null, "lab", null, false, null),
                Arguments.of("@lab:db*", null, "lab", "db*", false, null),
                Arguments.of("@lab:db1", null, "lab", "db1", true, "db1"),
                Arguments.of("web", null, null, "web", true, "web"),
                Arguments.of("w[0-9]", null, null, "w[0-9]", false, null),
                Arguments.of("a\\:b", null, null, "a:b", true, "a:b"),
                Arguments.of("\\@x", null, null, "@x", true, "@x"),
                Arguments.of("kvm1:a\\*b", "kvm1", null, "a\\*b", true, "a*b"),
                Arguments.of("kvm1:a\\?\\[x\\]", "kvm1", null, "a\\?\\[x\\]", true, "a?[x]"),
                Arguments.of("kvm1:back\\\\slash", "kvm1", null, "back\\\\slash", true, "back\\slash"),
                Arguments.of("kvm1:x@y", "kvm1", null, "x@y", true, "x@y"),
                Arguments.of("kvm1:my vm", "kvm1", null, "my vm", true, "my vm"),
                Arguments.of("kvm1:it's \"quoted\"", "kvm1", null, "it's \"quoted\"", true, "it's \"quoted\""),
                Arguments.of("kvm1:$(touch /tmp/pwned)", "kvm1", null, "$(touch /tmp/pwned)", true,
                        "$(touch /tmp/pwned)"),
                Arguments.of("kvm1:a;rm -rf x", "kvm1", null, "a;rm -rf x", true, "a;rm -rf x"),
                Arguments.of("kvm1:`id`", "kvm1", null, "`id`", true, "`id`"),
                Arguments.of("vd 'evil' $(x); `y`", null, null, "vd 'evil' $(x); `y`", true, "vd 'evil' $(x); `y`"));
    }

    @ParameterizedTest
    @MethodSource("parses")
    void parse(String text, String hostGlob, String group, String vmGlob, boolean literal, String vmName)
            throws Exception {
        Selector s = Selector.parse(text);
        assertEquals(new Selector(text, hostGlob, group, vmGlob), s);
        assertEquals(literal, s.isLiteral(), "isLiteral");
        assertEquals(vmName, s.vmName(), "vmName");
        assertEquals(text, s.toString());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of("", "empty selector"),
                Arguments.of("@", "'@' must be followed by a group name"),
                Arguments.of("@:web", "'@' must be followed by a group name"),
                Arguments.of("@lab:", "nothing after ':'"),
                Arguments.of("@la*b", "invalid group name 'la*b'"),
                Arguments.of("@my group", "invalid group name 'my group'"),
                Arguments.of(":web", "nothing before ':'"),
                Arguments.of("kvm1:", "nothing after ':' (write kvm1:* for every VM of the host)"),
                Arguments.of("a:b:c", "more than one ':'"),
                Arguments.of("web\\", "lone backslash"),
                Arguments.of("we\\b", "'\\b' is not an escape"),
                Arguments.of("kvm1:[ab", "unclosed '['"),
                Arguments.of("kvm[1:web", "unclosed '['"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void parseErrors(String text, String fragment) {
        SelectorException e = assertThrows(SelectorException.class, () -> Selector.parse(text));
        assertTrue(e.getMessage().startsWith("invalid selector '" + text + "'") || text.isEmpty(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    /** selector, VM name, expected match */
    static Stream<Arguments> vmMatches() {
        return Stream.of(
                Arguments.of("web-?", "web-1", true),
                Arguments.of("web-?", "web-10", false),
                Arguments.of("web-?", "Web-1", false),
                Arguments.of("web*", "web", true),
                Arguments.of("web*", "webserver:8080", true),
                Arguments.of("*", "", true),
                Arguments.of("*", "any thing at all", true),
                Arguments.of("[ab]x", "bx", true),
                Arguments.of("[ab]x", "cx", false),
                Arguments.of("[a-c]x", "bx", true),
                Arguments.of("[a-c]x", "dx", false),
                Arguments.of("[!a]x", "ax", false),
                Arguments.of("[!a]x", "zx", true),
                Arguments.of("[^a]x", "zx", true),
                Arguments.of("[]]", "]", true),
                Arguments.of("[a-]", "-", true),
                Arguments.of("[\\]]", "]", true),
                Arguments.of("x]", "x]", true),
                Arguments.of("a\\*b", "a*b", true),
                Arguments.of("a\\*b", "axb", false),
                Arguments.of("a\\:b", "a:b", true),
                Arguments.of("\\@x", "@x", true),
                Arguments.of("a.b", "axb", false),
                Arguments.of("a+(x|y)", "a+(x|y)", true),
                Arguments.of("a+(x|y)", "aa(x|y)", false),
                Arguments.of("*.*", "a.b", true),
                Arguments.of("kvm1:my vm", "my vm", true),
                Arguments.of("kvm1:my vm", "my  vm", false),
                Arguments.of("kvm1:$(touch /tmp/pwned)", "$(touch /tmp/pwned)", true),
                Arguments.of("kvm1:$(touch /tmp/pwned)", "$(touch /tmp/pwnee)", false),
                Arguments.of("kvm1:*$(*", "a$(b", true),
                Arguments.of("kvm1:a;b", "a;b", true),
                Arguments.of("kvm1:`id`", "`id`", true),
                Arguments.of("kvm1:it's \"q\"", "it's \"q\"", true),
                Arguments.of("kvm1:\\\\", "\\", true),
                Arguments.of("kvm1:ünï*", "ünïcode", true),
                Arguments.of("kvm1:line*", "line1\nline2", true),
                Arguments.of("@lab", "whatever", true));
    }

    @ParameterizedTest
    @MethodSource("vmMatches")
    void matchesVm(String selector, String vm, boolean expected) throws Exception {
        assertEquals(expected, Selector.parse(selector).matchesVm(vm), selector + " vs " + vm);
    }

    @Test
    void matchesHostByGlobGroupOrAny() throws Exception {
        Inventory inv = InventoryLoader.parse("""
                hosts:
                  kvm1: {groups: [rack1]}
                  kvm2: {}
                  KVM3: {}
                  xen1: {}
                groups:
                  lab: {hosts: [kvm2, xen1]}
                """, Path.of("inv.yaml"));
        assertEquals(List.of("kvm1", "kvm2"), hosts(inv, "kvm*:x"));
        assertEquals(List.of("kvm1", "kvm2", "KVM3", "xen1"), hosts(inv, "x"));
        assertEquals(List.of("kvm1", "kvm2", "KVM3", "xen1"), hosts(inv, "*:x"));
        assertEquals(List.of("KVM3"), hosts(inv, "KVM?:x"));
        assertEquals(List.of("kvm2"), hosts(inv, "kvm2:x"));
        assertEquals(List.of("kvm2", "xen1"), hosts(inv, "@lab"));
        assertEquals(List.of("kvm2", "xen1"), hosts(inv, "@lab:web*"));
        assertEquals(List.of("kvm1"), hosts(inv, "@rack1"));
        assertEquals(List.of(), hosts(inv, "@nogroup"), "group existence is the caller's check");
        assertEquals(List.of("KVM3"), hosts(inv, "[!kx]*:x"), "case-sensitive: K is not k");
        assertTrue(Selector.parse("kvm1:x").hostName().equals("kvm1"));
        assertEquals(null, Selector.parse("kvm*:x").hostName());
        assertEquals(null, Selector.parse("x").hostName());
        assertFalse(Selector.parse("kvm*:x").isLiteral());
    }

    private static List<String> hosts(Inventory inv, String selector) throws SelectorException {
        Selector s = Selector.parse(selector);
        return inv.hosts().values().stream().filter(h -> s.matchesHost(h, inv)).map(Host::name).toList();
    }
}
