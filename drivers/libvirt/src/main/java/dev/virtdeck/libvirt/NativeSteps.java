package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.libvirt.LibvirtExtras.DomainRecord;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.Network;

import java.util.Set;

import static dev.virtdeck.libvirt.NativeCalls.api;
import static dev.virtdeck.libvirt.NativeCalls.dom;
import static dev.virtdeck.libvirt.NativeCalls.raw;

/** {@link DomainSteps} as libvirt API calls, one each. */
final class NativeSteps implements DomainSteps {
    private static final int UNDEFINE_MANAGED_SAVE = 1;
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 2;
    private static final int UNDEFINE_FLAGS = UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA
            | LibvirtExtras.UNDEFINE_NVRAM;
    private static final String UNDEFINE_NAMES =
            "VIR_DOMAIN_UNDEFINE_MANAGED_SAVE|VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA|VIR_DOMAIN_UNDEFINE_NVRAM";

    private final NativeCalls calls;
    /** libvirt's LXC driver refuses the NVRAM undefine flag (and has no managed save nor snapshots). */
    private final boolean containers;

    NativeSteps(NativeCalls calls) {
        this(calls, false);
    }

    NativeSteps(NativeCalls calls, boolean containers) {
        this.calls = calls;
        this.containers = containers;
    }

    @Override
    public Domain look(String vm) {
        DomainRecord r = calls.record(vm);
        return new Domain(DomainStates.normalize(r.state(), r.managedSave()), r.persistent(),
                api("virDomainGetState", vm));
    }

    @Override
    public String xml(String vm, boolean inactive) {
        String api = api("virDomainGetXMLDesc", vm, inactive ? raw("VIR_DOMAIN_XML_INACTIVE") : 0);
        return calls.read(vm, Operation.DETAILS, api, c -> dom(c, vm).getXMLDesc(inactive ? NativeCalls.XML_INACTIVE : 0));
    }

    @Override
    public boolean exists(String vm) {
        try {
            calls.read(vm, Operation.DETAILS, api("virDomainLookupByName", vm), c -> dom(c, vm));
            return true;
        } catch (VmNotFoundException e) {
            return false;
        }
    }

    @Override
    public Read capabilities() {
        String api = "virConnectGetCapabilities()";
        return new Read(api, calls.read(null, Operation.CREATE, api, TunnelConnect::getCapabilities));
    }

    @Override
    public Boolean networkActive(String network) {
        return calls.read(null, Operation.CREATE, api("virNetworkLookupByName", network), c -> {
            Network n;
            try {
                n = c.networkLookupByName(network);
            } catch (LibvirtException e) {
                if (e.getError() != null && e.getError().getCode() == Error.ErrorNumber.VIR_ERR_NO_NETWORK) return null;
                throw e;
            }
            try {
                return n.isActive() == 1;
            } finally {
                n.free();
            }
        });
    }

    @Override
    public String autostart(String vm, boolean on) {
        String api = api("virDomainSetAutostart", vm, on ? 1 : 0);
        calls.call(vm, Operation.AUTOSTART, api, c -> {
            dom(c, vm).setAutostart(on);
            return null;
        });
        return api;
    }

    @Override
    public String attachDisk(String vm, String path, String target, Set<Scope> scopes) {
        int flags = NativeCalls.flags(scopes);
        String xml = DomainXml.diskForAttach(path, target);
        String api = api("virDomainAttachDeviceFlags", vm, raw("<disk ... dev='" + target + "'/>"),
                NativeCalls.flagNames(flags, null));
        calls.call(vm, Operation.ATTACH_DISK, api, c -> {
            dom(c, vm).attachDeviceFlags(xml, flags);
            return null;
        });
        return api;
    }

    @Override
    public String define(String vm, String xml, String domainType) {
        String api = api("virDomainDefineXML", raw("<domain type='" + domainType + "'>...</domain>"));
        calls.call(vm, Operation.CREATE, api, c -> c.domainDefineXML(xml));
        return api;
    }

    @Override
    public String start(String vm) {
        String api = api("virDomainCreate", vm);
        calls.call(vm, Operation.CREATE, api, c -> dom(c, vm).create());
        return api;
    }

    @Override
    public String destroy(String vm) {
        String api = api("virDomainDestroy", vm);
        calls.call(vm, Operation.DELETE, api, c -> {
            dom(c, vm).destroy();
            return null;
        });
        return api;
    }

    @Override
    public String undefine(String vm) {
        String api = containers ? api("virDomainUndefineFlags", vm, 0) : api("virDomainUndefineFlags", vm, raw(UNDEFINE_NAMES));
        calls.call(vm, Operation.DELETE, api, c -> {
            dom(c, vm).undefine(containers ? 0 : UNDEFINE_FLAGS);
            return null;
        });
        return api;
    }
}
