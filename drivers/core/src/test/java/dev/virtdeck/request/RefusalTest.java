package dev.virtdeck.request;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capability check before a request is sent, and what reaches the driver when it passes. */
class RefusalTest {

    /** Xen-like: no reset, memory live only with a reason, vCPUs live only without one. */
    static final Capabilities LIMITED = Capabilities.allSupported()
            .with(Capability.unsupported(Operation.RESET, "xm has no reset"))
            .with(new Capability(Operation.SET_MEMORY, true, true, false, "live only (xl mem-set)"))
            .with(new Capability(Operation.SET_VCPUS, true, true, false, null))
            .with(new Capability(Operation.ATTACH_DISK, true, false, true, "config only"))
            .build();

    /** Records every call that reached it. */
    static final class Recording extends FakeDriver {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Capabilities caps;
        final String kind;

        Recording(Capabilities caps, String kind) {
            super("xen1", "vm1");
            this.caps = caps;
            this.kind = kind;
        }

        @Override public Capabilities capabilities() { return caps; }
        @Override public String kind() { return kind; }

        @Override
        public OpResult reset(String vm) {
            calls.add("reset " + vm);
            return super.reset(vm);
        }

        @Override
        public OpResult shutdown(String vm, ShutdownRequest r) {
            calls.add("shutdown " + vm + " " + r);
            return super.shutdown(vm, r);
        }

        @Override
        public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
            calls.add("setMemory " + vm + " " + mib + " " + scope + " " + max);
            return super.setMemory(vm, mib, scope, max);
        }

        @Override
        public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
            calls.add("setVcpus " + vm + " " + count + " " + scope + " " + max);
            return super.setVcpus(vm, count, scope, max);
        }

        @Override
        public OpResult create(CreateSpec spec, boolean start) {
            calls.add("create " + spec.name() + " " + start);
            return super.create(spec, start);
        }
    }

    @Test
    void anUnsupportedOperationIsRefusedWithTheDriversReasonNamingHostAndVm() {
        Recording d = new Recording(LIMITED, "xm");
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> Lifecycle.RESET.apply(d, "vm1"));
        assertEquals("xen1: vm1: reset is not supported: xm has no reset", e.getMessage());
        assertEquals(Operation.RESET.cliName(), e.operation());
        assertTrue(d.calls.isEmpty(), "nothing sent: " + d.calls);
        assertEquals("reset is not supported: xm has no reset", Lifecycle.RESET.refusal(LIMITED).message());
    }

    @Test
    void aScopeTheDriverCannotChangeIsRefusedNamingTheOption() {
        Recording d = new Recording(LIMITED, "xl");
        NotSupportedException config = assertThrows(NotSupportedException.class,
                () -> new SetMemory(256, EnumSet.of(Scope.CONFIG), false).apply(d, "vm1"));
        assertEquals("xen1: vm1: set-memory is not supported: not with --config; live only (xl mem-set)",
                config.getMessage());
        assertEquals("set-vcpus is not supported: not with --config",
                new SetVcpus(2, Scope.of(true, true), false).refusal(LIMITED).message(), "no reason given: none appended");
        assertEquals("attach-disk is not supported: not with --live; config only",
                new AttachDisk(8, EnumSet.of(Scope.LIVE)).refusal(LIMITED).message());
        assertTrue(d.calls.isEmpty(), "nothing sent: " + d.calls);
    }

    @Test
    void theCurrentScopeAndAMaximumWithoutScopePassAndReachTheDriverUnchanged() {
        Recording d = new Recording(LIMITED, "xl");
        assertNull(new SetMemory(256, Scope.current(), true).refusal(LIMITED));
        new SetMemory(256, Scope.current(), true).apply(d, "vm1");
        new SetVcpus(2, EnumSet.of(Scope.LIVE), false).apply(d, "vm1");
        Shutdown.waiting(Duration.ofSeconds(7)).apply(d, "vm1");
        assertEquals(List.of("setMemory vm1 256 [] true", "setVcpus vm1 2 [LIVE] false",
                "shutdown vm1 ShutdownRequest[timeout=PT7S, force=false, waitForShutoff=true]"), d.calls);
    }

    @Test
    void anUndeclaredOperationIsRefusedAsNotImplemented() {
        Capabilities none = new Capabilities.Builder().build();
        assertEquals("delete is not supported: not implemented by this driver",
                new Delete(false, false).refusal(none).message());
    }

    @Test
    void createChecksTheCapabilityAndAVirtTypeOnlyLibvirtCanChoose() {
        CreateSpec iso = new CreateSpec("new", 1, 1, 64, 64, null, null, null, null, "/x.iso", "kvm");
        Recording xl = new Recording(LIMITED, "xl");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> new Create(iso, false).apply(xl));
        assertEquals("xen1: new: --virt-type is a libvirt domain type; the xl driver has none to choose", e.getMessage());
        Recording noCreate = new Recording(Capabilities.allSupported()
                .with(Capability.unsupported(Operation.CREATE, "read-only host")).build(), "libvirt");
        NotSupportedException no = assertThrows(NotSupportedException.class, () -> new Create(iso, false).apply(noCreate));
        assertEquals("xen1: new: create is not supported: read-only host", no.getMessage());
        assertTrue(xl.calls.isEmpty() && noCreate.calls.isEmpty());
        Recording libvirt = new Recording(Capabilities.allSupported().build(), "libvirt");
        new Create(iso, true).apply(libvirt);
        assertEquals(List.of("create new true"), libvirt.calls);
    }
}
