package dev.virtdeck.tui;

import dev.virtdeck.inventory.Selector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliLineTest {

    @Test
    void selectorsEscapeEverySelectorMetacharacterAndRoundTrip() throws Exception {
        String vm = "a*b?c[d]e:f@g\\h i'j";
        String sel = CliLine.selector("kvm1", vm);
        assertEquals("kvm1:a\\*b\\?c\\[d\\]e\\:f\\@g\\\\h i'j", sel);
        Selector parsed = Selector.parse(sel);
        assertEquals("kvm1", parsed.hostName());
        assertEquals(vm, parsed.vmName());
        assertTrue(parsed.matchesVm(vm));
    }

    @Test
    void linesAreShellQuotedAndSplitBackToTheSameWords() {
        List<String> words = List.of("start", CliLine.selector("kvm1", "it's $(here)"), "--timeout", "60");
        String line = CliLine.of(List.of("virtdeck", "-i", "/x/inv.yaml"), words);
        assertEquals("virtdeck -i /x/inv.yaml start 'kvm1:it'\\''s $(here)' --timeout 60", line);
        List<String> back = CliLine.split(line);
        assertEquals(words, back.subList(3, back.size()));
    }

    @Test
    void splitHandlesQuotesAndRefusesUnclosedOnes() {
        assertEquals(List.of("a b", "c\"d", "e\\f", "g"), CliLine.split("'a b' \"c\\\"d\" e\\\\f  g "));
        assertThrows(IllegalArgumentException.class, () -> CliLine.split("start 'kvm1:web"));
    }
}
