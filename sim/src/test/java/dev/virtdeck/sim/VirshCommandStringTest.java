package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** virsh's command-string rules (checked against virsh 9.0.0 with the test driver, sim-capture-test-driver.txt). */
class VirshCommandStringTest {

    @Test
    void splitsCommandsAndHonoursQuotes() throws Exception {
        assertEquals(List.of(List.of("list", "--all"), List.of("echo", "@@m@@"), List.of("domstats", "--raw")),
                VirshCommandString.parse("list --all; echo @@m@@ ;domstats --raw"));
        assertEquals(List.of(List.of("dominfo", "a b;c")), VirshCommandString.parse("dominfo \"a b;c\""));
        assertEquals(List.of(List.of("dominfo", "it's \"x\"")), VirshCommandString.parse("dominfo \"it's \\\"x\\\"\""));
        assertEquals(List.of(List.of("dominfo", "a\\b")), VirshCommandString.parse("dominfo 'a\\b'"));
        assertEquals(List.of(List.of("dominfo", "unterminated")), VirshCommandString.parse("dominfo 'unterminated"));
        assertEquals(List.of(List.of("list")), VirshCommandString.parse("list # a comment; still comment\n"));
        assertEquals("missing \"", assertThrows(VirshCommandString.SyntaxError.class,
                () -> VirshCommandString.parse("dominfo \"x")).getMessage());
        assertEquals("dangling \\", assertThrows(VirshCommandString.SyntaxError.class,
                () -> VirshCommandString.parse("dominfo x\\")).getMessage());
    }
}
