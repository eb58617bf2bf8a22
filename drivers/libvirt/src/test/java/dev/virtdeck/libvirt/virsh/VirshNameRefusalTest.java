package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.testlab.ScriptedSsh;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names libvirt cannot hold are refused by the virsh driver before anything is sent (issue 10). */
class VirshNameRefusalTest {

    @ParameterizedTest
    @ValueSource(strings = {"vd/slash", "vd\nnewline", "vd\rreturn", "vd\ttab", ""})
    void createRefusesBeforeSendingAnything(String bad) {
        ScriptedSsh ssh = new ScriptedSsh(); // answers nothing: any command sent would show in argvs()
        VirshDriver d = new VirshDriver("labhost", ssh, "qemu:///system", false);
        CreateSpec spec = new CreateSpec(bad, 1, 1, 64, 64, null, "/k", "/i", null, null);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> d.create(spec, false));
        assertTrue(e.getMessage().contains("labhost"), e.getMessage());
        assertTrue(e.getMessage().contains(bad.isEmpty() ? "name is empty" : "libvirt names cannot"), e.getMessage());
        assertEquals(0, ssh.argvs().size(), "sent: " + ssh.argvs());
    }
}
