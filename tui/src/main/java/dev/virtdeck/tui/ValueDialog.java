package dev.virtdeck.tui;

import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.request.AttachDisk;
import dev.virtdeck.request.SetMemory;
import dev.virtdeck.request.SetVcpus;
import dev.virtdeck.request.VmRequest;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A dialog that reads one value for the targets (memory, vCPUs, disk) and builds the request from
 * it and the scope chosen. With {@code current} and {@code maximum} (per VM, shown with
 * {@code unit}) it lists the first VMs' values and refuses a {@code value} above a VM's maximum,
 * offering to change the maximum instead; without them it shows only {@code help}.
 *
 * @param what    names the action in messages
 * @param ability what a driver may lack, e.g. "change memory"
 * @param build   the request for the text typed (its validation's message is shown in the dialog)
 * @param value   the request's value, compared with the maxima
 */
public record ValueDialog<R extends VmRequest>(String title, Operation op, String what, String ability,
                                               Function<VmInfo, Number> current, Function<VmInfo, Number> maximum,
                                               String unit, List<String> help, Builder<R> build, ToLongFunction<R> value) {

    /** Builds a request from the dialog's text and mode. */
    @FunctionalInterface
    public interface Builder<R> {
        /** @throws dev.virtdeck.request.BadRequestException for an invalid text */
        R request(String text, Set<Scope> scope, boolean max);
    }

    static final ValueDialog<SetMemory> MEMORY = new ValueDialog<>("Set memory", Operation.SET_MEMORY, "memory",
            "change memory", VmInfo::memoryMiB, VmInfo::maxMemoryMiB, " MiB",
            List.of("Size: number with K, M, G, T suffix (binary); bare number = MiB."), SetMemory::parse, SetMemory::mib);

    static final ValueDialog<SetVcpus> VCPUS = new ValueDialog<>("Set vCPUs", Operation.SET_VCPUS, "vCPUs",
            "change vCPUs", VmInfo::vcpus, VmInfo::maxVcpus, "", List.of(), SetVcpus::parse, SetVcpus::count);

    static final ValueDialog<AttachDisk> DISK = new ValueDialog<>("Add disk", Operation.ATTACH_DISK, "add disk",
            "attach disks", null, null, "",
            List.of("Creates a new empty disk per VM next to its storage and attaches it.",
                    "Size: number with K, M, G, T suffix (binary); bare number = MiB; e.g. 1G."),
            (text, scope, max) -> AttachDisk.parse(text, scope), AttachDisk::sizeMiB);

    /** @return whether the dialog knows the VMs' maxima (and so offers to change the maximum) */
    boolean limited() {
        return maximum != null;
    }
}
