package dev.virtdeck.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSectionsTest {

    @Test
    void stepsKeepTheirExactTextWithOrWithoutAFinalNewline() {
        String out = "noise before\n"
                + "@@virtdeck:begin list\n" + "Name ID\nvm1 3\n" + "\n@@virtdeck:end 0\n"
                + "@@virtdeck:begin cfg /etc/xen/a b.cfg\n" + "name = \"a b\"" + "\n@@virtdeck:end 0\n"
                + "@@virtdeck:begin empty\n" + "\n@@virtdeck:end 1\n";
        ScriptSections s = ScriptSections.parse(out);
        assertEquals(3, s.sections().size());
        assertEquals("Name ID\nvm1 3\n", s.first("list").orElseThrow().stdout());
        ScriptSections.Section cfg = s.named("cfg").get(0);
        assertEquals("/etc/xen/a b.cfg", cfg.arg());
        assertEquals("name = \"a b\"", cfg.stdout());
        assertTrue(cfg.ok());
        ScriptSections.Section empty = s.first("empty").orElseThrow();
        assertEquals("", empty.stdout());
        assertEquals(1, empty.exitCode());
        assertFalse(empty.ok());
    }

    @Test
    void aScriptCutShortLeavesItsLastStepWithoutExitCode() {
        ScriptSections s = ScriptSections.parse("@@virtdeck:begin top\nline1\nline2\n");
        ScriptSections.Section top = s.first("top").orElseThrow();
        assertEquals("line1\nline2", top.stdout().stripTrailing());
        assertNull(top.exitCode());
        assertFalse(top.ok());
        assertEquals(List.of(), s.named("other"));
    }
}
