package dev.virtdeck.request;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which --network and --image each driver kind takes before anything is sent (issue 14, part 4). */
class CreateNicObjectionTest {
    static Create create(NicSpec nic, String image) {
        return new Create(new CreateSpec("n", 1, 1, 64, 64, null, null, null, null, "/x.iso").withNetwork(nic)
                .withImage(image), false);
    }

    @Test
    void eachKindTakesItsOwnNetworkSpellings() {
        for (String kind : new String[] {"libvirt", "vbox", "xapi", "xl", "xm"}) {
            assertNull(create(NicSpec.DEFAULT, null).driverObjection(kind), kind);
            assertNull(create(NicSpec.NONE, null).driverObjection(kind), kind);
            assertNull(create(NicSpec.bridge("br0"), null).driverObjection(kind), kind);
        }
        assertNull(create(NicSpec.network("default"), null).driverObjection("libvirt"));
        assertNull(create(NicSpec.network("Pool-wide network associated with eth0"), null).driverObjection("xapi"));
        assertNull(create(NicSpec.network("nat"), null).driverObjection("vbox"));
        String vbox = create(NicSpec.network("default"), null).driverObjection("vbox");
        assertTrue(vbox.contains("nat, bridge=IF or none"), vbox);
        String xl = create(NicSpec.network("default"), null).driverObjection("xl");
        assertTrue(xl.startsWith("xl joins a vif to a host bridge"), xl);
        assertTrue(create(NicSpec.network("default"), null).driverObjection("xm").startsWith("xm joins"));
    }

    @Test
    void anImageIsForLibvirtVirtualBoxAndXl() {
        for (String kind : new String[] {"libvirt", "vbox", "xl"}) {
            assertNull(create(NicSpec.DEFAULT, "/srv/base.qcow2").driverObjection(kind), kind);
        }
        CreateSpec sized = new CreateSpec("a", 1, 1, 64, 64, 4096L, null, null, null, null).withImage("/srv/b.vdi");
        assertTrue(new Create(sized, false).driverObjection("vbox").contains("give no --disk with --image"));
        assertNull(new Create(sized, false).driverObjection("xl"), "xl's overlay takes a size");
        String xm = create(NicSpec.DEFAULT, "/srv/base.qcow2").driverObjection("xm");
        assertEquals("--image is implemented for libvirt, VirtualBox and xl hosts, not xm", xm);
        String xapi = create(NicSpec.DEFAULT, "/srv/base.qcow2").driverObjection("xapi");
        assertTrue(xapi.contains("keeps base disks as VDIs") && xapi.contains("--template NAME"), xapi);
    }
}
