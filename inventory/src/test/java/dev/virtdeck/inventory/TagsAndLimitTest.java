package dev.virtdeck.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tag:} selectors and {@code -l/--limit}. */
class TagsAndLimitTest {
    private static Inventory inv() throws InventoryException {
        return InventoryLoader.parse("""
                hosts:
                  kvm1: {tags: [prod, ssd], groups: [rack1]}
                  kvm2: {tags: [prod]}
                  kvm3: {tags: [staging], groups: [rack1]}
                  tag: {}
                """, Path.of("inv.yaml"));
    }

    private static List<String> hosts(Selector s, Inventory inv) {
        return inv.hosts().values().stream().filter(h -> s.matchesHost(h, inv)).map(Host::name).toList();
    }

    @Test
    void tagSelectorsPickHostsByTag() throws Exception {
        Inventory inv = inv();
        Selector prod = Selector.parse("tag:prod");
        assertEquals("prod", prod.tagGlob());
        assertEquals(null, prod.vmGlob());
        assertEquals(List.of("kvm1", "kvm2"), hosts(prod, inv));
        assertTrue(prod.matchesVm("anything"));

        Selector web = Selector.parse("tag:prod:web*");
        assertEquals(List.of("kvm1", "kvm2"), hosts(web, inv));
        assertTrue(web.matchesVm("web-1"));
        assertFalse(web.matchesVm("db-1"));

        assertEquals(List.of("kvm1", "kvm2", "kvm3"), hosts(Selector.parse("tag:*"), inv));
        assertEquals(List.of("kvm1"), hosts(Selector.parse("tag:s?d"), inv));
        assertEquals(List.of(), hosts(Selector.parse("tag:nope"), inv));
    }

    @Test
    void aHostNamedTagIsStillReachable() throws Exception {
        Inventory inv = inv();
        String exact = Selector.exact("tag", "vm1");
        assertEquals("ta[g]:vm1", exact);
        Selector s = Selector.parse(exact);
        assertEquals(List.of("tag"), hosts(s, inv));
        assertEquals("vm1", s.vmName());
    }

    @Test
    void badTagSelectorsAreRefused() {
        assertEquals("invalid selector 'tag:': 'tag:' must be followed by a tag (write ta[g]:VM for the host named tag)",
                assertThrows(SelectorException.class, () -> Selector.parse("tag:")).getMessage());
        assertEquals("invalid selector 'tag:prod:': nothing after ':' (write tag:prod or tag:prod:* for every VM)",
                assertThrows(SelectorException.class, () -> Selector.parse("tag:prod:")).getMessage());
    }

    @Test
    void tagsFromAnAnsibleInventorySelectToo() throws Exception {
        Inventory inv = InventoryLoader.parse(AnsibleInventoryTest.SITE_INI, Path.of("hosts.ini"));
        assertEquals(List.of("bastion"), hosts(Selector.parse("tag:edge"), inv));
        assertEquals(6, hosts(Selector.parse("tag:prod"), inv).size());
    }

    private static List<String> limit(String pattern) throws Exception {
        return List.copyOf(new HostLimit(pattern).apply(inv()).hosts().keySet());
    }

    @Test
    void limitTakesGroupsGlobsTagsAndExclusions() throws Exception {
        assertEquals(List.of("kvm1", "kvm3"), limit("rack1"));
        assertEquals(List.of("kvm1", "kvm3"), limit("@rack1"));
        assertEquals(List.of("kvm1", "kvm2"), limit("kvm[12]"));
        assertEquals(List.of("kvm1", "kvm2"), limit("tag:prod"));
        assertEquals(List.of("kvm1", "kvm2", "kvm3"), limit("kvm*,tag:prod"));
        assertEquals(List.of("kvm1"), limit("rack1,&tag:prod"));
        assertEquals(List.of("kvm2", "tag"), limit("!rack1"));
        assertEquals(List.of("kvm3"), limit("rack*,!tag:ssd"));
        assertEquals(List.of("kvm1", "kvm2", "kvm3", "tag"), limit("all"));
        assertEquals(List.of("kvm2", "kvm3", "tag"), limit("all,!kvm1"));
        Inventory limited = new HostLimit("kvm1,kvm2").apply(inv());
        assertEquals(List.of("kvm1"), limited.hostsInGroup("rack1").stream().map(Host::name).toList());
    }

    @Test
    void aLimitTermMatchingNothingIsAnError() {
        SelectorException e = assertThrows(SelectorException.class, () -> limit("kvm1,rakc1"));
        assertEquals("--limit 'kvm1,rakc1': 'rakc1' matches no host, group or tag of the inventory (did you mean"
                + " 'rack1'?)", e.getMessage());
        assertThrows(SelectorException.class, () -> limit("kvm1,"));
    }
}
