package dev.virtdeck.contract;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * One call of each SPI operation, so a case can run "every operation" by iterating
 * {@link Operation}. Arguments are harmless for the VM they name: a size it already has, a short
 * shutdown wait, a small disk.
 */
final class Calls {
    /** The operations that take a live/config scope. */
    static final Set<Operation> SCOPED = EnumSet.of(Operation.SET_MEMORY, Operation.SET_VCPUS, Operation.ATTACH_DISK);
    /** The operations that name no VM. */
    static final Set<Operation> HOST_LEVEL = EnumSet.of(Operation.LIST, Operation.HOST_INFO, Operation.CREATE);

    private final HypervisorDriver driver;
    private final long memoryMiB;
    private final int vcpus;
    private final CreateSpec spec;

    /**
     * @param memoryMiB and {@code vcpus}: the sizes {@link Operation#SET_MEMORY} and {@link Operation#SET_VCPUS} ask for
     * @param spec      what {@link Operation#CREATE} creates
     */
    Calls(HypervisorDriver driver, long memoryMiB, int vcpus, CreateSpec spec) {
        this.driver = driver;
        this.memoryMiB = memoryMiB;
        this.vcpus = vcpus;
        this.spec = spec;
    }

    /** @return {@code op} on {@code vm} in {@code scope} (ignored by unscoped operations) */
    Executable of(Operation op, String vm, Set<Scope> scope) {
        return switch (op) {
            case LIST -> driver::list;
            case DETAILS -> () -> driver.details(vm);
            case START -> () -> driver.start(vm);
            case SHUTDOWN -> () -> driver.shutdown(vm, new ShutdownRequest(Duration.ofSeconds(1), false, true));
            case POWEROFF -> () -> driver.poweroff(vm);
            case REBOOT -> () -> driver.reboot(vm);
            case RESET -> () -> driver.reset(vm);
            case PAUSE -> () -> driver.pause(vm);
            case RESUME -> () -> driver.resume(vm);
            case SAVE -> () -> driver.save(vm);
            case SET_MEMORY -> () -> driver.setMemory(vm, memoryMiB, scope, false);
            case SET_VCPUS -> () -> driver.setVcpus(vm, vcpus, scope, false);
            case ATTACH_DISK -> () -> driver.attachDisk(vm, 8, scope);
            case CREATE -> () -> driver.create(spec, false);
            case DELETE -> () -> driver.delete(vm, true, true);
            case CONSOLE -> () -> {
                try (ConsoleStream c = driver.console(vm, false)) {
                    c.command();
                }
            };
            case HOST_INFO -> driver::hostInfo;
            case SNAPSHOT -> () -> driver.snapshots(vm);
            case AUTOSTART -> () -> driver.setAutostart(vm, false);
            // only ever called on an unknown VM or where refused: a real clone is a test of its own
            case CLONE -> () -> driver.clone(vm, vm + "-clone", false);
            case SHOW -> () -> driver.describe(vm);
        };
    }
}
