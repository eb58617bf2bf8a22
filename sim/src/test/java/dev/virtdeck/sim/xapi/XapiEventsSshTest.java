package dev.virtdeck.sim.xapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.virtdeck.sim.SimServer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * event.from as the simulated XAPI answers it (RECONSTRUCTED from the XenAPI reference, class event, and xapi's
 * xapi_event.ml): through real OpenSSH, raw XML-RPC, no SDK.
 */
class XapiEventsSshTest {

    private static SimXapiPool pool() {
        SimXapiPool p = SimXapiPool.create("pool-lab");
        p.addHost("xcp1", true);
        p.addVm("web 1").memoryMb(1024).vcpus(2, 4).state(XapiPowerState.RUNNING);
        p.addVm("db").memoryMb(512);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> m(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> l(Object o) {
        return (List<Object>) o;
    }

    @Test
    void theEmptyTokenGivesEveryObjectOfTheSubscribedClassesAsOneAddEventWithItsRecord() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            Map<String, Object> batch = w.rec("event.from", sess, List.of("VM", "vm_metrics"), "", 0.0);
            assertEquals(Set.of("events", "valid_ref_counts", "token"), batch.keySet());
            assertTrue(((String) batch.get("token")).matches("\\d{20},\\d{20}"), (String) batch.get("token"));
            Map<String, Object> vms = w.rec("VM.get_all_records", sess);
            Map<String, Object> metrics = w.rec("VM_metrics.get_all_records", sess);
            assertEquals(5, vms.size(), "dom0, 2 templates, 2 VMs");
            Set<String> seen = new HashSet<>();
            for (Object o : l(batch.get("events"))) {
                Map<String, Object> e = m(o);
                assertEquals(Set.of("id", "timestamp", "class", "operation", "ref", "snapshot"), e.keySet());
                assertEquals("add", e.get("operation"));
                assertEquals("0.0", e.get("timestamp"));
                assertTrue(((String) e.get("id")).matches("\\d+"), e.toString());
                String ref = (String) e.get("ref");
                assertTrue(seen.add(ref), "one event per object: " + ref);
                switch ((String) e.get("class")) {
                    case "vm" -> assertEquals(vms.get(ref), e.get("snapshot"), "the VM's record");
                    case "vm_metrics" -> assertEquals(metrics.get(ref), e.get("snapshot"), "the metrics' record");
                    default -> throw new AssertionError("not subscribed: " + e.get("class"));
                }
            }
            Set<String> all = new HashSet<>(vms.keySet());
            all.addAll(metrics.keySet());
            assertEquals(all, seen, "every VM and every VM_metrics");
            Map<String, Object> counts = m(batch.get("valid_ref_counts"));
            assertEquals(5, counts.get("vm"));
            assertEquals(1, counts.get("host"));
            assertEquals(1, counts.get("pool"));
        }
    }

    @Test
    void subscriptionsByObjectAndUnknownClassesAndTokensAsXapiTreatsThem() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            String web = pool.vm("web 1").ref();
            List<Object> one = l(w.rec("event.from", sess, List.of("VM/" + web), "", 0.0).get("events"));
            assertEquals(1, one.size());
            assertEquals(web, m(one.get(0)).get("ref"));
            assertEquals("Running", m(m(one.get(0)).get("snapshot")).get("power_state"));

            List<Object> hosts = l(w.rec("event.from", sess, List.of("*"), "", 0.0).get("events"));
            assertTrue(hosts.stream().anyMatch(e -> "host".equals(m(e).get("class"))), "* is every class");
            assertTrue(hosts.stream().noneMatch(e -> "session".equals(m(e).get("class"))), "sessions make no events");

            // xapi matches a class name against its tables: no such class is no events, not an error
            assertEquals(List.of(), w.rec("event.from", sess, List.of("no_such_class"), "", 0.0).get("events"));
            assertEquals(List.of("EVENT_FROM_TOKEN_PARSE_FAILURE", "nonsense"),
                    w.err("event.from", sess, List.of("VM"), "nonsense", 0.0));
            assertEquals(List.of("MESSAGE_PARAMETER_COUNT_MISMATCH", "event.from", "4", "3"),
                    w.err("event.from", sess, List.of("VM"), ""));

            pool.refuse("event.from", "MESSAGE_METHOD_UNKNOWN", "event.from");
            assertEquals(List.of("MESSAGE_METHOD_UNKNOWN", "event.from"),
                    w.err("event.from", sess, List.of("VM"), "", 0.0));
            CallRecord last = pool.callLog().get(pool.callLog().size() - 1);
            assertEquals("MESSAGE_METHOD_UNKNOWN", last.outcome());
            pool.clearRefusals();
            assertEquals(5, l(w.rec("event.from", sess, List.of("VM"), "", 0.0).get("events")).size());
        }
    }
}
