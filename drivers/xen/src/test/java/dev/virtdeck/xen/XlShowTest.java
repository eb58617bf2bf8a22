package dev.virtdeck.xen;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;
import dev.virtdeck.testlab.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** show's devices from xl list -l JSON (reconstructed reference) and from config files. */
class XlShowTest {

    @Test
    void devicesOfTheReconstructedListLongEntry() throws Exception {
        var root = new ObjectMapper().readTree(Reference.output("xl/list-long-json-reconstructed.txt"));
        XlShow.Devices d = XlShow.fromJson(root.get(0).get("config"));
        assertEquals(List.of(new Disk("xvda", DeviceKind.DISK, "xen", "/dev/vg0/web-01", "raw", null, null, false)), d.disks());
        assertEquals(List.of(new Nic("00:16:3e:12:34:56", "bridge", "xenbr0", "vif_ioemu", null, List.of())), d.nics());
        assertEquals(List.of(new Console("serial", "pty", "serial 0", null)), d.consoles(), "an HVM guest: no PV console");
    }

    @Test
    void devicesOfAConfigFileInBothDiskSpecForms() throws Exception {
        XlConfig cfg = XlConfig.parse("""
                name = "web"
                type = "pv"
                disk = [ 'format=raw,vdev=xvda,access=rw,target=/var/lib/xen/images/web.img', 'phy:/dev/vg/data,xvdb,r', 'format=raw,vdev=hdc,access=ro,devtype=cdrom,target=/iso/d.iso' ]
                vif = [ 'mac=00:16:3E:AA:BB:CC,bridge=xenbr0' ]
                """);
        XlShow.Devices d = XlShow.fromConfig(cfg);
        assertEquals(List.of(
                new Disk("xvda", DeviceKind.DISK, "xen", "/var/lib/xen/images/web.img", "raw", null, null, false),
                new Disk("xvdb", DeviceKind.DISK, "xen", "/dev/vg/data", null, null, null, true),
                new Disk("hdc", DeviceKind.CDROM, "ide", "/iso/d.iso", "raw", null, null, true)), d.disks());
        assertEquals(List.of(new Nic("00:16:3e:aa:bb:cc", "bridge", "xenbr0", "netfront", null, List.of())), d.nics());
        assertEquals(List.of(new Console("console", "pty", "xen pv 0", null)), d.consoles());
    }
}
