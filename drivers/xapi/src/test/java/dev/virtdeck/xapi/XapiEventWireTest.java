package dev.virtdeck.xapi;

import dev.virtdeck.driver.VmInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * event.from on the wire, in the shapes xapi's source gives it (ocaml/xapi-types/event_types.ml: fields id,
 * timestamp "0.0", class in lower case, operation, ref, snapshot; an older xapi's from_inner also sent a mod event
 * next to the add of an object modified since its creation), read by the SDK and the driver.
 */
class XapiEventWireTest {

    private static String event(String op, String cls, String ref, String snapshot) {
        return "<value><struct><member><name>id</name><value>12</value></member>"
                + "<member><name>timestamp</name><value>0.0</value></member>"
                + "<member><name>class</name><value>" + cls + "</value></member>"
                + "<member><name>operation</name><value>" + op + "</value></member>"
                + "<member><name>ref</name><value>" + ref + "</value></member>"
                + (snapshot == null ? "" : "<member><name>snapshot</name><value>" + snapshot + "</value></member>")
                + "</struct></value>";
    }

    private static String vm(String name, String state, String residentOn, String metrics, boolean template) {
        return "<struct><member><name>uuid</name><value>uuid-" + name + "</value></member>"
                + "<member><name>name_label</name><value>" + name + "</value></member>"
                + "<member><name>power_state</name><value>" + state + "</value></member>"
                + "<member><name>is_a_template</name><value><boolean>" + (template ? 1 : 0) + "</boolean></value></member>"
                + "<member><name>is_a_snapshot</name><value><boolean>0</boolean></value></member>"
                + "<member><name>is_control_domain</name><value><boolean>0</boolean></value></member>"
                + "<member><name>VCPUs_at_startup</name><value>2</value></member>"
                + "<member><name>VCPUs_max</name><value>4</value></member>"
                + "<member><name>memory_dynamic_min</name><value>1073741824</value></member>"
                + "<member><name>memory_dynamic_max</name><value>1073741824</value></member>"
                + "<member><name>memory_static_max</name><value>2147483648</value></member>"
                + "<member><name>resident_on</name><value>" + residentOn + "</value></member>"
                + "<member><name>metrics</name><value>" + metrics + "</value></member>"
                + "</struct>";
    }

    private static final String METRICS = "<struct><member><name>memory_actual</name><value>1073741824</value></member>"
            + "<member><name>VCPUs_number</name><value>2</value></member>"
            + "<member><name>VCPUs_utilisation</name><value><struct>"
            + "<member><name>0</name><value><double>0.25</double></value></member>"
            + "<member><name>1</name><value><double>0.5</double></value></member>"
            + "</struct></value></member></struct>";

    private static final String HOST = "<struct><member><name>name_label</name><value>xcp-a</value></member>"
            + "<member><name>hostname</name><value>xcp-a.lab</value></member></struct>";

    @Test
    void theBatchOfAnOlderXapiWithModNextToAddAndADelGivesEachVmOnce() {
        XapiWireTest.ScriptedChannels ssh = new XapiWireTest.ScriptedChannels();
        ssh.success("OpaqueRef:s1");
        String web = vm("web", "Running", "OpaqueRef:h1", "OpaqueRef:m1", false);
        ssh.success("<struct><member><name>events</name><value><array><data>"
                + event("add", "vm", "OpaqueRef:v1", web)
                + event("mod", "vm", "OpaqueRef:v1", web)
                + event("add", "vm", "OpaqueRef:t1", vm("a template", "Halted", "OpaqueRef:NULL", "OpaqueRef:m2", true))
                + event("del", "vm", "OpaqueRef:gone", null)
                + event("add", "vm_metrics", "OpaqueRef:m1", METRICS)
                + event("add", "host", "OpaqueRef:h1", HOST)
                + "</data></array></value></member>"
                + "<member><name>valid_ref_counts</name><value><struct>"
                + "<member><name>vm</name><value><int>2</int></value></member></struct></value></member>"
                + "<member><name>token</name><value>00000000000000000042,00000000000000000000</value></member>"
                + "</struct>");
        XapiDriver d = new XapiDriver("inv", ssh, XapiSession.SOCKET, false);
        List<VmInfo> vms = d.list();

        String call = ssh.requests.get(1);
        assertTrue(call.contains("<methodName>event.from</methodName>"), call);
        for (String cls : List.of("VM", "VM_metrics", "host")) assertTrue(call.contains(">" + cls + "<"), call);
        assertTrue(call.contains("<double>0.0</double>"), "timeout 0: never wait for changes: " + call);
        assertEquals(2, ssh.requests.size(), "login and ONE call");

        assertEquals(1, vms.size(), "the template left out, the mod and the del add nothing: " + vms);
        VmInfo v = vms.get(0);
        assertEquals("web", v.name());
        assertEquals("xcp-a", v.residentOn(), "the member's name from its host event");
        assertEquals(75.0, v.usage().reported().cpuPercent(), 1e-9, "(0.25 + 0.5) of a CPU");
        assertEquals(1024L * 1024, v.usage().memoryRssKiB());
        assertEquals(1024L, v.memoryMiB());
        assertFalse(d.refreshesWithBulkCalls());
    }

    @Test
    void aRunningVmWhoseMetricsAreNotInTheBatchHasNoUsage() {
        XapiWireTest.ScriptedChannels ssh = new XapiWireTest.ScriptedChannels();
        ssh.success("OpaqueRef:s1");
        ssh.success("<struct><member><name>events</name><value><array><data>"
                + event("add", "vm", "OpaqueRef:v1", vm("web", "Running", "OpaqueRef:h9", "OpaqueRef:m1", false))
                + "</data></array></value></member>"
                + "<member><name>token</name><value>00000000000000000001,00000000000000000000</value></member>"
                + "</struct>");
        List<VmInfo> vms = new XapiDriver("inv", ssh, XapiSession.SOCKET, false).list();
        assertNull(vms.get(0).usage());
        assertEquals("OpaqueRef:h9", vms.get(0).residentOn(), "an unknown member shows its ref, as before");
    }
}
