package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellWordsTest {

    private static ShellWords.Parsed parse(String s) throws ShellWords.SyntaxException {
        return ShellWords.parse(s, "/root");
    }

    @Test
    void splitsQuotesEscapesAndAssignments() throws Exception {
        ShellWords.Parsed p = parse("LC_ALL=C LANG=C VBoxManage showvminfo 'my vm' --machinereadable");
        assertEquals(Map.of("LC_ALL", "C", "LANG", "C"), p.env());
        assertEquals(List.of("VBoxManage", "showvminfo", "my vm", "--machinereadable"), p.argv());

        assertEquals(List.of("a", "it's \"x\"", "b c", "d\\e", "$x"),
                parse("a 'it'\\''s \"x\"' \"b c\" \"d\\\\e\" '$x'").argv());
        assertEquals(List.of("x y"), parse("x\\ y").argv());
        assertEquals(List.of("", "a"), parse("'' a").argv());
    }

    @Test
    void sudoAndEnvPrefixes() throws Exception {
        ShellWords.Parsed p = parse("sudo -n LC_ALL=C virsh list --all");
        assertTrue(p.sudo());
        assertEquals(Map.of("LC_ALL", "C"), p.env());
        assertEquals("virsh", p.program());
        assertEquals(List.of("list", "--all"), p.args());
        assertEquals("VBoxManage", parse("env LC_ALL=C /usr/bin/VBoxManage list vms").program());
    }

    @Test
    void quotedAssignmentIsAnArgumentNotAnAssignment() throws Exception {
        ShellWords.Parsed p = parse("'A=1' echo");
        assertEquals(Map.of(), p.env());
        assertEquals(List.of("A=1", "echo"), p.argv());
        assertEquals(List.of("echo", "A=1"), parse("echo A=1").argv());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a; b", "a | b", "a && b", "a || b", "a & ", "echo $(id)", "echo `id`",
            "echo \"$(id)\"", "echo \"`id`\"", "echo $HOME", "echo \"${x}\"", "a > f", "a < f", "a\nb",
            "echo *", "# c", "(a)", "'unterminated", "\"unterminated"})
    void refusesWhatARealShellWouldInterpret(String line) {
        assertThrows(ShellWords.SyntaxException.class, () -> parse(line));
    }

    @Test
    void metacharactersInsideQuotesAreData() throws Exception {
        assertEquals(List.of("showvminfo", "a; rm -rf / | $(x) `y` && *"),
                parse("showvminfo 'a; rm -rf / | $(x) `y` && *'").argv());
        assertEquals(List.of("x", "a;b$"), parse("x \"a;b$\"").argv());
        assertEquals(List.of("ls", "/root/x"), parse("ls ~/x").argv());
    }
}
