package dev.virtdeck.request;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.List;

/**
 * A new VM on one host: the rules every driver shares (a name, current values within their
 * maxima, at most one way to boot; none is an empty VM). What only a driver knows (names its hypervisor cannot hold, whether
 * it can boot a kernel) it checks itself.
 *
 * @param start start the VM once defined
 */
public record Create(CreateSpec spec, boolean start) implements Request {
    /** The virtualization types {@code --virt-type} may name (libvirt's domain types). */
    private static final List<String> VIRT_TYPES = List.of("kvm", "qemu");

    public Create {
        if (spec.name() == null || spec.name().isBlank()) throw new BadRequestException("NAME must not be empty");
        Checks.vcpus(spec.vcpus());
        if (spec.vcpus() > spec.maxVcpus()) {
            throw new BadRequestException("--vcpus: " + spec.vcpus() + " is more than the maximum " + spec.maxVcpus());
        }
        Checks.memory(spec.memoryMiB());
        if (spec.memoryMiB() > spec.maxMemoryMiB()) {
            throw new BadRequestException("--memory: " + spec.memoryMiB() + " MiB is more than the maximum "
                    + spec.maxMemoryMiB() + " MiB");
        }
        if (spec.diskMiB() != null) Checks.disk(spec.diskMiB());
        if (spec.rootfs() != null) {
            if (spec.template() != null || spec.iso() != null || spec.kernel() != null || spec.initrd() != null
                    || spec.cmdline() != null || spec.image() != null || spec.diskMiB() != null) {
                throw new BadRequestException("--rootfs (a container) cannot be combined with --template, --iso, --kernel,"
                        + " --initrd, --cmdline, --image or --disk");
            }
            if (!spec.rootfs().startsWith("/")) {
                throw new BadRequestException("--rootfs must be an absolute directory on the host, not '" + spec.rootfs() + "'");
            }
        } else if (spec.template() != null) {
            if (spec.template().isBlank()) throw new BadRequestException("--template must not be empty");
            if (spec.iso() != null || spec.kernel() != null || spec.initrd() != null || spec.cmdline() != null
                    || spec.image() != null) {
                throw new BadRequestException("--template cannot be combined with --iso, --kernel, --initrd, --cmdline"
                        + " or --image");
            }
        } else if (spec.iso() != null) {
            if (spec.kernel() != null || spec.initrd() != null || spec.cmdline() != null) {
                throw new BadRequestException("--iso cannot be combined with --kernel, --initrd or --cmdline");
            }
        } else if (spec.kernel() != null || spec.initrd() != null || spec.cmdline() != null) {
            // no boot source at all is valid here: an empty VM, which VirtualBox and XAPI make and the others refuse
            if (spec.kernel() == null || spec.initrd() == null) {
                throw new BadRequestException("give --kernel PATH and --initrd PATH (optionally --cmdline TEXT), --iso PATH,"
                        + " --image PATH (boot from a copy-on-write overlay on it), --template NAME (XenServer/XCP-ng)"
                        + " or --rootfs DIR (a container, libvirt's LXC)");
            }
        }
        if (spec.image() != null && !spec.image().startsWith("/")) {
            throw new BadRequestException("--image must be an absolute path on the host, not '" + spec.image() + "'");
        }
        if (spec.virtType() != null && !VIRT_TYPES.contains(spec.virtType())) {
            throw new BadRequestException("--virt-type must be kvm or qemu, not '" + spec.virtType() + "'");
        }
    }

    /**
     * @return the driver kind that creates this spec on a host with several drivers: a root
     *         filesystem makes a container (libvirt's LXC, kind {@code lxc}); null: the host's first
     */
    public String driverKind() {
        return spec.rootfs() != null ? "lxc" : null;
    }

    @Override
    public Operation operation() {
        return Operation.CREATE;
    }

    /** @return the words after {@code create HOST}: the name, then the options ({@code -- NAME} last for a name like an option) */
    @Override
    public List<String> cliArguments() {
        List<String> options = new ArrayList<>();
        options.addAll(List.of("--vcpus", pair(spec.vcpus(), spec.maxVcpus(), "")));
        options.addAll(List.of("--memory", pair(spec.memoryMiB(), spec.maxMemoryMiB(), "M")));
        if (spec.diskMiB() != null) options.addAll(List.of("--disk", Sizes.spell(spec.diskMiB())));
        option(options, "--kernel", spec.kernel());
        option(options, "--initrd", spec.initrd());
        option(options, "--cmdline", spec.cmdline());
        option(options, "--iso", spec.iso());
        option(options, "--template", spec.template());
        option(options, "--image", spec.image());
        option(options, "--rootfs", spec.rootfs());
        option(options, "--network", spec.network().spell());
        option(options, "--virt-type", spec.virtType());
        if (start) options.add("--start");
        List<String> out = new ArrayList<>();
        if (spec.name().startsWith("-")) {
            out.addAll(options);
            out.addAll(List.of("--", spec.name()));
        } else {
            out.add(spec.name());
            out.addAll(options);
        }
        return out;
    }

