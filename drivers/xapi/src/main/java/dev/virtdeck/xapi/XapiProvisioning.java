package dev.virtdeck.xapi;

import com.xensource.xenapi.Pool;
import com.xensource.xenapi.SR;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VBD;
import com.xensource.xenapi.VDI;
import com.xensource.xenapi.VM;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.xapi.XapiDriver.VoidCall;
import dev.virtdeck.xapi.XapiDriver.Vm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.virtdeck.xapi.XapiDriver.DEFAULT_TEMPLATE;
import static dev.virtdeck.xapi.XapiDriver.LONG;
import static dev.virtdeck.xapi.XapiDriver.call;
import static dev.virtdeck.xapi.XapiDriver.nz;
import static dev.virtdeck.xapi.XapiVms.MIB;

/**
 * {@link XapiDriver#attachDisk}, {@link XapiDriver#create} and {@link XapiDriver#delete}: what
 * makes and destroys VMs and VDIs, each undoing what it made when a later call fails. The VM
 * lookup and the calls go through the driver and its session.
 */
final class XapiProvisioning {
    private static final Logger LOG = LoggerFactory.getLogger(XapiProvisioning.class);

    private final XapiDriver driver;
    private final XapiSession xapi;
    private final String hostName;

    private final XapiCopies copies;

    XapiProvisioning(XapiDriver driver, XapiSession xapi, String hostName, XapiCopies copies) {
        this.driver = driver;
        this.xapi = xapi;
        this.hostName = hostName;
        this.copies = copies;
    }

    // ---- disks ---------------------------------------------------------------------------------

