package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.Transport;
import org.junit.jupiter.api.Test;
import org.libvirt.Error;
import org.libvirt.jna.virError;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The pure parts of the native driver: call naming (NativeCalls), URI mapping, error table, XML limits. */
class NativeDriverUnitTest {

    @Test
    void apiCallsAreNamedLikeCWithQuotedNames() {
        assertEquals("virDomainCreate(\"vd-deaf\")", NativeCalls.api("virDomainCreate", "vd-deaf"));
        assertEquals("virDomainCreate(\"a \\\"b\\\" $(x);`y`\\\\\")",
                NativeCalls.api("virDomainCreate", "a \"b\" $(x);`y`\\"));
        assertEquals("virDomainSetMemoryFlags(\"v\", 131072, VIR_DOMAIN_AFFECT_LIVE)",
                NativeCalls.api("virDomainSetMemoryFlags", "v", 131072L, NativeCalls.raw("VIR_DOMAIN_AFFECT_LIVE")));
        // a VM named like a flag is still quoted: only raw() arguments are printed as is
        assertEquals("virDomainCreate(\"VIR_X\")", NativeCalls.api("virDomainCreate", "VIR_X"));
    }

    @Test
    void versionsAreDotted() {
        assertEquals("9.0.0", NativeDriver.version(9_000_000));
        assertEquals("7.2.22", NativeDriver.version(7_002_022));
        assertNull(NativeDriver.version(0));
    }

    @Test
    void localUriKeepsDriverAndPathAndUsesOurSocket() {
        Path sock = Path.of("/tmp/virtdeck-1/libvirt.sock");
        assertEquals("qemu+unix:///system?socket=/tmp/virtdeck-1/libvirt.sock",
                VirtSshHelperBridge.localUri("qemu:///system", sock));
        assertEquals("qemu+unix:///session?socket=/tmp/virtdeck-1/libvirt.sock",
                VirtSshHelperBridge.localUri("qemu+ssh:///session", sock));
        assertEquals("xen+unix:///system?socket=/tmp/virtdeck-1/libvirt.sock",
                VirtSshHelperBridge.localUri("xen:///system", sock));
    }

    /** libvirt-java's own error, built the way it builds one from libvirt's C struct. */
    static Error error(Error.ErrorNumber code, Error.ErrorDomain domain, String msg) {
        virError v = new virError();
        v.code = code.ordinal();
        v.domain = domain.ordinal();
        v.message = msg;
        return new Error(v);
    }

    @Test
    void libvirtErrorsMapToTheFamily() {
        LibvirtErrors m = new LibvirtErrors("h1");
        Exception cause = new Exception("x");
        VirtdeckException e = m.map("vm1", Operation.START, "virDomainCreate(\"vm1\")",
                error(Error.ErrorNumber.VIR_ERR_NO_DOMAIN, Error.ErrorDomain.VIR_FROM_QEMU,
                        "Domain not found: no domain with matching name 'vm1'"), cause);
        assertInstanceOf(VmNotFoundException.class, e);
        assertEquals("virDomainCreate(\"vm1\")", e.command());
        assertEquals("vm1", e.vm());

        e = m.map("vm1", Operation.PAUSE, "virDomainSuspend(\"vm1\")", error(Error.ErrorNumber.VIR_ERR_OPERATION_INVALID,
                Error.ErrorDomain.VIR_FROM_DOMAIN, "Requested operation is not valid: domain is not running"), cause);
        assertInstanceOf(InvalidRequestException.class, e);
        assertTrue(e.getMessage().contains("domain is not running"));

        e = m.map("vm1", Operation.RESET, "virDomainReset(\"vm1\", 0)", error(Error.ErrorNumber.VIR_ERR_NO_SUPPORT,
                Error.ErrorDomain.VIR_FROM_QEMU, "this function is not supported"), cause);
        assertInstanceOf(NotSupportedException.class, e);
        assertEquals(Operation.RESET.cliName(), ((NotSupportedException) e).operation());

        e = m.map(null, Operation.LIST, "virConnectListAllDomains(0)", error(Error.ErrorNumber.VIR_ERR_SYSTEM_ERROR,
                Error.ErrorDomain.VIR_FROM_RPC, "End of file while reading data: Input/output error"), cause);
        // LibvirtLink decides what a lost connection means (host lost or not, retried or not);
        // one reaching the mapper is a plain failure of the call
        assertTrue(LibvirtErrors.isConnectionLoss(error(Error.ErrorNumber.VIR_ERR_SYSTEM_ERROR,
                Error.ErrorDomain.VIR_FROM_RPC, "End of file while reading data: Input/output error")));
        assertInstanceOf(CommandFailedException.class, e);
        assertEquals("`virConnectListAllDomains(0)` failed: End of file while reading data: Input/output error",
                e.detail());

        e = m.map("vm1", Operation.START, "virDomainCreate(\"vm1\")", error(Error.ErrorNumber.VIR_ERR_INTERNAL_ERROR,
                Error.ErrorDomain.VIR_FROM_QEMU, "qemu unexpectedly closed the monitor"), cause);
        assertInstanceOf(CommandFailedException.class, e);
        assertTrue(e.getMessage().contains("qemu unexpectedly closed the monitor"));
    }

    @Test
    void maxMemoryHonoursUnits() {
        assertEquals(262144, DomainLimits.maxMemoryKiB("<domain><memory unit='KiB'>262144</memory>"
                + "<currentMemory unit='KiB'>196608</currentMemory></domain>"));
        assertEquals(262144, DomainLimits.maxMemoryKiB("<domain><memory unit='MiB'>256</memory></domain>"));
        assertEquals(1048576, DomainLimits.maxMemoryKiB("<domain><memory unit='G'>1</memory></domain>"));
        assertEquals(1024, DomainLimits.maxMemoryKiB("<domain><memory>1024</memory></domain>"));
        // only the top-level <memory>, not e.g. a NUMA cell's or a device's
        assertEquals(2048, DomainLimits.maxMemoryKiB(
                "<domain><cpu><numa><cell memory='99'/></numa></cpu><memory>2048</memory></domain>"));
        assertThrows(IllegalArgumentException.class, () -> DomainLimits.maxMemoryKiB("<domain/>"));
    }

    @Test
    void factoryResolvesTransports() {
        assertEquals(Transport.VIRSH, LibvirtDriverFactory.transport(new LibvirtSettings("qemu:///system", Transport.VIRSH)));
        assertEquals(Transport.NATIVE, LibvirtDriverFactory.transport(new LibvirtSettings("qemu:///system", Transport.NATIVE)));
        Transport auto = LibvirtDriverFactory.transport(new LibvirtSettings("qemu:///system", Transport.AUTO));
        assertEquals(NativeLibrary.isAvailable() ? Transport.NATIVE : Transport.VIRSH, auto);
        // this machine has libvirt0 installed by the lab
        assertTrue(NativeLibrary.isAvailable(), NativeLibrary.problem());
        assertTrue(NativeLibrary.version() >= 1_000_000);
    }
}
