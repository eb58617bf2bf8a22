package dev.virtdeck.libvirt;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.host.QemuImg;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The libvirt algorithms for attach-disk, create and delete, written once for both transports:
 * each runs the transport's {@link DomainSteps} and the disk-file commands over SSH, rolls back
 * what it made when a later step fails, and words its result and refusals the same way.
 */
public final class DomainChanges {
    private static final Logger LOG = LoggerFactory.getLogger(DomainChanges.class);

    private final String host;
    private final SshHost ssh;
    private final boolean sudo;
    private final DomainSteps steps;

    /** @param sudo run qemu-img, test and rm through {@code sudo -n} */
    public DomainChanges(String host, SshHost ssh, boolean sudo, DomainSteps steps) {
        this.host = host;
        this.ssh = ssh;
        this.sudo = sudo;
        this.steps = steps;
    }

    /**
     * Creates a qcow2 file next to the VM's first file disk (or in {@link DiskFiles#DEFAULT_DIR})
     * and attaches it on the first free virtio target of the live and the persistent definition;
     * if attaching fails the new file is removed.
     */
    public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        DomainSteps.Domain d = steps.look(vm);
        Set<Scope> scopes = scopes(vm, scope, d.state());
        List<String> used = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String xml : xmls(vm, d)) {
            used.addAll(DomainXml.diskTargets(xml));
            sources.addAll(DomainXml.diskSources(xml));
        }
        String target = DomainXml.nextFreeTarget(used);
        String path = DiskFiles.newDiskPath(ssh, sudo, diskDir(sources), vm, target);
        ExecResult made = DiskFiles.create(ssh, sudo, path, sizeMiB, host, vm);
        String attached;
        try {
            attached = steps.attachDisk(vm, path, target, scopes);
        } catch (VirtdeckException e) {
            removeQuietly(path, vm, e);
            throw e;
        }
        return new OpResult("attached " + sizeMiB + " MiB disk " + path + " as " + target + Scope.text(scopes),
                made.command() + " && " + attached);
    }

    /**
     * Defines (and optionally starts) a VM. The spec and its name are checked before anything is
     * sent; any later failure rolls back what was done (undefine, disk file removed).
     */
    public OpResult create(CreateSpec spec, boolean start) {
        String vm = spec.name();
        spec.refuseTemplate(host, "libvirt");
        try {
            DomainXml.forCreate(spec, spec.diskMiB() == null && spec.image() == null ? null : "/validate", "qemu");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(host, vm, null, e.getMessage());
        }
        if (steps.exists(vm)) throw new InvalidRequestException(host, vm, null, "a VM with this name already exists");
        DomainSteps.Read caps = steps.capabilities();
        String type;
        try {
            type = DomainXml.chooseDomainType(spec.virtType(), caps.text());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(host, vm, caps.command(), e.getMessage(), e);
        }
        NicSpec nic = nic(vm, spec.network());
        QemuImg.Image base = spec.image() == null ? null : base(vm, spec);
        List<String> cmds = new ArrayList<>();
        String disk = null;
        boolean defined = false;
        try {
            if (base != null) {
                disk = DiskFiles.newDiskPath(ssh, sudo, DiskFiles.DEFAULT_DIR, vm, "vda");
                cmds.add(DiskFiles.overlay(ssh, sudo, disk, spec.image(), base, spec.diskMiB(), host, vm).command());
            } else if (spec.diskMiB() != null) {
                disk = DiskFiles.newDiskPath(ssh, sudo, DiskFiles.DEFAULT_DIR, vm, "vda");
                cmds.add(DiskFiles.create(ssh, sudo, disk, spec.diskMiB(), host, vm).command());
            }
            cmds.add(steps.define(vm, DomainXml.forCreate(spec, disk, nic, type), type));
            defined = true;
            if (start) cmds.add(steps.start(vm));
        } catch (VirtdeckException e) {
            rollback(vm, defined, disk, e);
            throw e;
        } catch (RuntimeException e) {
            VirtdeckException wrapped = new CommandFailedException(host, vm, String.join(" && ", cmds), -1, "",
                    e.toString());
            rollback(vm, defined, disk, wrapped);
            throw wrapped;
        }
        String what = (start ? "created and started" : "created") + " (" + type
                + (disk == null ? "" : base != null ? ", disk " + disk + " over " + spec.image() : ", disk " + disk)
                + ", " + nic.describe() + ")";
        return new OpResult(what, String.join(" && ", cmds));
    }

    /**
     * Defines (and optionally starts) a container of libvirt's LXC driver on a root filesystem
     * directory of the host, which must hold an executable {@link ContainerXml#INIT} (checked over
     * SSH first: libvirt would define it anyway and only the start would fail). The directory is
     * used in place, never copied nor deleted. A failed start undefines the container again.
     */
    public OpResult createContainer(CreateSpec spec, boolean start) {
        String vm = spec.name();
        try {
            ContainerXml.forCreate(spec, NicSpec.NONE);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(host, vm, null, e.getMessage());
        }
        if (steps.exists(vm)) throw new InvalidRequestException(host, vm, null, "a VM with this name already exists");
        String init = spec.rootfs().replaceAll("/+$", "") + ContainerXml.INIT;
        ExecResult r = ssh.exec(RemoteCommand.of("test", "-x", init).withSudo(sudo));
        if (!r.ok()) {
            throw new InvalidRequestException(host, vm, r.command(), "--rootfs " + spec.rootfs() + ": no executable "
                    + init + " on the host (a container runs it as PID 1)");
        }
        NicSpec nic = nic(vm, spec.network());
        List<String> cmds = new ArrayList<>(List.of(r.command()));
        boolean defined = false;
        try {
            cmds.add(steps.define(vm, ContainerXml.forCreate(spec, nic), "lxc"));
            defined = true;
            if (start) cmds.add(steps.start(vm));
        } catch (VirtdeckException e) {
            rollback(vm, defined, (String) null, e);
            throw e;
        }
        return new OpResult((start ? "created and started" : "created") + " (container, root filesystem " + spec.rootfs()
                + ", " + nic.describe() + ")", String.join(" && ", cmds));
    }

    /**
     * The NIC a new VM gets: a named network must exist and be active, and a bridge must be one
     * (a define would take either and only the start would fail); without a word, libvirt's
     * {@code default} network where the host has it active, else none.
     */
    private NicSpec nic(String vm, NicSpec asked) {
        return switch (asked.kind()) {
            case NONE -> asked;
            case DEFAULT -> Boolean.TRUE.equals(steps.networkActive("default")) ? NicSpec.network("default") : NicSpec.NONE;
            case NETWORK -> {
                Boolean active = steps.networkActive(asked.name());
                if (active == null) {
                    throw new InvalidRequestException(host, vm, null, "the host's libvirt has no network '" + asked.name()
                            + "' (virsh net-list --all lists them)");
                }
                if (!active) {
                    throw new InvalidRequestException(host, vm, null, "the host's libvirt network '" + asked.name()
                            + "' is not active (virsh net-start " + asked.name() + ")");
                }
                yield asked;
            }
            case BRIDGE -> {
                if (asked.name().contains("/")) {
                    throw new InvalidRequestException(host, vm, null, "a bridge name cannot contain '/'");
                }
                ExecResult r = ssh.exec(RemoteCommand.of("test", "-d", "/sys/class/net/" + asked.name() + "/bridge"));
                if (!r.ok()) {
                    throw new InvalidRequestException(host, vm, r.command(), "the host has no bridge '" + asked.name() + "'");
                }
                yield asked;
            }
        };
    }

    /** The base image, read before anything is made; an overlay smaller than it is refused. */
    private QemuImg.Image base(String vm, CreateSpec spec) {
        QemuImg.Image base = DiskFiles.inspect(ssh, sudo, spec.image(), host, vm);
        if (spec.diskMiB() != null && spec.diskMiB() < base.virtualMiB()) {
            throw new InvalidRequestException(host, vm, base.command(), "--disk " + spec.diskMiB() + " MiB is smaller than"
                    + " the base image (" + base.virtualMiB() + " MiB): an overlay cannot shrink its base");
        }
        return base;
    }

    /** Turns autostart on or off; libvirt refuses it for a transient VM, in its own words. */
    public OpResult autostart(String vm, boolean on) {
        return new OpResult("autostart " + (on ? "on" : "off"), steps.autostart(vm, on));
    }

    /**
     * Clones a shut-off VM as virt-clone does (see {@link DomainClone}): each writable file disk
     * is copied next to its source ({@code cp --sparse=always}: a qcow2 overlay's copy keeps its
     * read-only base, so clones of one image share it), then the clone is defined and, if asked,
     * started. Anything that fails rolls back what was made.
     */
    public OpResult clone(String vm, String newName, boolean start) {
        try {
            DomainXml.checkName(newName);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(host, vm, null, "new name: " + e.getMessage());
        }
        DomainSteps.Domain d = steps.look(vm);
        if (!d.persistent()) {
            throw new InvalidRequestException(host, vm, d.command(), "a transient VM has no definition to clone");
        }
        if (d.state() != VmState.SHUTOFF) {
            throw new InvalidRequestException(host, vm, d.command(), "the VM is " + d.state().label()
                    + "; shut it down first (its disks are copied and must not change meanwhile)");
        }
        if (steps.exists(newName)) {
            throw new InvalidRequestException(host, newName, null, "a VM with this name already exists");
        }
        String xml = steps.xml(vm, true);
        List<DomainClone.Disk> disks;
        try {
            disks = DomainClone.disksToCopy(xml);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(host, vm, null, e.getMessage());
        }
        List<String> cmds = new ArrayList<>();
        List<String> made = new ArrayList<>();
        Map<String, String> copies = new LinkedHashMap<>();
        boolean defined = false;
        try {
            for (DomainClone.Disk disk : disks) {
                String copy = DiskFiles.newDiskPath(ssh, sudo, diskDir(List.of(disk.source())), newName, disk.target());
                ExecResult r = ssh.exec(RemoteCommand.of("cp", "--sparse=always", "--", disk.source(), copy).withSudo(sudo));
                cmds.add(r.command());
                if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
                made.add(copy);
                copies.put(disk.target(), copy);
            }
            String type = DomainXml.parse(xml).getDocumentElement().getAttribute("type");
            cmds.add(steps.define(newName, DomainClone.of(xml, newName, copies), type));
            defined = true;
            if (start) cmds.add(steps.start(newName));
        } catch (VirtdeckException e) {
            rollback(newName, defined, made, e);
            throw e;
        } catch (RuntimeException e) {
            VirtdeckException wrapped = new CommandFailedException(host, vm, String.join(" && ", cmds), -1, "",
                    e.toString());
            rollback(newName, defined, made, wrapped);
            throw wrapped;
        }
        String what = "cloned as " + newName + (start ? " and started" : "")
                + (made.isEmpty() ? " (no disks to copy)" : " (" + made.size() + " disk(s) copied: "
                + String.join(", ", made) + ")");
        return new OpResult(what, String.join(" && ", cmds));
    }

    /** Powers off a running VM (only with {@code force}), undefines it and, if asked, removes its file disks. */
    public OpResult delete(String vm, boolean withDisks, boolean force) {
        DomainSteps.Domain d = steps.look(vm);
        boolean active = d.state().isActive();
        if (active && !force) {
            throw new InvalidRequestException(host, vm, d.command(),
                    "the VM is " + d.state().label() + "; stop it first or use --force");
        }
        Set<String> disks = new LinkedHashSet<>();
        // read before anything is removed: a transient VM vanishes when destroyed
        if (withDisks) for (String xml : xmls(vm, d)) disks.addAll(DomainXml.diskSources(xml));
        List<String> cmds = new ArrayList<>();
        if (active) cmds.add(steps.destroy(vm));
        if (d.persistent()) cmds.add(steps.undefine(vm));
        for (String disk : disks) cmds.add(DiskFiles.remove(ssh, sudo, disk, host, vm).command());
        String msg = "deleted" + (disks.isEmpty() ? "" : " with " + disks.size() + " disk file(s): "
                + String.join(", ", disks));
        return new OpResult(msg, String.join(" && ", cmds));
    }

    /**
     * Resolves "current" against the VM's state, and refuses a live change of a VM that is not
     * running.
     */
    public Set<Scope> scopes(String vm, Set<Scope> requested, VmState state) {
        Set<Scope> scopes = Scope.resolve(requested, state);
        if (scopes.contains(Scope.LIVE) && !state.isActive()) {
            throw new InvalidRequestException(host, vm, null,
                    "cannot change the live VM: it is " + state.label() + " (use --config)");
        }
        return scopes;
    }

    /**
     * @return the running VM's XML and the persistent one: a running VM may have live-only disks,
     *         a persistent one config-only disks
     */
    private List<String> xmls(String vm, DomainSteps.Domain d) {
        List<String> out = new ArrayList<>();
        if (d.state().isActive() || !d.persistent()) out.add(steps.xml(vm, false));
        if (d.persistent()) out.add(steps.xml(vm, true));
        return out;
    }

    /** @return the directory of the first disk file, else {@link DiskFiles#DEFAULT_DIR} */
    static String diskDir(List<String> sources) {
        for (String s : sources) {
            int slash = s.lastIndexOf('/');
            if (slash > 0) return s.substring(0, slash);
        }
        return DiskFiles.DEFAULT_DIR;
    }

    private void rollback(String vm, boolean defined, String disk, VirtdeckException cause) {
        rollback(vm, defined, disk == null ? List.of() : List.of(disk), cause);
    }

    private void rollback(String vm, boolean defined, List<String> disks, VirtdeckException cause) {
        if (defined) {
            try {
                steps.destroy(vm); // only matters if start half-worked
            } catch (VirtdeckException e) {
                LOG.debug("{}: {}: rollback: destroy: {}", host, vm, e.getMessage());
            }
            try {
                steps.undefine(vm);
            } catch (VirtdeckException e) {
                LOG.warn("{}: {}: rollback: undefine failed: {}", host, vm, e.getMessage());
                cause.addSuppressed(e);
            }
        }
        for (String disk : disks) removeQuietly(disk, vm, cause);
    }

    private void removeQuietly(String path, String vm, VirtdeckException cause) {
        try {
            DiskFiles.remove(ssh, sudo, path, host, vm);
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: could not remove {}: {}", host, vm, path, e.getMessage());
            cause.addSuppressed(e);
        }
    }
}
