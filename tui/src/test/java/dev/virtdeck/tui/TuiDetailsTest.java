package dev.virtdeck.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.virtdeck.tui.TuiHarness.key;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The details pane (enter) with devices: asked in the background, the table usable meanwhile. */
class TuiDetailsTest {
    private TuiHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    /** Describes web only once {@link #release} opens (db at once): the UI must not wait for it. */
    static final class SlowDescriber extends FakeDriver {
        final CountDownLatch release = new CountDownLatch(1);

        SlowDescriber(String host, String... vms) {
            super(host, vms);
        }

        @Override
        public VmDetails describe(String vm) {
            try {
                if (vm.equals("web") && !release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return new VmDetails(details(vm),
                    List.of(new Disk("vda", DeviceKind.DISK, "virtio", "/img/" + vm + ".qcow2", "qcow2", 1L << 30, 1L << 20, false)),
                    List.of(new Nic("52:54:00:4b:0e:b3", "network", "default", "virtio", "vnet0",
                            List.of(new Address("192.0.2.83", 24, "ipv4", AddressOrigin.LEASE)))),
                    List.of(new Console("serial", "pty", "isa-serial 0", "/dev/pts/3")), false,
                    List.of("addresses from agent: not connected"));
        }
    }

    @Test
    void enterShowsDisksNicsWithAddressesConsolesAndAutostartWithoutBlockingTheTable() {
        SlowDescriber d = new SlowDescriber("kvm1", "web", "db");
        h = new TuiHarness().host("kvm1", null, d).start(160, 40);
        h.press(key(KeyType.Enter)); // web: its driver answers only when released
        h.awaitText("details: reading kvm1:web ...");
        h.press("j");
        h.press(key(KeyType.Enter)); // db: answers at once, while web's question is still open
        h.awaitText("VM kvm1:db");
        assertFalse(h.text().contains("VM kvm1:web"), "no pane before the driver answered");
        h.press(key(KeyType.Escape));
        d.release.countDown();
        h.awaitText("VM kvm1:web");
        String t = h.text();
        assertTrue(t.contains("autostart: no"), t);
        assertTrue(t.contains("vda  disk  virtio  /img/web.qcow2  qcow2  1.0 GiB (allocated 1.0 MiB)"), t);
        assertTrue(t.contains("52:54:00:4b:0e:b3  network default  virtio  vnet0  addresses: 192.0.2.83/24 (lease)"), t);
        assertTrue(t.contains("serial  pty  isa-serial 0  /dev/pts/3"), t);
        assertTrue(t.contains("note: addresses from agent: not connected"), t);
    }

    @Test
    void aDriverThatCannotShowStillGetsTheListedFactsAndSaysWhy() {
        FakeDriver d = new FakeDriver("kvm1", "web");
        h = new TuiHarness().host("kvm1", null, d).start(160, 40);
        h.press(key(KeyType.Enter));
        h.awaitText("VM kvm1:web");
        String t = h.text();
        assertTrue(t.contains("state: shutoff (shut off)"), t);
        assertTrue(t.contains("devices: show is not supported: not implemented by this driver"), t);
    }
}
