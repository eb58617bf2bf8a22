package dev.virtdeck.inventory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JumpSpecTest {

    @Test
    void userHostPortInEveryForm() {
        assertEquals(new JumpSpec("u", "gw.example", 2200), JumpSpec.parse("ssh://u@gw.example:2200"));
        assertEquals(new JumpSpec(null, "gw", null), JumpSpec.parse("gw"));
        assertEquals(new JumpSpec("x", "2001:db8::1", 22), JumpSpec.parse("x@[2001:db8::1]:22"));
        assertEquals(new JumpSpec(null, "2001:db8::1", null), JumpSpec.parse("[2001:db8::1]"));
        assertEquals(new JumpSpec("a@b", "h", null), JumpSpec.parse("a@b@h"), "the last '@' ends the user");
    }

    @Test
    void badPortsAndHostsAreNamed() {
        assertEquals("port '0' in 'gw:0' is not a number from 1 to 65535",
                assertThrows(IllegalArgumentException.class, () -> JumpSpec.parse("gw:0")).getMessage());
        assertEquals("port '' in 'gw:' is not a number from 1 to 65535",
                assertThrows(IllegalArgumentException.class, () -> JumpSpec.parse("gw:")).getMessage());
        // an IPv6 address needs its brackets: "2001:db8::1" could be read with a port
        assertThrows(IllegalArgumentException.class, () -> JumpSpec.parse("2001:db8::1"));
        assertThrows(IllegalArgumentException.class, () -> JumpSpec.parse("[2001:db8::1"));
        assertThrows(IllegalArgumentException.class, () -> JumpSpec.parse("[::1]x"));
        assertThrows(IllegalArgumentException.class, () -> JumpSpec.parse("u@:22"));
        assertThrows(IllegalArgumentException.class, () -> JumpSpec.parse("@gw"));
    }
}
