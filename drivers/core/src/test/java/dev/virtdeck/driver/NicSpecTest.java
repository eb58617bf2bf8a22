package dev.virtdeck.driver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code --network} as an admin writes it, and back. */
class NicSpecTest {

    @Test
    void readsNamesBridgesAndNoneAndSpellsThemBack() {
        assertEquals(NicSpec.network("default"), NicSpec.parse("default"));
        assertEquals(NicSpec.network("lab net"), NicSpec.parse("network=lab net"));
        assertEquals(NicSpec.bridge("br0"), NicSpec.parse("bridge=br0"));
        assertEquals(NicSpec.NONE, NicSpec.parse("none"));
        // a network literally named "none" or holding '=' is spelled so that it reads back the same
        for (NicSpec n : new NicSpec[]{NicSpec.network("none"), NicSpec.network("a=b"), NicSpec.bridge("br0"),
                NicSpec.NONE, NicSpec.network("default")}) {
            assertEquals(n, NicSpec.parse(n.spell()), n.spell());
        }
        assertEquals(null, NicSpec.DEFAULT.spell());
    }

    @Test
    void refusesEmptyNamesAndUnknownKeys() {
        assertEquals("'bridge=' names no bridge",
                assertThrows(IllegalArgumentException.class, () -> NicSpec.parse("bridge=")).getMessage());
        assertEquals("'vlan=3': expected NAME, network=NAME, bridge=BR or none",
                assertThrows(IllegalArgumentException.class, () -> NicSpec.parse("vlan=3")).getMessage());
        assertEquals("the network name is empty",
                assertThrows(IllegalArgumentException.class, () -> NicSpec.parse(" ")).getMessage());
    }
}
