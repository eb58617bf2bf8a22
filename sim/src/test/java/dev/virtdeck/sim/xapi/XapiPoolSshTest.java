package dev.virtdeck.sim.xapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulated XAPI pool from outside: real OpenSSH forwarding direct-streamlocal channels to
 * /var/lib/xcp/xapi, raw HTTP/1.1 + XML-RPC text, and the answers checked against the XenAPI reference semantics.
 */
class XapiPoolSshTest {

    private static final long MiB = 1024L * 1024L;

    private static SimXapiPool pool() {
        SimXapiPool p = SimXapiPool.create("pool-lab");
        p.addHost("xcp1", true);
        p.addVm("web 1").memory(512, 1024, 2048, 4096).vcpus(2, 4).addDisk("web 1 root", 8192)
                .state(XapiPowerState.RUNNING);
        p.addVm("db").memoryMb(1024).vcpus(1, 2);
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

    /** The VM ref with this name_label, through VM.get_by_name_label. */
    private static String vmRef(XapiWire w, String s, String name) throws Exception {
        List<Object> refs = l(w.ok("VM.get_by_name_label", s, name));
        assertEquals(1, refs.size(), name + ": " + refs);
        return (String) refs.get(0);
    }

    @Test
    void loginThenEveryRecordInOneCall() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            assertTrue(sess.startsWith("OpaqueRef:"), sess);
            XapiWire.Http raw = w.raw("VM.get_all_records", sess);
            assertEquals("HTTP/1.1 200 OK", raw.statusLine());
            assertTrue(raw.headers().contains("Content-Type: text/xml"), raw.headers());
            // int64 as strings, written bare as xapi does; booleans as <boolean>
            assertTrue(raw.body().contains("<name>memory_static_max</name><value>4294967296</value>"), raw.body());
            assertTrue(raw.body().contains("<name>is_a_template</name><value><boolean>0</boolean></value>"));
            Map<String, Object> all = m(raw.envelope().get("Value"));
            assertEquals(5, all.size()); // control domain, 2 templates, 2 VMs
            long dom0 = all.values().stream().filter(r -> (Boolean) m(r).get("is_control_domain")).count();
            long templates = all.values().stream().filter(r -> (Boolean) m(r).get("is_a_template")).count();
            assertEquals(1, dom0);
            assertEquals(2, templates);
            Map<String, Object> web = m(all.get(pool.vm("web 1").ref()));
            assertEquals("Running", web.get("power_state"));
            assertEquals("1", web.get("domid"));
            assertEquals(pool.hostRef(pool.master()), web.get("resident_on"));
            assertEquals(Long.toString(2048 * MiB), web.get("memory_dynamic_max"));
            assertEquals(Long.toString(512 * MiB), web.get("memory_static_min"));
            assertEquals("4", web.get("VCPUs_max"));
            assertEquals("2", web.get("VCPUs_at_startup"));
            assertEquals("pv", web.get("domain_type"));
            assertEquals(1, l(web.get("VBDs")).size());
            Map<String, Object> db = m(all.get(pool.vm("db").ref()));
            assertEquals("Halted", db.get("power_state"));
            assertEquals("-1", db.get("domid"));
            assertEquals("OpaqueRef:NULL", db.get("resident_on"));

            Map<String, Object> metrics = w.rec("VM_metrics.get_record", sess, web.get("metrics"));
            assertEquals("2", metrics.get("VCPUs_number"));
            assertEquals(Long.toString(2048 * MiB), metrics.get("memory_actual"));
            assertEquals(2, m(metrics.get("VCPUs_utilisation")).size());

            Map<String, Object> pools = w.rec("pool.get_all_records", sess);
            Map<String, Object> p = m(pools.values().iterator().next());
            assertEquals("pool-lab", p.get("name_label"));
            assertEquals(pool.hostRef(pool.master()), p.get("master"));
            Map<String, Object> sr = w.rec("SR.get_record", sess, p.get("default_SR"));
            assertEquals("Local storage", sr.get("name_label"));

            Map<String, Object> hosts = w.rec("host.get_all_records", sess);
            Map<String, Object> h = m(hosts.get(pool.hostRef(pool.master())));
            assertEquals("xcp1", h.get("name_label"));
            assertEquals("XCP-ng", m(h.get("software_version")).get("product_brand"));
            assertEquals("4", m(h.get("cpu_info")).get("cpu_count"));
            assertTrue(l(h.get("resident_VMs")).contains(pool.vm("web 1").ref()));
            Map<String, Object> hm = w.rec("host_metrics.get_record", sess, h.get("metrics"));
            long total = Long.parseLong((String) hm.get("memory_total"));
            long free = Long.parseLong((String) hm.get("memory_free"));
            assertEquals(16384 * MiB, total);
            assertEquals(total - 256 * MiB - 1024 * MiB - 2048 * MiB, free); // overhead, dom0, web 1
            assertEquals(pool.hostRef(pool.master()), w.ok("session.get_this_host", sess, sess));
            assertEquals("Running", w.ok("VM.get_power_state", sess, pool.vm("web 1").ref()));
            w.ok("session.logout", sess);
            assertEquals(List.of("SESSION_INVALID", sess), w.err("VM.get_all", sess));
        }
    }

    @Test
    void severalRequestsOnOneChannelUntilConnectionClose() throws Exception {
        try (SimServer s = SimServer.start(pool().master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s);
             XapiWire.Conn c = w.connect()) {
            c.send(XapiWire.post("session.login_with_password", List.of("root", "", "2.21", "t"), false));
            XapiWire.Http login = c.read();
            assertTrue(login.headers().contains("Connection: keep-alive"), login.headers());
            String sess = (String) login.envelope().get("Value");
            // two requests pipelined in one write
            c.send(XapiWire.post("VM.get_all", List.of(sess), false)
                    + XapiWire.post("host.get_all", List.of(sess), false));
            assertEquals(5, l(c.read().envelope().get("Value")).size());
            assertEquals(1, l(c.read().envelope().get("Value")).size());
            c.send(XapiWire.post("pool.get_all", List.of(sess), true));
            XapiWire.Http last = c.read();
            assertTrue(last.headers().contains("Connection: close"), last.headers());
            assertEquals("Success", last.envelope().get("Status"));
            assertTrue(c.atEof(), "the server closes the channel after Connection: close");
        }
    }

    @Test
    void otherSocketsOtherHostKindsAndNonRootUsersAreRefusedLikeOpenSsh() throws Exception {
        SimXapiPool pool = pool();
        SimHost kvm = SimHost.of(HostKind.KVM, "kvm1");
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey());
             SimServer k = SimServer.start(kvm, XapiWire.pubKey())) {
            for (XapiWire w : List.of(XapiWire.tunnel(s, "root", "/var/run/other.sock"),
                    XapiWire.tunnel(k, "root", SimXapiPool.XAPI_SOCKET),
                    XapiWire.tunnel(s, "admin", SimXapiPool.XAPI_SOCKET))) {
                try (XapiWire.Conn c = w.connect()) {
                    assertNull(c.read(), "the forwarded connection is closed at once");
                }
                Thread.sleep(300); // ssh may log the refusal just after closing the forwarded connection
                w.close();
                assertTrue(w.sshStderr().matches("(?s).*channel \\d+: open failed: connect failed: open failed\\s*"),
                        w.sshStderr());
            }
            assertTrue(pool.master().commandLog().contains(
                    "[direct-streamlocal@openssh.com /var/run/other.sock] refused"), pool.master().commandLog().toString());
        }
    }

    @Test
    void lifecycleFollowsThePowerStateMachine() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            String db = vmRef(w, sess, "db");
            w.ok("VM.start", sess, db, false, false);
            Map<String, Object> r = w.rec("VM.get_record", sess, db);
            assertEquals("Running", r.get("power_state"));
            assertEquals("2", r.get("domid")); // web 1 got 1 on this host
            assertEquals(List.of("VM_BAD_POWER_STATE", db, "halted", "running"), w.err("VM.start", sess, db, false, false));
            w.ok("VM.pause", sess, db);
            assertEquals("Paused", w.ok("VM.get_power_state", sess, db));
            assertEquals(List.of("VM_BAD_POWER_STATE", db, "running", "paused"), w.err("VM.suspend", sess, db));
            w.ok("VM.unpause", sess, db);
            w.ok("VM.clean_reboot", sess, db);
            assertEquals("3", w.ok("VM.get_domid", sess, db), "a reboot makes a new domain");
            w.ok("VM.suspend", sess, db);
            r = w.rec("VM.get_record", sess, db);
            assertEquals("Suspended", r.get("power_state"));
            assertEquals("-1", r.get("domid"));
            assertEquals("OpaqueRef:NULL", r.get("resident_on"));
            assertEquals(List.of("VM_BAD_POWER_STATE", db, "running", "suspended"), w.err("VM.clean_shutdown", sess, db));
            assertEquals(List.of("FIELD_TYPE_ERROR", "start_paused"), w.err("VM.start", sess, db, "no", false));
            w.ok("VM.resume", sess, db, false, false);
            assertEquals("Running", w.ok("VM.get_power_state", sess, db));
            w.ok("VM.clean_shutdown", sess, db);
            r = w.rec("VM.get_record", sess, db);
            assertEquals("Halted", r.get("power_state"));
            assertEquals("-1", r.get("domid"));
            assertEquals(List.of("VM_BAD_POWER_STATE", db, "running", "halted"), w.err("VM.clean_shutdown", sess, db));
            assertEquals(List.of("VM_BAD_POWER_STATE", db, "running", "halted"), w.err("VM.hard_shutdown", sess, db));
            w.ok("VM.start", sess, db, true, false);
            assertEquals("Paused", w.ok("VM.get_power_state", sess, db), "start_paused");
            w.ok("VM.hard_shutdown", sess, db);
            assertEquals(XapiPowerState.HALTED, pool.vm("db").powerState());

            String tpl = vmRef(w, sess, "Other install media");
            assertEquals(List.of("VM_IS_TEMPLATE", tpl), w.err("VM.start", sess, tpl, false, false));
            String web = vmRef(w, sess, "web 1");
            w.ok("VM.add_to_blocked_operations", sess, web, "pause", "no-pause-please");
            assertEquals(List.of("OPERATION_BLOCKED", web, "no-pause-please"), w.err("VM.pause", sess, web));
            String dom0 = pool.controlDomain(pool.master()).ref();
            assertEquals("OPERATION_NOT_ALLOWED", w.err("VM.hard_shutdown", sess, dom0).get(0));
            assertEquals("0", w.ok("VM.get_domid", sess, dom0));
        }
    }

    @Test
    void memoryLimitsAndDynamicRange() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            String web = vmRef(w, sess, "web 1");
            String g1 = Long.toString(1024 * MiB);
            String g3 = Long.toString(3072 * MiB);
            w.ok("VM.set_memory_dynamic_range", sess, web, g1, g3); // live
            Map<String, Object> r = w.rec("VM.get_record", sess, web);
            assertEquals(g1, r.get("memory_dynamic_min"));
            assertEquals(g3, r.get("memory_dynamic_max"));
            assertEquals(g3, w.rec("VM_metrics.get_record", sess, r.get("metrics")).get("memory_actual"));
            assertEquals(List.of("MEMORY_CONSTRAINT_VIOLATION", XapiMethods.MEMORY_RULE),
                    w.err("VM.set_memory_dynamic_range", sess, web, g3, g1));
            assertEquals("MEMORY_CONSTRAINT_VIOLATION", w.err("VM.set_memory_dynamic_range", sess, web, g1,
                    Long.toString(8192 * MiB)).get(0), "above static_max");
            assertEquals(List.of("VM_BAD_POWER_STATE", web, "halted", "running"),
                    w.err("VM.set_memory_limits", sess, web, g1, g3, g1, g3));
            assertEquals(List.of("VM_BAD_POWER_STATE", web, "halted", "running"),
                    w.err("VM.set_memory_static_max", sess, web, g3));

            String db = vmRef(w, sess, "db");
            String m256 = Long.toString(256 * MiB);
            String m512 = Long.toString(512 * MiB);
            String m768 = Long.toString(768 * MiB);
            w.ok("VM.set_memory_limits", sess, db, m256, g1, m512, m768);
            long[] lim = pool.vm("db").memoryLimits();
            assertEquals(256 * MiB, lim[0]);
            assertEquals(512 * MiB, lim[1]);
            assertEquals(768 * MiB, lim[2]);
            assertEquals(1024 * MiB, lim[3]);
            assertEquals("MEMORY_CONSTRAINT_VIOLATION", w.err("VM.set_memory_static_max", sess, db, m512).get(0));
            assertEquals("MEMORY_CONSTRAINT_VIOLATION",
                    w.err("VM.set_memory_limits", sess, db, m512, m256, m256, m256).get(0));
            w.ok("VM.set_memory_static_max", sess, db, g3);
            assertEquals(g3, w.ok("VM.get_memory_static_max", sess, db));
            assertEquals("FIELD_TYPE_ERROR", w.err("VM.set_memory_static_max", sess, db, "lots").get(0));
        }
    }

    @Test
    void vcpusLiveUpToMaxAndMaxOnlyWhenHalted() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            String web = vmRef(w, sess, "web 1");
            w.ok("VM.set_VCPUs_number_live", sess, web, "3");
            assertEquals("3", w.rec("VM_metrics.get_record", sess, w.ok("VM.get_metrics", sess, web))
                    .get("VCPUs_number"));
            assertEquals(3, pool.vm("web 1").vcpusLive());
            assertEquals(List.of("OPERATION_NOT_ALLOWED", XapiMethods.VCPU_LIVE_RULE),
                    w.err("VM.set_VCPUs_number_live", sess, web, "5"));
            assertEquals(List.of("OPERATION_NOT_ALLOWED", XapiMethods.VCPU_MAX_HALTED),
                    w.err("VM.set_VCPUs_max", sess, web, "8"));
            assertEquals(List.of("VM_BAD_POWER_STATE", web, "halted", "running"),
                    w.err("VM.set_VCPUs_at_startup", sess, web, "2"));

            String db = vmRef(w, sess, "db");
            assertEquals(List.of("VM_BAD_POWER_STATE", db, "running", "halted"),
                    w.err("VM.set_VCPUs_number_live", sess, db, "2"));
            assertEquals(List.of("OPERATION_NOT_ALLOWED", XapiMethods.VCPU_RULE),
                    w.err("VM.set_VCPUs_at_startup", sess, db, "3"));
            w.ok("VM.set_VCPUs_max", sess, db, "8");
            w.ok("VM.set_VCPUs_at_startup", sess, db, "6");
            assertEquals(List.of("OPERATION_NOT_ALLOWED", XapiMethods.VCPU_RULE), w.err("VM.set_VCPUs_max", sess, db, "4"));
            Map<String, Object> r = w.rec("VM.get_record", sess, db);
            assertEquals("8", r.get("VCPUs_max"));
            assertEquals("6", r.get("VCPUs_at_startup"));
        }
    }

    @Test
    void vdiAndVbdCreateAndPlug() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            String web = vmRef(w, sess, "web 1");
            String poolRef = (String) l(w.ok("pool.get_all", sess)).get(0);
            String sr = (String) w.ok("pool.get_default_SR", sess, poolRef);
            String vdi = (String) w.ok("VDI.create", sess, Map.of("name_label", "web 1 data", "name_description", "",
                    "SR", sr, "virtual_size", Long.toString(2048 * MiB), "type", "user", "sharable", false,
                    "read_only", false, "other_config", Map.of()));
            Map<String, Object> v = w.rec("VDI.get_record", sess, vdi);
            assertEquals(sr, v.get("SR"));
            assertEquals(Long.toString(2048 * MiB), v.get("virtual_size"));
            assertTrue(l(w.rec("SR.get_record", sess, sr).get("VDIs")).contains(vdi));

            Map<String, Object> vbdRec = new java.util.LinkedHashMap<>(Map.of("VM", web, "VDI", vdi,
                    "userdevice", "autodetect", "bootable", false, "mode", "RW", "type", "Disk", "empty", false,
                    "other_config", Map.of(), "qos_algorithm_type", "", "qos_algorithm_params", Map.of()));
            String vbd = (String) w.ok("VBD.create", sess, vbdRec);
            Map<String, Object> b = w.rec("VBD.get_record", sess, vbd);
            assertEquals("1", b.get("userdevice"));
            assertEquals(false, b.get("currently_attached"));
            assertEquals("", b.get("device"));
            w.ok("VBD.plug", sess, vbd);
            b = w.rec("VBD.get_record", sess, vbd);
            assertEquals("xvdb", b.get("device"));
            assertEquals(true, b.get("currently_attached"));
            assertEquals(List.of("DEVICE_ALREADY_ATTACHED", vbd), w.err("VBD.plug", sess, vbd));
            assertTrue(l(w.ok("VM.get_VBDs", sess, web)).contains(vbd));
            Map<String, Object> allVbds = w.rec("VBD.get_all_records", sess);
            assertEquals(2, allVbds.size());
            assertEquals(List.of("VDI_IN_USE", vdi, "destroy"), w.err("VDI.destroy", sess, vdi));
            vbdRec.put("userdevice", "1");
            assertEquals(List.of("DEVICE_ALREADY_EXISTS", "1"), w.err("VBD.create", sess, vbdRec));

            String db = vmRef(w, sess, "db");
            vbdRec.put("VM", db);
            vbdRec.put("userdevice", "3");
            String dbVbd = (String) w.ok("VBD.create", sess, vbdRec);
            assertEquals(List.of("VM_BAD_POWER_STATE", db, "running", "halted"), w.err("VBD.plug", sess, dbVbd));
            w.ok("VM.start", sess, db, false, false);
            assertEquals("xvdd", w.ok("VBD.get_device", sess, dbVbd), "attached at boot, userdevice 3");

            assertEquals("SR_FULL", w.err("VDI.create", sess, Map.of("name_label", "huge", "SR", sr,
                    "virtual_size", Long.toString(1L << 50), "type", "user", "sharable", false, "read_only", false,
                    "other_config", Map.of())).get(0));
            assertEquals(List.of("HANDLE_INVALID", "SR", "OpaqueRef:NULL"), w.err("VDI.create", sess,
                    Map.of("name_label", "x", "SR", "OpaqueRef:NULL", "virtual_size", "1")));
        }
    }

    @Test
    void cloneProvisionStartDestroy() throws Exception {
        SimXapiPool pool = pool();
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            String tpl = vmRef(w, sess, "Debian Bookworm 12");
            String vm = (String) w.ok("VM.clone", sess, tpl, "new vm");
            Map<String, Object> r = w.rec("VM.get_record", sess, vm);
            assertEquals(true, r.get("is_a_template"), "a clone of a template is a template");
            assertEquals(false, r.get("is_default_template"));
            assertEquals(List.of(), r.get("VBDs"));
            w.ok("VM.provision", sess, vm);
            r = w.rec("VM.get_record", sess, vm);
            assertEquals(1, l(r.get("VBDs")).size());
            assertFalse(m(r.get("other_config")).containsKey("disks"));
            Map<String, Object> vbd = w.rec("VBD.get_record", sess, l(r.get("VBDs")).get(0));
            assertEquals("0", vbd.get("userdevice"));
            assertEquals(true, vbd.get("bootable"));
            Map<String, Object> vdi = w.rec("VDI.get_record", sess, vbd.get("VDI"));
            assertEquals("10737418240", vdi.get("virtual_size"));
            assertEquals("new vm 0", vdi.get("name_label"));
            assertEquals(List.of("VM_IS_TEMPLATE", vm), w.err("VM.start", sess, vm, false, false));
            w.ok("VM.set_is_a_template", sess, vm, false);
            w.ok("VM.start", sess, vm, false, false);
            assertEquals("xvda", w.ok("VBD.get_device", sess, l(r.get("VBDs")).get(0)));
            assertEquals(List.of("VM_BAD_POWER_STATE", vm, "halted", "running"), w.err("VM.destroy", sess, vm));
            assertEquals(List.of("VM_BAD_POWER_STATE", vm, "halted", "running"), w.err("VM.clone", sess, vm, "x"));
            w.ok("VM.hard_shutdown", sess, vm);
            String copy = (String) w.ok("VM.clone", sess, vm, "copy of new vm");
            assertEquals(1, l(w.ok("VM.get_VBDs", sess, copy)).size(), "clone copies the disks");
            w.ok("VM.destroy", sess, vm);
            assertEquals(List.of("HANDLE_INVALID", "VM", vm), w.err("VM.get_record", sess, vm));
            assertTrue(w.rec("VDI.get_all_records", sess).containsKey(vbd.get("VDI")), "VM.destroy keeps the VDIs");
            w.ok("VDI.destroy", sess, vbd.get("VDI"));
            assertEquals(List.of("HANDLE_INVALID", "VDI", vbd.get("VDI")), w.err("VDI.get_record", sess, vbd.get("VDI")));
            assertFalse(pool.findVm("new vm").isPresent());
        }
    }

    @Test
    void errorArraysAndTestHooks() throws Exception {
        SimXapiPool pool = pool().shutdownTimeout(Duration.ofMillis(400));
        pool.vm("web 1").deaf(true);
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            String web = vmRef(w, sess, "web 1");
            assertEquals(List.of("MESSAGE_METHOD_UNKNOWN", "VM.frobnicate"), w.err("VM.frobnicate", sess, web));
            assertEquals(List.of("MESSAGE_METHOD_UNKNOWN", "VM.get_no_such_field"), w.err("VM.get_no_such_field", sess, web));
            assertEquals(List.of("MESSAGE_PARAMETER_COUNT_MISMATCH", "VM.start", "4", "2"), w.err("VM.start", sess, web));
            assertEquals(List.of("SESSION_INVALID", "OpaqueRef:bogus"), w.err("VM.get_all", "OpaqueRef:bogus"));
            assertEquals(List.of("HANDLE_INVALID", "VM", "OpaqueRef:nope"), w.err("VM.get_record", sess, "OpaqueRef:nope"));
            assertEquals(List.of("UUID_INVALID", "VM", "0000"), w.err("VM.get_by_uuid", sess, "0000"));

            long t0 = System.nanoTime();
            assertEquals(List.of("VM_SHUTDOWN_TIMEOUT", web, "0.4"), w.err("VM.clean_shutdown", sess, web));
            assertTrue((System.nanoTime() - t0) / 1_000_000 >= 400, "waited for the timeout");
            assertEquals("Running", w.ok("VM.get_power_state", sess, web));
            w.ok("VM.hard_shutdown", sess, web);
            assertEquals("Halted", w.ok("VM.get_power_state", sess, web));

            String db = vmRef(w, sess, "db");
            pool.vm("db").vanish();
            assertEquals(List.of("HANDLE_INVALID", "VM", db), w.err("VM.start", sess, db, false, false));

            assertEquals(1, pool.expireSessions());
            assertEquals(List.of("SESSION_INVALID", sess), w.err("VM.get_all_records", sess));
            pool.refuseLogins(true);
            assertEquals(List.of("SESSION_AUTHENTICATION_FAILED", "root", "Authentication failure"),
                    w.err("session.login_with_password", "root", "secret", "2.21", "t"));
            pool.refuseLogins(false);
            w.login();

            XapiWire.Http bad;
            try (XapiWire.Conn c = w.connect()) {
                c.send(XapiWire.postXml("<methodCall><methodName>VM.get_all</methodName><params><param>", true));
                bad = c.read();
            }
            assertEquals("INTERNAL_ERROR", ((List<?>) bad.envelope().get("ErrorDescription")).get(0));
            try (XapiWire.Conn c = w.connect()) {
                c.send("GET /export HTTP/1.1\r\nConnection: close\r\n\r\n");
                assertTrue(c.read().statusLine().startsWith("HTTP/1.1 404"));
            }
            CallRecord last = pool.callLog().get(pool.callLog().size() - 1);
            assertEquals("INTERNAL_ERROR", last.outcome());
            assertTrue(pool.callLog().stream().anyMatch(c -> c.method().equals("session.login_with_password")
                    && c.args().get(1).equals("********")), "the password is masked in the log");
        }
    }

    @Test
    void aMemberForwardsEveryCallToTheMaster() throws Exception {
        SimXapiPool pool = pool();
        SimHost xcp2 = pool.addHost("xcp2", false);
        pool.hostAddress(xcp2, "10.0.0.2");
        pool.addVm("pinned").affinity(xcp2);
        pool.addVm("on two").residentOn(xcp2).state(XapiPowerState.RUNNING);
        try (SimServer s1 = SimServer.start(pool.master(), XapiWire.pubKey());
             SimServer s2 = SimServer.start(xcp2, XapiWire.pubKey());
             XapiWire w1 = XapiWire.to(s1); XapiWire w2 = XapiWire.to(s2)) {
            pool.clearCallLog();
            String sess = w2.login();
            assertEquals(pool.hostRef(xcp2), w2.ok("session.get_this_host", sess, sess));
            Map<String, Object> viaMember = w2.rec("VM.get_all_records", sess);
            String sess1 = w1.login();
            Map<String, Object> viaMaster = w1.rec("VM.get_all_records", sess1);
            assertEquals(viaMaster.keySet(), viaMember.keySet(), "one database");
            assertEquals(8, viaMember.size()); // 2 control domains, 2 templates, 4 VMs
            assertEquals(2, w1.rec("host.get_all_records", sess1).size());
            assertEquals("10.0.0.2", w1.ok("host.get_address", sess1, pool.hostRef(xcp2)));

            String pinned = vmRef(w2, sess, "pinned");
            w2.ok("VM.start", sess, pinned, false, false);
            assertEquals(pool.hostRef(xcp2), w1.ok("VM.get_resident_on", sess1, pinned), "affinity");
            assertEquals("2", w1.ok("VM.get_domid", sess1, pinned), "domids count per host");
            String db = vmRef(w2, sess, "db");
            w2.ok("VM.start", sess, db, false, false);
            assertEquals(pool.hostRef(pool.master()), w2.ok("VM.get_resident_on", sess, db), "no affinity: master");
            w2.ok("VM.hard_shutdown", sess, db);
            w2.ok("VM.start_on", sess, db, pool.hostRef(xcp2), false, false);
            assertEquals(pool.hostRef(xcp2), w1.ok("VM.get_resident_on", sess1, db), "start_on");
            assertEquals(List.of("HANDLE_INVALID", "host", "OpaqueRef:NULL"),
                    w2.err("VM.start_on", sess, pinned, "OpaqueRef:NULL", false, false));
        }
        List<CallRecord> log = pool.callLog();
        CallRecord start = log.stream().filter(c -> c.method().equals("VM.start")).findFirst().orElseThrow();
        assertEquals("xcp2", start.receivedBy());
        assertEquals("xcp1", start.executedBy());
        assertEquals("Success", start.outcome());
        assertTrue(log.stream().allMatch(c -> c.executedBy().equals("xcp1")), log.toString());
        assertTrue(log.stream().anyMatch(c -> c.receivedBy().equals("xcp1")));
        assertEquals(pool.vm("pinned").ref(), start.args().get(1));
    }

    @Test
    void hostileNamesTravelEscapedAndComeBackExact() throws Exception {
        String hostile = "it's \"q\" $(touch /tmp/pwned) `id` <b>&amp; ; \\ & more\r\n!";
        SimXapiPool pool = pool();
        pool.addVm(hostile);
        try (SimServer s = SimServer.start(pool.master(), XapiWire.pubKey()); XapiWire w = XapiWire.to(s)) {
            String sess = w.login();
            XapiWire.Http raw = w.raw("VM.get_record", sess, pool.vm(hostile).ref());
            assertTrue(raw.body().contains("<value>it's \"q\" $(touch /tmp/pwned) `id` &lt;b&gt;&amp;amp; ; \\ &amp; "
                    + "more&#13;\n!</value>"), raw.body());
            assertEquals(hostile, raw.envelope().get("Value") instanceof Map<?, ?> r ? r.get("name_label") : null);
            String ref = vmRef(w, sess, hostile);
            String clone = (String) w.ok("VM.clone", sess, ref, hostile + " (2)");
            assertEquals(hostile + " (2)", w.ok("VM.get_name_label", sess, clone));
            w.ok("VM.set_name_label", sess, clone, "<script>&lt;</script>");
            assertEquals("<script>&lt;</script>", pool.vms().stream().filter(v -> v.ref().equals(clone)).findFirst()
                    .orElseThrow().name());
            assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/pwned")));
        }
    }

    @Test
    void xlConsoleOnlyOnTheMemberWhereTheDomainRuns() throws Exception {
        SimXapiPool pool = pool();
        SimHost xcp2 = pool.addHost("xcp2", false);
        XapiVm guest = pool.addVm("Web Guest").vcpus(3, 4).residentOn(xcp2).state(XapiPowerState.RUNNING);
        int domid = guest.domid();
        assertEquals(1, domid);
        assertEquals(1, pool.vm("web 1").domid(), "same domid on the master, another domain");
        pool.vm("web 1").vanish();
        try (SimServer s1 = SimServer.start(pool.master(), XapiWire.pubKey());
             SimServer s2 = SimServer.start(xcp2, XapiWire.pubKey());
             XapiWire w1 = XapiWire.to(s1); XapiWire w2 = XapiWire.to(s2)) {
            XapiWire.Run which = w2.exec("command -v xe xl", List.of(), 0, false);
            assertEquals("/opt/xensource/bin/xe\n/usr/sbin/xl\n", which.stdout());
            XapiWire.Run elsewhere = w1.exec("xl console " + domid, List.of(), 0, false);
            assertEquals(1, elsewhere.exit());
            assertEquals(domid + " is an invalid domain identifier (rc=-6)\n", elsewhere.stderr());
            XapiWire.Run list = w2.exec("xl list", List.of(), 0, false);
            assertEquals(2, list.exit());
            assertTrue(list.stderr().contains("not simulated"), list.stderr());

            XapiWire.Run con = w2.exec("xl console -t pv " + domid, List.of("echo hello\r", "nproc\r", "hostname\r",
                    "\u001d"), 200, true);
            assertEquals(0, con.exit(), con.stderr());
            assertTrue(con.stdout().contains("echo hello\r\nhello\r\n# "), con.stdout());
            assertTrue(con.stdout().contains("nproc\r\n3\r\n# "), con.stdout());
            assertTrue(con.stdout().contains("hostname\r\nweb-guest\r\n"), con.stdout());

            XapiWire.Run off = w2.exec("xl console " + domid, List.of("poweroff\r"), 200, true);
            assertEquals(0, off.exit(), off.stderr());
            String sess = w1.login();
            assertEquals("Halted", w1.ok("VM.get_power_state", sess, guest.ref()), "powered off from its console");
            assertEquals("-1", w1.ok("VM.get_domid", sess, guest.ref()));
            XapiWire.Run gone = w2.exec("xl console " + domid, List.of(), 0, false);
            assertEquals(1, gone.exit());
            assertNotEquals("", gone.stderr());
        }
    }
}
