package dev.virtdeck.tui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inventory tags in the TUI: shown on the host row, and "/tag:NAME" filters on them. */
@Timeout(30)
class TuiTagsTest {
    private TuiHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    @Test
    void hostRowShowsTagsAndTheFilterMatchesThem() {
        h = TuiHarness.twoHosts();
        h.tags.put("kvm2", List.of("prod", "ssd"));
        h.start();
        assertTrue(h.lines().stream().anyMatch(l -> l.contains("kvm2") && l.contains("[prod,ssd]")), h.text());
        assertTrue(h.lines().stream().noneMatch(l -> l.contains("kvm1") && l.contains("[")), h.text());

        h.press("/tag:prod");
        assertEquals(2, h.app.visible.size(), h.text());
        assertTrue(h.rowOf("kvm2", "cache") > 0);
        assertEquals(-1, h.rowOf("kvm1", "db"));
        h.press("x");
        assertEquals(0, h.app.visible.size(), "tag:prodx is no tag");
    }
}
