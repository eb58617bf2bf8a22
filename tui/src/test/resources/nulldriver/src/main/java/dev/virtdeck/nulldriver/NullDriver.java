package dev.virtdeck.nulldriver;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.NotSupportedException;

import java.util.List;
import java.util.Set;

/** Lists two fixed VMs and refuses every other operation: a driver with no hypervisor behind it. */
final class NullDriver implements HypervisorDriver {
    private static final Capabilities CAPABILITIES = listOnly();
    private final String host;

    NullDriver(String host) {
        this.host = host;
    }

    @Override
    public String kind() {
        return "null";
    }

    @Override
    public String host() {
        return host;
    }

    private static Capabilities listOnly() {
        Capabilities.Builder b = Capabilities.allSupported();
        for (Operation op : Operation.values()) {
            if (op != Operation.LIST) b.with(Capability.unsupported(op, "the null driver has no hypervisor"));
        }
        return b.build();
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<VmInfo> list() {
        return List.of(
                new VmInfo(host, "null", "void-a", null, VmState.RUNNING, "on", 1, 1, 256L, 256L, true, null),
                new VmInfo(host, "null", "void-b", null, VmState.SHUTOFF, "off", 2, 2, 512L, 512L, true, null));
    }

    private NotSupportedException refused(String vm, Operation op) {
        return op.unsupported(host, vm, CAPABILITIES.of(op).reason());
    }

    @Override
    public VmInfo details(String vm) {
        throw refused(vm, Operation.DETAILS);
    }

    @Override
    public OpResult start(String vm) {
        throw refused(vm, Operation.START);
    }

    @Override
    public OpResult shutdown(String vm, ShutdownRequest request) {
        throw refused(vm, Operation.SHUTDOWN);
    }

    @Override
    public OpResult poweroff(String vm) {
        throw refused(vm, Operation.POWEROFF);
    }

    @Override
    public OpResult reboot(String vm) {
        throw refused(vm, Operation.REBOOT);
    }

    @Override
    public OpResult reset(String vm) {
        throw refused(vm, Operation.RESET);
    }

    @Override
    public OpResult pause(String vm) {
        throw refused(vm, Operation.PAUSE);
    }

    @Override
    public OpResult resume(String vm) {
        throw refused(vm, Operation.RESUME);
    }

    @Override
    public OpResult save(String vm) {
        throw refused(vm, Operation.SAVE);
    }

    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        throw refused(vm, Operation.SET_MEMORY);
    }

    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        throw refused(vm, Operation.SET_VCPUS);
    }

    @Override
    public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        throw refused(vm, Operation.ATTACH_DISK);
    }

    @Override
    public OpResult create(CreateSpec spec, boolean start) {
        throw refused(spec.name(), Operation.CREATE);
    }

    @Override
    public OpResult delete(String vm, boolean withDisks, boolean force) {
        throw refused(vm, Operation.DELETE);
    }

    @Override
    public ConsoleStream console(String vm, boolean force) {
        throw refused(vm, Operation.CONSOLE);
    }

    @Override
    public HostInfo hostInfo() {
        throw refused(null, Operation.HOST_INFO);
    }

    @Override
    public void close() {
    }
}
