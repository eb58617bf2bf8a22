package dev.virtdeck.fleet;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.VmNotFoundException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory hypervisor: VMs in a map, start/poweroff flip states, nothing else is implemented. */
public class FakeDriver implements HypervisorDriver {
    /** The kinds of the real driver modules, for fake openers that detect like the real one. */
    public static final DriverKind LIBVIRT = new DriverKind("libvirt", "virsh", 10);
    public static final List<DriverKind> KINDS = List.of(LIBVIRT, new DriverKind("xl", "xl", 20),
            new DriverKind("xm", "xm", 30), new DriverKind("vbox", "VBoxManage", 40));

    private final String host;
    private final Map<String, VmState> vms = new LinkedHashMap<>();
    public final AtomicInteger closed = new AtomicInteger();

    public FakeDriver(String host, String... vmNames) {
        this.host = host;
        for (String n : vmNames) vms.put(n, VmState.SHUTOFF);
    }

    @Override public String kind() { return "libvirt"; }
    @Override public String host() { return host; }
    @Override public Capabilities capabilities() { return Capabilities.allSupported().build(); }

    @Override
    public synchronized List<VmInfo> list() {
        List<VmInfo> out = new ArrayList<>();
        vms.forEach((n, s) -> out.add(info(n, s)));
        return out;
    }

    private VmInfo info(String n, VmState s) {
        return new VmInfo(host, "libvirt", n, "uuid-" + n, s, s == VmState.RUNNING ? "running" : "shut off",
                1, 2, 192L, 256L, true, null);
    }

    @Override
    public synchronized VmInfo details(String vm) {
        return info(vm, state(vm));
    }

    public synchronized VmState state(String vm) {
        VmState s = vms.get(vm);
        if (s == null) throw new VmNotFoundException(host, vm, "virsh domstate " + vm, "domain not found");
        return s;
    }

    private synchronized OpResult to(String vm, VmState target, String verb) {
        if (state(vm) == target) return new OpResult("already " + target.label(), "fake " + verb + " " + vm);
        vms.put(vm, target);
        return new OpResult(verb + "ed", "fake " + verb + " " + vm);
    }

    @Override public OpResult start(String vm) { return to(vm, VmState.RUNNING, "start"); }
    @Override public OpResult shutdown(String vm, ShutdownRequest r) { return to(vm, VmState.SHUTOFF, "shutdown"); }
    @Override public OpResult poweroff(String vm) { return to(vm, VmState.SHUTOFF, "poweroff"); }
    @Override public OpResult reboot(String vm) { return new OpResult("rebooted", "fake reboot " + vm); }
    @Override public OpResult reset(String vm) { return new OpResult("reset", "fake reset " + vm); }
    @Override public OpResult pause(String vm) { return to(vm, VmState.PAUSED, "pause"); }
    @Override public OpResult resume(String vm) { return to(vm, VmState.RUNNING, "resume"); }
    @Override public OpResult save(String vm) { return to(vm, VmState.SUSPENDED, "save"); }

    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        state(vm);
        return new OpResult("memory set to " + mib + " MiB " + scope + (max ? " max" : ""), "fake setmem " + vm);
    }

    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        state(vm);
        return new OpResult("vcpus set to " + count + " " + scope + (max ? " max" : ""), "fake setvcpus " + vm);
    }

    @Override
    public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        state(vm);
        return new OpResult("attached " + sizeMiB + " MiB disk " + scope, "fake attach " + vm);
    }

    @Override
    public synchronized OpResult create(CreateSpec spec, boolean start) {
        vms.put(spec.name(), start ? VmState.RUNNING : VmState.SHUTOFF);
        return new OpResult("created " + spec, "fake create " + spec.name());
    }

    @Override
    public synchronized OpResult delete(String vm, boolean withDisks, boolean force) {
        state(vm);
        vms.remove(vm);
        return new OpResult("deleted" + (withDisks ? " with disks" : ""), "fake delete " + vm);
    }

    @Override
    public ConsoleStream console(String vm, boolean force) {
        throw new UnsupportedOperationException("no console in the fake");
    }

    @Override
    public HostInfo hostInfo() {
        return new HostInfo(host, "libvirt", "fake", host + ".example", false, false, true, List.of("kvm"),
                List.of("virsh"), "QEMU", "7.2.0", "9.0.0", 2, 4096L, 1024L, 16, vms.size(), Map.of());
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }
}
