package dev.virtdeck.testlab;

import dev.virtdeck.sim.SimHost;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulated hosts' canary: the simulator never runs a real shell, so a {@code touch} hidden in
 * a name could not create a file there. Instead it records the argv of every command line its
 * login shell accepted ({@link SimHost#argvLog()}) and refuses every line with unquoted shell
 * syntax. A name crossed the wire safely when every line was accepted, the name arrived as one
 * whole argv word, and no word carries a piece of the name without the whole of it.
 */
public final class SimShellProof {
    private SimShellProof() {
    }

    /**
     * @param h the simulated host
     * @param n the corpus entry the driver acted on
     */
    public static void nameTravelledWhole(SimHost h, HostileNames n) {
        nameTravelledWhole(h, n, n.name());
    }

    /**
     * @param word the one argv word that must name the VM: the name, or what the driver sends
     *             instead (VirtualBox: the UUID of a VM whose name starts with '-')
     */
    public static void nameTravelledWhole(SimHost h, HostileNames n, String word) {
        List<String> lines = h.commandLog();
        List<List<String>> argvs = h.argvLog();
        assertEquals(lines.size(), argvs.size(), "a line the simulated shell refused (unquoted shell syntax): " + lines);
        assertTrue(argvs.stream().anyMatch(a -> a.contains(word)), "no command carried " + word + " as one word: " + argvs);
        String piece = n.canary() != null ? n.canary() : null;
        for (List<String> argv : argvs) {
            assertTrue(!argv.isEmpty() && !argv.get(0).equals("touch") && !argv.contains("touch"),
                    "a piece of the name became a command or a word: " + argv);
            if (piece == null) continue;
            for (String w : argv) {
                assertTrue(!w.contains(piece) || w.contains(n.name()), "a piece of the name as its own word: " + argv);
            }
        }
    }
}