    /**
     * A new VDI of {@code sizeMiB} on the pool's default SR ({@code VDI.create}) and a VBD for it
     * ({@code VBD.create}, device number chosen by XAPI), plugged ({@code VBD.plug}) when the VM runs
     * and the scope includes live. A failure after the VDI exists destroys what was made.
     */
    OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        Vm v = driver.resolve(vm);
        VmState s = v.state();
        Set<Scope> sc = Scope.resolve(scope, s);
        if (sc.contains(Scope.LIVE) && !s.isActive()) throw driver.notRunning(vm, v, "a live disk attach");
        boolean plug = s.isActive() && sc.contains(Scope.LIVE);
        Disk d = newDisk(vm, v, sizeMiB, v.rec().nameLabel + " disk (virtdeck)", plug);
        return new OpResult("attached " + sizeMiB + " MiB disk as " + d.device + (plug ? " (live)" : " (config; next start)")
                + ", a new VDI on the pool's default SR", String.join(" && ", d.calls));
    }

    private record Disk(String device, List<String> calls) {
    }

    private Disk newDisk(String vm, Vm v, long sizeMiB, String label, boolean plug) {
        SR sr = defaultSr(vm);
        List<String> calls = new ArrayList<>();
        VDI.Record vdiRec = new VDI.Record();
        vdiRec.nameLabel = label;
        vdiRec.nameDescription = "created by virtdeck";
        vdiRec.SR = sr;
        vdiRec.virtualSize = sizeMiB * MIB;
        vdiRec.type = Types.VdiType.USER;
        vdiRec.sharable = false;
        vdiRec.readOnly = false;
        vdiRec.otherConfig = new HashMap<>();
        calls.add("VDI.create");
        VDI vdi = xapi.call(vm, "VDI.create", LONG, c -> VDI.create(c, vdiRec));
        try {
            VBD.Record vbdRec = new VBD.Record();
            vbdRec.VM = v.ref();
            vbdRec.VDI = vdi;
            vbdRec.userdevice = "autodetect";
            vbdRec.bootable = false;
            vbdRec.mode = Types.VbdMode.RW;
            vbdRec.type = Types.VbdType.DISK;
            vbdRec.empty = false;
            vbdRec.otherConfig = new HashMap<>();
            vbdRec.qosAlgorithmType = "";
            vbdRec.qosAlgorithmParams = new HashMap<>();
            calls.add("VBD.create");
            VBD vbd = xapi.call(vm, "VBD.create", c -> VBD.create(c, vbdRec));
            try {
                if (plug) {
                    calls.add("VBD.plug");
                    driver.run(vm, "VBD.plug", LONG, c -> vbd.plug(c));
                }
                VBD.Record now = xapi.call(vm, "VBD.get_record", c -> vbd.getRecord(c));
                String device = now.device != null && !now.device.isBlank() ? now.device : "device " + now.userdevice;
                return new Disk(device, calls);
            } catch (VirtdeckException e) {
                quietly(vm, "VBD.destroy", c -> vbd.destroy(c), e);
                throw e;
            }
        } catch (VirtdeckException e) {
            quietly(vm, "VDI.destroy", c -> vdi.destroy(c), e);
            throw e;
        }
    }

    private SR defaultSr(String vm) {
        Map<Pool, Pool.Record> pools = xapi.call(vm, "pool.get_all_records", Pool::getAllRecords);
        for (Pool.Record p : pools.values()) {
            if (!XapiVms.isNull(p.defaultSR)) return p.defaultSR;
        }
        throw new InvalidRequestException(hostName, vm, "pool.get_all_records",
                "the pool has no default SR for a new disk (set one: xe pool-param-set default-SR=...)");
    }

    /** Undoes one step after a failure; its own failure is logged and attached to the first. */
    private void quietly(String vm, String what, VoidCall c, VirtdeckException first) {
        try {
            driver.run(vm, what, xapi.defaultTimeout(), c);
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: cleaning up after a failure, {} failed too: {}", hostName, vm, what, e.getMessage());
            first.addSuppressed(e);
        }
    }

    // ---- create / delete -----------------------------------------------------------------------

    /**
     * Clones the spec's template (default {@value XapiDriver#DEFAULT_TEMPLATE}) under the new name
     * ({@code VM.clone}), provisions it ({@code VM.provision}: the template's disks, and the clone is
     * no template any more), sets memory (static max = the spec's maximum, dynamic range = the amount)
     * and vCPUs, adds the spec's disk and starts it if asked. Kernel, initrd, command line and ISO
     * cannot be honoured (see {@link XapiCapabilities}) and are refused. A failure after the clone
     * destroys it with its disks.
     */
    OpResult create(CreateSpec spec, boolean start) {
        String name = spec.name();
        if (spec.kernel() != null || spec.initrd() != null || spec.cmdline() != null || spec.iso() != null) {
            throw new InvalidRequestException(hostName, name, null, XapiCapabilities.CREATE_LIMITS);
        }
        if (spec.image() != null) throw new InvalidRequestException(hostName, name, null, XapiCapabilities.NO_IMAGE);
        copies.requireFreeName(name);
        String templateName = spec.template() != null ? spec.template() : DEFAULT_TEMPLATE;
        VM template = template(name, templateName);
        List<String> calls = new ArrayList<>();
        calls.add("VM.clone");
        VM made = xapi.call(name, "VM.clone", LONG, c -> template.createClone(c, name));
        try {
            calls.add("VM.provision");
            driver.run(name, "VM.provision", LONG, c -> made.provision(c));
            // a clone of a template is a template, as with xe vm-install: made a VM after provisioning
            calls.add("VM.set_is_a_template");
            driver.run(name, "VM.set_is_a_template", xapi.defaultTimeout(), c -> made.setIsATemplate(c, false));
            calls.addAll(copies.applyNic(name, made, spec.network()));
            VM.Record r = xapi.call(name, "VM.get_record", c -> made.getRecord(c));
            long mem = spec.memoryMiB() * MIB;
            long memMax = spec.maxMemoryMiB() * MIB;
            long smin = Math.min(nz(r.memoryStaticMin), mem);
            calls.add("VM.set_memory_limits");
            driver.run(name, "VM.set_memory_limits", xapi.defaultTimeout(), c -> made.setMemoryLimits(c, smin, memMax, mem, mem));
            if (spec.vcpus() <= nz(r.VCPUsMax)) {
                driver.run(name, "VM.set_VCPUs_at_startup", xapi.defaultTimeout(), c -> made.setVCPUsAtStartup(c, (long) spec.vcpus()));
                driver.run(name, "VM.set_VCPUs_max", xapi.defaultTimeout(), c -> made.setVCPUsMax(c, (long) spec.maxVcpus()));
            } else {
                driver.run(name, "VM.set_VCPUs_max", xapi.defaultTimeout(), c -> made.setVCPUsMax(c, (long) spec.maxVcpus()));
                driver.run(name, "VM.set_VCPUs_at_startup", xapi.defaultTimeout(), c -> made.setVCPUsAtStartup(c, (long) spec.vcpus()));
            }
            calls.add("VM.set_VCPUs_max");
            calls.add("VM.set_VCPUs_at_startup");
            Vm v = new Vm(made, xapi.call(name, "VM.get_record", c -> made.getRecord(c)));
            String disk = "";
            if (spec.diskMiB() != null) {
                Disk d = newDisk(name, v, spec.diskMiB(), name + " disk (virtdeck)", false);
                calls.addAll(d.calls);
                disk = ", " + spec.diskMiB() + " MiB disk " + d.device;
            }
            String msg = "created from template '" + templateName + "' (" + v.uuid() + ")" + disk
                    + (spec.network().kind() == dev.virtdeck.driver.NicSpec.Kind.DEFAULT ? ""
                    : ", " + spec.network().describe());
            if (start) {
                calls.add("VM.start");
                driver.run(name, call("VM.start", v), LONG, c -> made.start(c, false, false));
                msg += ", started" + driver.where(v);
            }
            return new OpResult(msg, String.join(" && ", calls));
        } catch (VirtdeckException e) {
            try {
                destroy(name, made, true, e);
            } catch (VirtdeckException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    /** @return the template of that name (templates only: a guest's name is not a template) */
    private VM template(String vm, String templateName) {
        Set<VM> refs = xapi.call(vm, "VM.get_by_name_label", c -> VM.getByNameLabel(c, templateName));
        for (VM ref : refs) {
            VM.Record r = xapi.call(vm, "VM.get_record", c -> ref.getRecord(c));
            if (XapiVms.isTemplate(r)) return ref;
        }
        throw new InvalidRequestException(hostName, vm, "VM.get_by_name_label", "the pool has no template named '"
                + templateName + "' to clone (xe template-list shows them)");
    }

    /**
     * {@code VM.destroy}, after {@code VM.hard_shutdown} of a running, paused or suspended VM with
     * {@code force}; with disks, the VDIs of its disk VBDs ({@code VDI.destroy}) afterwards.
     */
    OpResult delete(String vm, boolean withDisks, boolean force) {
        Vm v = driver.resolve(vm);
        List<String> calls = new ArrayList<>();
        if (v.state() != VmState.SHUTOFF) {
            if (!force) {
                throw new InvalidRequestException(hostName, vm, null, "the VM is " + v.state().label()
                        + "; stop it first or use --force");
            }
            String hard = call("VM.hard_shutdown", v);
            try {
                driver.run(vm, hard, LONG, c -> v.ref().hardShutdown(c));
            } catch (InvalidRequestException e) {
                if (!XapiErrors.code(e).equals("VM_BAD_POWER_STATE")) throw e;
            }
            calls.add(hard);
        }
        List<String> gone = destroy(vm, v.ref(), withDisks, null);
        calls.add(call("VM.destroy", v));
        if (!gone.isEmpty()) calls.add("VDI.destroy x" + gone.size());
        return new OpResult("deleted" + (gone.isEmpty() ? "" : " with " + gone.size() + " disk(s): "
                + String.join(", ", gone)), String.join(" && ", calls));
    }

    /**
     * Destroys a halted VM and, if asked, the VDIs of its disks (CD drives and VDIs other VMs use stay).
     *
     * @return the names of the VDIs destroyed
     */
    List<String> destroy(String vm, VM ref, boolean withDisks, VirtdeckException cause) {
        List<VDI> vdis = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (withDisks) {
            Map<VBD, VBD.Record> vbds = xapi.call(vm, "VBD.get_all_records", VBD::getAllRecords);
            for (VBD.Record b : vbds.values()) {
                if (b.VM == null || !ref.toWireString().equals(b.VM.toWireString())) continue;
                if (b.type == Types.VbdType.CD || XapiVms.isNull(b.VDI)) continue;
                vdis.add(b.VDI);
                names.add(b.device != null && !b.device.isBlank() ? b.device : "userdevice " + b.userdevice);
            }
        }
        driver.run(vm, "VM.destroy", LONG, c -> ref.destroy(c));
        List<String> destroyed = new ArrayList<>();
        for (int i = 0; i < vdis.size(); i++) {
            VDI vdi = vdis.get(i);
            try {
                driver.run(vm, "VDI.destroy", LONG, c -> vdi.destroy(c));
                destroyed.add(names.get(i));
            } catch (VirtdeckException e) {
                if (cause != null) cause.addSuppressed(e);
                else LOG.warn("{}: {}: VDI of {} kept: {}", hostName, vm, names.get(i), e.getMessage());
            }
        }
        return destroyed;
    }
}
