package dev.virtdeck.libvirt;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import org.libvirt.Domain;
import org.libvirt.DomainSnapshot;
import org.libvirt.LibvirtException;

import java.util.ArrayList;
import java.util.List;

import static dev.virtdeck.libvirt.NativeCalls.api;
import static dev.virtdeck.libvirt.NativeCalls.dom;
import static dev.virtdeck.libvirt.NativeCalls.raw;

/**
 * Snapshots through the libvirt API: a list is one read (names, the current one, each snapshot's
 * XML: 2 + N RPCs over the open connection); create, revert and delete one call each.
 */
final class NativeSnapshots implements Snapshotting {
    private final NativeCalls calls;
    private final String host;

    NativeSnapshots(NativeCalls calls, String host) {
        this.calls = calls;
        this.host = host;
    }

    @Override
    public List<VmSnapshot> list(String vm) {
        String api = api("virDomainSnapshotListNames", vm, 0) + " + virDomainSnapshotGetXMLDesc each";
        List<VmSnapshot> out = calls.read(vm, Operation.SNAPSHOT, api, c -> {
            Domain d = dom(c, vm);
            String[] names = d.snapshotListNames();
            List<VmSnapshot> found = new ArrayList<>();
            if (names.length == 0) return found;
            String current = null;
            if (d.hasCurrentSnapshot() == 1) current = xmlOf(d.snapshotCurrent()).name();
            for (String n : names) {
                DomainSnapshot s;
                try {
                    s = d.snapshotLookupByName(n);
                } catch (LibvirtException e) {
                    if (Snapshots.isUnknown(String.valueOf(e.getMessage()))) continue; // deleted meanwhile
                    throw e;
                }
                VmSnapshot parsed = xmlOf(s);
                found.add(new VmSnapshot(parsed.name(), parsed.created(), parsed.description(), parsed.vmState(),
                        parsed.nativeState(), n.equals(current), parsed.parent(), parsed.location(), parsed.memory()));
            }
            return found;
        });
        out.sort(VmSnapshot.ORDER);
        return out;
    }

    private static VmSnapshot xmlOf(DomainSnapshot s) throws LibvirtException {
        try {
            return SnapshotXml.parse(s.getXMLDesc(), false);
        } finally {
            s.free();
        }
    }

    @Override
    public OpResult create(String vm, String name, String description) {
        String xml = SnapshotXml.forCreate(name, description);
        String api = api("virDomainSnapshotCreateXML", vm, raw("<domainsnapshot><name>" + name + "</name>...</domainsnapshot>"), 0);
        try {
            calls.call(vm, Operation.SNAPSHOT, api, c -> {
                dom(c, vm).snapshotCreateXML(xml, 0).free();
                return null;
            });
        } catch (VmNotFoundException | OperationTimeoutException e) {
            throw e;
        } catch (VirtdeckException e) {
            String explained = Snapshots.explainCreate(libvirtText(e), name);
            if (explained == null) throw e;
            throw new InvalidRequestException(host, vm, api, explained, e);
        }
        return new OpResult(Snapshots.created(name), api);
    }

    @Override
    public OpResult revert(String vm, String name) {
        String api = api("virDomainRevertToSnapshot", raw(api("virDomainSnapshotLookupByName", vm, name)), 0);
        onSnapshot(vm, name, api, (d, s) -> d.revertToSnapshot(s));
        return new OpResult(Snapshots.reverted(name), api);
    }

    @Override
    public OpResult delete(String vm, String name) {
        String api = api("virDomainSnapshotDelete", raw(api("virDomainSnapshotLookupByName", vm, name)), 0);
        onSnapshot(vm, name, api, (d, s) -> s.delete(0));
        return new OpResult(Snapshots.deleted(name), api);
    }

    private interface SnapshotCall {
        void run(Domain d, DomainSnapshot s) throws LibvirtException;
    }

    private void onSnapshot(String vm, String name, String api, SnapshotCall body) {
        try {
            calls.call(vm, Operation.SNAPSHOT, api, c -> {
                Domain d = dom(c, vm);
                DomainSnapshot s = d.snapshotLookupByName(name);
                try {
                    body.run(d, s);
                } finally {
                    s.free();
                }
                return null;
            });
        } catch (VmNotFoundException e) {
            throw e;
        } catch (VirtdeckException e) {
            if (Snapshots.isUnknown(libvirtText(e))) throw Snapshots.unknown(host, vm, api, name);
            throw e;
        }
    }

    /** @return libvirt's own message behind a mapped failure */
    private static String libvirtText(VirtdeckException e) {
        if (e.getCause() instanceof LibvirtException le && le.getError() != null && le.getError().getMessage() != null) {
            return le.getError().getMessage();
        }
        return e.detail();
    }
}