    private String disk() {
        if (spec.rootfs() != null) return ", root filesystem " + spec.rootfs();
        if (spec.image() != null) {
            return ", a copy-on-write overlay on " + spec.image()
                    + (spec.diskMiB() == null ? "" : " of " + spec.diskMiB() + " MiB");
        }
        return spec.diskMiB() == null ? "" : ", a new " + spec.diskMiB() + " MiB disk";
    }

    private static String pair(long current, long max, String unit) {
        return current == max ? current + unit : current + unit + "/" + max + unit;
    }

    private static void option(List<String> out, String name, String value) {
        if (value != null) out.addAll(List.of(name, value));
    }

    /**
     * Checks the driver's capability and that it has a virtualization type to choose when one is
     * asked for, then creates the VM.
     */
    public OpResult apply(HypervisorDriver driver) {
        String vm = spec.name();
        Refusal.require(this, driver, vm);
        String no = driverObjection(driver.kind());
        if (no != null) throw new InvalidRequestException(driver.host(), vm, null, no);
        return driver.create(spec, start);
    }

    /**
     * Driver kinds that make a VM with no boot source: VirtualBox registers one with no medium
     * ({@code createvm}), XAPI clones its install-media template; media are attached later.
     */
    private static final java.util.Set<String> EMPTY_KINDS = java.util.Set.of("vbox", "xapi");

    private boolean empty() {
        return spec.kernel() == null && spec.iso() == null && spec.image() == null && spec.template() == null
                && spec.rootfs() == null;
    }

    /** Driver kinds whose create takes a base image (--image). */
    private static final java.util.Set<String> IMAGE_KINDS = java.util.Set.of("libvirt", "vbox", "xl");

    /** @return why a driver of {@code kind} cannot take this spec (beyond its capabilities), or null */
    String driverObjection(String kind) {
        if (spec.rootfs() != null && !"lxc".equals(kind)) {
            return "--rootfs makes a container: only the lxc driver (libvirt's LXC, inventory drivers: [lxc]) creates one,"
                    + " not " + kind;
        }
        if (spec.rootfs() == null && "lxc".equals(kind)) {
            return "a container is created from a root filesystem directory on the host: give --rootfs DIR";
        }
        if (empty() && !EMPTY_KINDS.contains(kind)) {
            return "an empty VM (no --kernel/--initrd, --iso, --image or --template) is made on VirtualBox and"
                    + " XenServer/XCP-ng hosts only; on " + kind + " give --kernel PATH and --initrd PATH, --iso PATH"
                    + " or --image PATH";
        }
        if (spec.virtType() != null && !"libvirt".equals(kind)) {
            return "--virt-type is a libvirt domain type; the " + kind + " driver has none to choose";
        }
        if (spec.image() != null && "xapi".equals(kind)) {
            return "--image: a XenServer/XCP-ng pool keeps base disks as VDIs in its SRs, not as image files on a host:"
                    + " make the base VM a template (xe vm-param-set is-a-template=true) and create with --template"
                    + " NAME; its disks are cloned copy-on-write on most SRs (VM.clone + VM.provision)";
        }
        if (spec.image() != null && spec.diskMiB() != null && "vbox".equals(kind)) {
            return "VirtualBox's differencing image (--image) has its base image's size: give no --disk with --image";
        }
        if (spec.image() != null && !IMAGE_KINDS.contains(kind)) {
            return "--image is implemented for libvirt, VirtualBox and xl hosts, not " + kind;
        }
        return "libvirt".equals(kind) ? null : networkObjection(kind, spec.network());
    }

    /** @return why a driver of {@code kind} cannot give the VM this NIC, or null */
    private static String networkObjection(String kind, NicSpec nic) {
        return switch (kind) {
            case "vbox" -> nic.kind() == NicSpec.Kind.NETWORK && !"nat".equalsIgnoreCase(nic.name())
                    ? "VirtualBox's create takes --network nat, bridge=IF or none, not the network '" + nic.name() + "'"
                    : null;
            case "xapi", "lxc" -> null;
            case "xl", "xm" -> nic.kind() == NicSpec.Kind.NETWORK
                    ? kind + " joins a vif to a host bridge: give --network bridge=BR (or none), not the network '"
                    + nic.name() + "'"
                    : null;
            default -> nic.kind() == NicSpec.Kind.DEFAULT ? null
                    : "--network is not implemented for " + kind;
        };
    }

    /**
     * What {@link #apply} would do on a host whose driver is {@code driver}, judged from its
     * capabilities and the VMs it listed ({@code taken}: their names), without sending anything.
     */
    public Forecast forecast(HypervisorDriver driver, java.util.Collection<String> taken) {
        Refusal no = refusal(driver.capabilities());
        if (no != null) return Forecast.refused(no.message());
        String objection = driverObjection(driver.kind());
        if (objection != null) return Forecast.refused(objection);
        if (taken.contains(spec.name())) return Forecast.refused("a VM with this name already exists");
        return Forecast.wouldRun("would define " + spec.name() + " (" + spec.vcpus() + " vCPUs, " + spec.memoryMiB() + " MiB"
                + " memory" + disk() + (spec.network().kind() == NicSpec.Kind.DEFAULT ? "" : ", " + spec.network().describe())
                + ")"
                + (start ? " and start it" : ""));
    }
}
