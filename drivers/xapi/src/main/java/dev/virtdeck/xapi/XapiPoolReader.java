package dev.virtdeck.xapi;

import com.xensource.xenapi.Event;
import com.xensource.xenapi.EventBatch;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import com.xensource.xenapi.VMMetrics;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.VirtdeckException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a refresh ({@link XapiDriver#list()}) reads: every VM record, every VM_metrics record and the members'
 * names, in ONE XAPI call, {@code event.from(["VM", "VM_metrics", "host"], "", 0.0)}.
 *
 * <p>Why that call returns the current state: the XenAPI reference (class {@code event}, message {@code from},
 * published in XenServer 6.0, minimum role read-only: https://xapi-project.github.io/xen-api/classes/event.html)
 * says the token is "the point from which to generate database events. The empty string represents the
 * beginning", and xapi's implementation (xapi-project/xen-api, {@code ocaml/xapi/xapi_event.ml},
 * {@code from_inner}; the event struct in {@code ocaml/xapi-types/event_types.ml}) reports every live object
 * created after that point as one {@code add} event whose {@code snapshot} is the object's record, the class in lower case ({@code "vm"}, {@code "vm_metrics"}, {@code "host"}). The SDK turns
 * each snapshot into the class's record ({@code Types.toEventRecord}). Timeout 0: the pool always has a VM and a
 * host, so the batch is never empty, and a zero timeout can never make the call wait for changes. Older xapi
 * (before the fix "only have a mod event if we don't have a created event") may also send a {@code mod} event
 * for the same object: records are keyed by ref, so it only repeats the same snapshot.
 *
 * <p><b>Fallback</b>: when XAPI answers event.from with an error (an XAPI older than 6.0:
 * {@code MESSAGE_METHOD_UNKNOWN}; a session whose role lacks it: {@code RBAC_PERMISSION_DENIED}; any other code)
 * or with a batch the SDK cannot read, this reader logs that once and from then on reads as before event.from:
 * {@code VM.get_all_records}, {@code host.get_all_records}, and {@code VM_metrics.get_all_records} while a guest
 * runs. Failures that would fail those calls too (the connection, a timeout, the login) are not a refusal: they
 * propagate, and event.from is tried again next time.
 */
final class XapiPoolReader {
    static final Set<String> CLASSES = Set.of("VM", "VM_metrics", "host");
    private static final Logger LOG = LoggerFactory.getLogger(XapiPoolReader.class);

    /**
     * The pool as one refresh sees it.
     *
     * @param vms       every VM record (templates, snapshots and control domains included), by ref
     * @param metrics   VM_metrics records by ref (wire form); empty when none were read
     * @param hostNames member refs (wire form) to their names
     */
    record Pool(Map<String, VM.Record> vms, Map<String, VMMetrics.Record> metrics, Map<String, String> hostNames) {
    }

    private final XapiSession xapi;
    private final String host;
    private final AtomicBoolean eventsRefused = new AtomicBoolean();

    XapiPoolReader(XapiSession xapi, String host) {
        this.xapi = xapi;
        this.host = host;
    }

    Pool read() {
        if (!eventsRefused.get()) {
            String why;
            try {
                Pool p = fromEvents();
                if (p != null) return p;
                why = "an answer without events";
            } catch (VirtdeckException e) {
                if (!refusal(e)) throw e;
                why = e.getMessage();
            }
            if (eventsRefused.compareAndSet(false, true)) {
                LOG.warn("{}: XAPI refused event.from ({}); every refresh of this host now takes up to three calls"
                        + " (VM, host and VM_metrics get_all_records)", host, why);
            }
        }
        return fromBulkCalls();
    }

    /** @return true once event.from was refused and refreshes read with the bulk calls */
    boolean usesBulkCalls() {
        return eventsRefused.get();
    }

    /** @return the pool, or null when XAPI's answer holds no events at all */
    private Pool fromEvents() {
        EventBatch batch = xapi.call(null, "event.from", c -> Event.from(c, CLASSES, "", 0.0));
        if (batch == null || batch.events == null) return null;
        Map<String, VM.Record> vms = new LinkedHashMap<>();
        Map<String, VMMetrics.Record> metrics = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (Event.Record e : batch.events) {
            if (e.operation != Types.EventOperation.ADD && e.operation != Types.EventOperation.MOD) continue;
            String cls = e.clazz == null ? "" : e.clazz.toLowerCase(Locale.ROOT);
            switch (cls) {
                case "vm" -> {
                    if (e.snapshot instanceof VM.Record r) vms.put(e.ref, r);
                }
                case "vm_metrics" -> {
                    if (e.snapshot instanceof VMMetrics.Record m) metrics.put(e.ref, m);
                }
                case "host" -> {
                    if (e.snapshot instanceof Host.Record h) names.put(e.ref, XapiDriver.memberName(h));
                }
                default -> {
                    // not subscribed
                }
            }
        }
        return new Pool(vms, metrics, names);
    }

    private Pool fromBulkCalls() {
        Map<String, VM.Record> vms = new LinkedHashMap<>();
        xapi.call(null, "VM.get_all_records", VM::getAllRecords).forEach((ref, r) -> vms.put(ref.toWireString(), r));
        Map<String, String> names = new LinkedHashMap<>();
        xapi.call(null, "host.get_all_records", Host::getAllRecords)
                .forEach((ref, r) -> names.put(ref.toWireString(), XapiDriver.memberName(r)));
        return new Pool(vms, metricsIfRunning(vms), names);
    }

    /**
     * One {@code VM_metrics.get_all_records} when a guest runs; none when none does. Usage never fails a
     * list: a failed call leaves the VMs without it.
     */
    private Map<String, VMMetrics.Record> metricsIfRunning(Map<String, VM.Record> vms) {
        if (vms.values().stream().noneMatch(r -> XapiVms.isGuest(r) && XapiVms.state(r.powerState).isActive())) {
            return Map.of();
        }
        try {
            Map<String, VMMetrics.Record> out = new LinkedHashMap<>();
            xapi.call(null, "VM_metrics.get_all_records", VMMetrics::getAllRecords)
                    .forEach((ref, r) -> out.put(ref.toWireString(), r));
            return out;
        } catch (VirtdeckException e) {
            LOG.debug("{}: no VM metrics: {}", host, e.getMessage());
            return Map.of();
        }
    }

    /**
     * @return true when XAPI answered event.from but not with a usable batch: an error code other than the
     * session's (those fail every call), or an answer the SDK could not read
     */
    static boolean refusal(VirtdeckException e) {
        String code = XapiErrors.code(e);
        if (!code.isEmpty()) return !code.equals("SESSION_INVALID") && !code.equals("SESSION_AUTHENTICATION_FAILED");
        // XapiSession maps the SDK's own complaints and its unmarshalling errors to CommandFailedException
        Throwable cause = e.getCause();
        return e instanceof CommandFailedException && (cause instanceof Types.XenAPIException
                || cause instanceof RuntimeException && !(cause instanceof VirtdeckException));
    }
}
