package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.XapiPowerState.HALTED;
import static dev.virtdeck.sim.xapi.XapiPowerState.PAUSED;
import static dev.virtdeck.sim.xapi.XapiPowerState.RUNNING;
import static dev.virtdeck.sim.xapi.XapiPowerState.SUSPENDED;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The XAPI methods the simulator serves, with the reference semantics (XenAPI class reference: VM, VDI, VBD, SR,
 * host, pool, session; event.from in {@link XapiEvents}). Called with the pool lock held. Besides the explicit
 * table, every class answers the generic {@code get_all}, {@code get_all_records}, {@code get_record},
 * {@code get_by_uuid} and {@code get_FIELD} for each field of its record (and {@code get_by_name_label} where the
 * class has a name).
 *
 * <p>Size (~790 lines): one table entry per XAPI method (about sixty), each a few lines with the
 * reference's precondition (power state, constraint, error array); kept in one class so the table
 * reads like the API reference it follows.
 */
final class XapiMethods {

    private interface Handler {
        Object call(Ctx c, List<Object> a);
    }

    private record M(int min, int max, boolean session, Handler h) {}

    private record Ctx(XHost receivedBy, XSession session) {}

    private static final Set<String> CLASSES = Set.of("VM", "host", "pool", "SR", "VDI", "VBD", "VM_metrics",
            "host_metrics", "session", "network", "VIF", "VM_guest_metrics");
    private static final Set<String> NAMED = Set.of("VM", "host", "SR", "VDI", "network");

    // RECONSTRUCTED texts of the error parameters (the codes and their parameter lists follow the XenAPI error
    // reference; the exact wording of these reason strings was not captured from a real host)
    static final String MEMORY_RULE = "Memory limits must satisfy: static_min <= dynamic_min <= dynamic_max "
            + "<= static_max";
    static final String VCPU_RULE = "VCPU values must satisfy: 0 < VCPUs_at_startup <= VCPUs_max";
    static final String VCPU_LIVE_RULE = "The number of live VCPUs must satisfy: 0 < VCPUs_number <= VCPUs_max";
    static final String VCPU_MAX_HALTED = "VCPUs_max can only be changed while the VM is halted";
    static final String CONTROL_DOMAIN = "This operation is not allowed on a control domain";

    private final SimXapiPool pool;
    private final Map<String, M> table = new HashMap<>();
    private final Map<String, Set<String>> fields = new HashMap<>();

    XapiMethods(SimXapiPool pool) {
        this.pool = pool;
        sessions();
        vmLifecycle();
        vmSettings();
        vmCloning();
        storage();
    }

    private void def(String name, int args, Handler h) {
        table.put(name, new M(args, args, true, h));
    }

    Object dispatch(XHost receivedBy, String method, List<Object> a) {
        M m = table.get(method);
        if (m == null) {
            m = generic(method);
        }
        if (m == null) {
            throw new XapiFailure("MESSAGE_METHOD_UNKNOWN", method);
        }
        if (a.size() < m.min || a.size() > m.max) {
            throw new XapiFailure("MESSAGE_PARAMETER_COUNT_MISMATCH", method, Integer.toString(m.max),
                    Integer.toString(a.size()));
        }
        XSession s = m.session ? session(a.get(0)) : null;
        return m.h.call(new Ctx(receivedBy, s), a);
    }

    // ---- argument helpers --------------------------------------------------------------------------------

    private XSession session(Object ref) {
        XSession s = ref instanceof String r ? pool.sessions.get(r) : null;
        if (s == null) {
            throw new XapiFailure("SESSION_INVALID", String.valueOf(ref));
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private <T extends XObject> T obj(String cls, Object ref) {
        XObject o = ref instanceof String r ? pool.table(cls).get(r) : null;
        if (o == null) {
            throw XapiFailure.handleInvalid(cls, String.valueOf(ref));
        }
        return (T) o;
    }

    private XapiVm vm(List<Object> a) {
        return obj("VM", a.get(1));
    }

    private static String str(List<Object> a, int i, String name) {
        Object o = a.get(i);
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Integer || o instanceof Long) {
            return o.toString();
        }
        throw new XapiFailure("FIELD_TYPE_ERROR", name);
    }

    private static long lng(Object o, String name) {
        try {
            if (o instanceof String s) {
                return Long.parseLong(s.trim());
            }
            if (o instanceof Integer || o instanceof Long) {
                return ((Number) o).longValue();
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new XapiFailure("FIELD_TYPE_ERROR", name);
    }

    private static boolean bool(Object o, String name) {
        if (o instanceof Boolean b) {
            return b;
        }
        throw new XapiFailure("FIELD_TYPE_ERROR", name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String name) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new XapiFailure("FIELD_TYPE_ERROR", name);
    }

    private static Map<String, Object> stringMap(Object o, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(o, name).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw new XapiFailure("FIELD_TYPE_ERROR", name);
            }
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    // ---- generic getters ---------------------------------------------------------------------------------

    private M generic(String method) {
        int dot = method.indexOf('.');
        if (dot < 0) {
            return null;
        }
        String cls = method.substring(0, dot);
        String op = method.substring(dot + 1);
        if (!CLASSES.contains(cls)) {
            return null;
        }
        return switch (op) {
            case "get_all" -> new M(1, 1, true, (c, a) -> Records.refs(new ArrayList<>(pool.table(cls).values())));
            case "get_all_records" -> cls.equals("session") ? null : new M(1, 1, true, (c, a) -> {
                Map<String, Object> all = new LinkedHashMap<>();
                pool.table(cls).values().forEach(o -> all.put(o.ref, o.record()));
                return all;
            });
            case "get_record" -> new M(2, 2, true, (c, a) -> obj(cls, a.get(1)).record());
            case "get_by_uuid" -> new M(2, 2, true, (c, a) -> {
                String u = str(a, 1, "uuid");
                return pool.table(cls).values().stream().filter(o -> o.uuid.equals(u)).findFirst()
                        .map(o -> (Object) o.ref).orElseThrow(() -> new XapiFailure("UUID_INVALID", cls, u));
            });
            case "get_by_name_label" -> !NAMED.contains(cls) ? null : new M(2, 2, true, (c, a) -> {
                String label = str(a, 1, "label");
                return pool.table(cls).values().stream().filter(o -> label.equals(o.nameLabel()))
                        .map(o -> (Object) o.ref).toList();
            });
            default -> {
                if (!op.startsWith("get_") || !fieldsOf(cls).contains(op.substring(4))) {
                    yield null;
                }
                String field = op.substring(4);
                yield new M(2, 2, true, (c, a) -> obj(cls, a.get(1)).record().get(field));
            }
        };
    }

    /** The record fields of a class, from a sample record. */
    private Set<String> fieldsOf(String cls) {
        return fields.computeIfAbsent(cls, k -> {
            XHost m = pool.master;
            XObject sample = switch (k) {
                case "VM" -> new XapiVm(pool, "");
                case "VM_metrics" -> new XapiVm(pool, "").metrics;
                case "host" -> m;
                case "host_metrics" -> m.metrics;
                case "pool" -> pool.poolObject();
                case "SR" -> m.localSr;
                case "VDI" -> new XVdi(pool);
                case "VBD" -> new XVbd();
                case "network" -> new XNetwork(pool, "", "");
                case "VIF" -> new XVif();
                case "VM_guest_metrics" -> new XGuestMetrics();
                case "session" -> new XSession(m, "", "");
                default -> throw new IllegalArgumentException(k);
            };
            return Set.copyOf(sample.record().keySet());
        });
    }

    // ---- session -----------------------------------------------------------------------------------------

    private void sessions() {
        // login_with_password(uname, pwd [, version [, originator]]): any credentials, as the local superuser on
        // the UNIX socket; the pool's refuseLogins knob makes it fail.
        table.put("session.login_with_password", new M(2, 4, false, (c, a) -> {
            String uname = str(a, 0, "uname");
            str(a, 1, "pwd");
            if (pool.refuseLogins()) {
                throw new XapiFailure("SESSION_AUTHENTICATION_FAILED", uname,
                        "Authentication failure"); // RECONSTRUCTED: the second parameter's wording
            }
            XSession s = new XSession(c.receivedBy, uname, a.size() > 3 ? str(a, 3, "originator") : "");
            pool.sessions.put(s.ref, s);
            return s.ref;
        }));
        def("session.logout", 1, (c, a) -> {
            pool.sessions.remove(c.session.ref);
            return "";
        });
        def("session.get_this_host", 2, (c, a) -> ((XSession) obj("session", a.get(1))).thisHost.ref);
        XapiEvents events = new XapiEvents(pool); // event.from(session, classes, token, timeout): XapiEvents
        def("event.from", 4, (c, a) -> events.from(a.get(1), a.get(2), a.get(3)));
    }

    // ---- VM lifecycle ------------------------------------------------------------------------------------

    /** The common checks of a VM operation, in XAPI's order: template, control domain, blocked, power state. */
    private void check(XapiVm vm, String op, boolean templateOk, XapiPowerState... allowed) {
        if (vm.isTemplate && !templateOk) {
            throw new XapiFailure("VM_IS_TEMPLATE", vm.ref);
        }
        if (vm.isControlDomain) {
            throw new XapiFailure("OPERATION_NOT_ALLOWED", CONTROL_DOMAIN);
        }
        Object blocked = vm.blockedOperations.get(op);
        if (blocked != null) {
            throw new XapiFailure("OPERATION_BLOCKED", vm.ref, String.valueOf(blocked));
        }
        if (allowed.length > 0 && !List.of(allowed).contains(vm.powerState)) {
            throw XapiFailure.badPowerState(vm.ref, allowed[0], vm.powerState);
        }
    }

    private XHost enabledHost(Object ref) {
        XHost h = obj("host", ref);
        if (!h.enabled) {
            throw new XapiFailure("HOST_DISABLED", h.ref);
        }
        return h;
    }

    private void vmLifecycle() {
        def("VM.start", 4, (c, a) -> {
            XapiVm vm = vm(a);
            bool(a.get(2), "start_paused");
            bool(a.get(3), "force");
            check(vm, "start", false, HALTED);
            pool.boot(vm, pool.placementFor(vm), bool(a.get(2), "start_paused"), true);
            return "";
        });
        def("VM.start_on", 5, (c, a) -> {
            XapiVm vm = vm(a);
            XHost h = enabledHost(a.get(2));
            check(vm, "start_on", false, HALTED);
            pool.boot(vm, h, bool(a.get(3), "start_paused"), true);
            return "";
        });
        def("VM.clean_shutdown", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "clean_shutdown", false, RUNNING);
            if (vm.deaf && !waitForDeafGuest(vm)) {
                throw shutdownTimeout(vm);
            }
            pool.halt(vm);
            return "";
        });
        def("VM.shutdown", 2, (c, a) -> { // clean, and hard when the clean one fails
            XapiVm vm = vm(a);
            check(vm, "clean_shutdown", false, RUNNING, PAUSED, SUSPENDED);
            if (vm.powerState == RUNNING && vm.deaf) {
                waitForDeafGuest(vm);
            }
            if (pool.contains(vm)) {
                pool.halt(vm);
            }
            return "";
        });
        def("VM.hard_shutdown", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "hard_shutdown", false, RUNNING, PAUSED, SUSPENDED);
            pool.halt(vm);
            return "";
        });
        def("VM.clean_reboot", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "clean_reboot", false, RUNNING);
            if (vm.deaf && !waitForDeafGuest(vm)) {
                throw shutdownTimeout(vm);
            }
            reboot(vm);
            return "";
        });
        def("VM.hard_reboot", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "hard_reboot", false, RUNNING, PAUSED);
            reboot(vm);
            return "";
        });
        def("VM.pause", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "pause", false, RUNNING);
            vm.powerState = PAUSED;
            vm.syncGuest();
            return "";
        });
        def("VM.unpause", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "unpause", false, PAUSED);
            vm.powerState = RUNNING;
            vm.syncGuest();
            return "";
        });
        def("VM.suspend", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "suspend", false, RUNNING);
            pool.suspend(vm);
            return "";
        });
        def("VM.resume", 4, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "resume", false, SUSPENDED);
            pool.boot(vm, pool.placementFor(vm), bool(a.get(2), "start_paused"), true);
            return "";
        });
        def("VM.resume_on", 5, (c, a) -> {
            XapiVm vm = vm(a);
            XHost h = enabledHost(a.get(2));
            check(vm, "resume_on", false, SUSPENDED);
            pool.boot(vm, h, bool(a.get(3), "start_paused"), true);
            return "";
        });
        def("VM.pool_migrate", 4, (c, a) -> {
            XapiVm vm = vm(a);
            XHost h = enabledHost(a.get(2));
            map(a.get(3), "options");
            check(vm, "pool_migrate", false, RUNNING, PAUSED);
            if (h == vm.residentOn) {
                throw new XapiFailure("HOST_CANNOT_ATTACH_NETWORK", h.ref, XObject.NULL_REF); // RECONSTRUCTED
            }
            pool.moveDomain(vm, h);
            return "";
        });
    }

    private void reboot(XapiVm vm) {
        pool.moveDomain(vm, vm.residentOn);
        vm.powerState = RUNNING;
        vm.syncGuest();
    }

    /**
     * A deaf guest ignores the request: wait (releasing the pool lock) for the shutdown timeout. True when
     * another call stopped the VM meanwhile (e.g. hard_shutdown), false when it still runs.
     */
    private boolean waitForDeafGuest(XapiVm vm) {
        long deadline = System.nanoTime() + pool.shutdownTimeout().toNanos();
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0 && pool.contains(vm) && vm.powerState == RUNNING) {
                pool.lock.wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pool.contains(vm)) {
            throw XapiFailure.handleInvalid("VM", vm.ref);
        }
        return vm.powerState != RUNNING;
    }

    private XapiFailure shutdownTimeout(XapiVm vm) {
        // RECONSTRUCTED: the timeout parameter printed as seconds with a fraction
        return new XapiFailure("VM_SHUTDOWN_TIMEOUT", vm.ref,
                String.format(Locale.ROOT, "%.1f", pool.shutdownTimeout().toMillis() / 1000.0));
    }

    // ---- VM memory, vCPUs, fields ------------------------------------------------------------------------

    private static void memoryRule(long smin, long dmin, long dmax, long smax) {
        if (!(0 < smin && smin <= dmin && dmin <= dmax && dmax <= smax)) {
            throw new XapiFailure("MEMORY_CONSTRAINT_VIOLATION", MEMORY_RULE);
        }
    }

    private void halted(XapiVm vm) {
        if (vm.powerState != HALTED) {
            throw XapiFailure.badPowerState(vm.ref, HALTED, vm.powerState);
        }
    }

    private void vmSettings() {
        def("VM.set_memory_dynamic_range", 4, (c, a) -> {
            XapiVm vm = vm(a);
            long min = lng(a.get(2), "min");
            long max = lng(a.get(3), "max");
            if (!vm.isControlDomain && !List.of(HALTED, RUNNING).contains(vm.powerState)) {
                throw XapiFailure.badPowerState(vm.ref, RUNNING, vm.powerState);
            }
            memoryRule(vm.staticMin, min, max, vm.staticMax);
            vm.dynamicMin = min;
            vm.dynamicMax = max;
            if (vm.powerState.hasDomain()) {
                long free = vm.residentOn.memoryFree();
                vm.memoryActual = Math.max(min, Math.min(max, vm.memoryActual + free));
                vm.syncGuest();
            }
            return "";
        });
        for (String f : List.of("dynamic_max", "dynamic_min")) {
            def("VM.set_memory_" + f, 3, (c, a) -> {
                XapiVm vm = vm(a);
                long v = lng(a.get(2), "value");
                halted(vm);
                long dmin = f.equals("dynamic_min") ? v : vm.dynamicMin;
                long dmax = f.equals("dynamic_max") ? v : vm.dynamicMax;
                memoryRule(vm.staticMin, dmin, dmax, vm.staticMax);
                vm.dynamicMin = dmin;
                vm.dynamicMax = dmax;
                return "";
            });
        }
        def("VM.set_memory_limits", 6, (c, a) -> {
            XapiVm vm = vm(a);
            long smin = lng(a.get(2), "static_min");
            long smax = lng(a.get(3), "static_max");
            long dmin = lng(a.get(4), "dynamic_min");
            long dmax = lng(a.get(5), "dynamic_max");
            halted(vm);
            memoryRule(smin, dmin, dmax, smax);
            vm.staticMin = smin;
            vm.staticMax = smax;
            vm.dynamicMin = dmin;
            vm.dynamicMax = dmax;
            return "";
        });
        def("VM.set_memory_static_max", 3, (c, a) -> {
            XapiVm vm = vm(a);
            long v = lng(a.get(2), "value");
            halted(vm);
            memoryRule(vm.staticMin, vm.dynamicMin, vm.dynamicMax, v);
            vm.staticMax = v;
            return "";
        });
        def("VM.set_memory_static_min", 3, (c, a) -> {
            XapiVm vm = vm(a);
            long v = lng(a.get(2), "value");
            halted(vm);
            memoryRule(v, vm.dynamicMin, vm.dynamicMax, vm.staticMax);
            vm.staticMin = v;
            return "";
        });
        def("VM.set_memory", 3, (c, a) -> { // static_max = dynamic_max = dynamic_min = value
            XapiVm vm = vm(a);
            long v = lng(a.get(2), "value");
            halted(vm);
            memoryRule(vm.staticMin, v, v, v);
            vm.staticMax = v;
            vm.dynamicMax = v;
            vm.dynamicMin = v;
            return "";
        });
        def("VM.set_VCPUs_number_live", 3, (c, a) -> {
            XapiVm vm = vm(a);
            long n = lng(a.get(2), "nvcpu");
            if (vm.isTemplate) {
                throw new XapiFailure("VM_IS_TEMPLATE", vm.ref);
            }
            if (vm.powerState != RUNNING) {
                throw XapiFailure.badPowerState(vm.ref, RUNNING, vm.powerState);
            }
            if (n < 1 || n > vm.vcpusMax) {
                throw new XapiFailure("OPERATION_NOT_ALLOWED", VCPU_LIVE_RULE);
            }
            vm.vcpusLive = n;
            vm.vcpusAtStartup = n;
            vm.syncGuest();
            return "";
        });
        def("VM.set_VCPUs_at_startup", 3, (c, a) -> {
            XapiVm vm = vm(a);
            long n = lng(a.get(2), "value");
            halted(vm);
            if (n < 1 || n > vm.vcpusMax) {
                throw new XapiFailure("OPERATION_NOT_ALLOWED", VCPU_RULE);
            }
            vm.vcpusAtStartup = n;
            return "";
        });
        def("VM.set_VCPUs_max", 3, (c, a) -> {
            XapiVm vm = vm(a);
            long n = lng(a.get(2), "value");
            if (vm.powerState != HALTED) {
                throw new XapiFailure("OPERATION_NOT_ALLOWED", VCPU_MAX_HALTED);
            }
            if (n < 1 || n < vm.vcpusAtStartup) {
                throw new XapiFailure("OPERATION_NOT_ALLOWED", VCPU_RULE);
            }
            vm.vcpusMax = n;
            return "";
        });
        def("VM.set_name_label", 3, (c, a) -> {
            vm(a).nameLabel = str(a, 2, "value");
            return "";
        });
        def("VM.set_name_description", 3, (c, a) -> {
            vm(a).nameDescription = str(a, 2, "value");
            return "";
        });
        def("VM.set_is_a_template", 3, (c, a) -> {
            XapiVm vm = vm(a);
            boolean v = bool(a.get(2), "value");
            if (vm.isControlDomain) {
                throw new XapiFailure("OPERATION_NOT_ALLOWED", CONTROL_DOMAIN);
            }
            if (v) {
                halted(vm);
            }
            vm.isTemplate = v;
            if (!v) {
                vm.isDefaultTemplate = false;
            }
            return "";
        });
        def("VM.set_affinity", 3, (c, a) -> {
            XapiVm vm = vm(a);
            vm.affinity = XObject.NULL_REF.equals(a.get(2)) ? null : obj("host", a.get(2));
            return "";
        });
        def("VM.set_other_config", 3, (c, a) -> {
            vm(a).otherConfig = stringMap(a.get(2), "value");
            return "";
        });
        def("VM.add_to_other_config", 4, (c, a) -> {
            XapiVm vm = vm(a);
            String k = str(a, 2, "key");
            if (vm.otherConfig.containsKey(k)) {
                throw new XapiFailure("MAP_DUPLICATE_KEY", "VM", "other_config", vm.ref, k);
            }
            vm.otherConfig.put(k, str(a, 3, "value"));
            return "";
        });
        def("VM.remove_from_other_config", 3, (c, a) -> {
            vm(a).otherConfig.remove(str(a, 2, "key"));
            return "";
        });
        def("VM.set_blocked_operations", 3, (c, a) -> {
            vm(a).blockedOperations = stringMap(a.get(2), "value");
            return "";
        });
        def("VM.add_to_blocked_operations", 4, (c, a) -> {
            vm(a).blockedOperations.put(str(a, 2, "key"), str(a, 3, "value"));
            return "";
        });
        def("VM.remove_from_blocked_operations", 3, (c, a) -> {
            vm(a).blockedOperations.remove(str(a, 2, "key"));
            return "";
        });
    }

    // ---- clone, provision, destroy -----------------------------------------------------------------------

    private void vmCloning() {
        def("VM.clone", 3, (c, a) -> {
            XapiVm src = vm(a);
            String name = str(a, 2, "new_name");
            check(src, "clone", true, HALTED);
            XapiVm vm = pool.newVm(name);
            vm.nameDescription = src.nameDescription;
            vm.isTemplate = src.isTemplate; // a clone of a template is a template (until set_is_a_template false)
            vm.staticMin = src.staticMin;
            vm.staticMax = src.staticMax;
            vm.dynamicMin = src.dynamicMin;
            vm.dynamicMax = src.dynamicMax;
            vm.vcpusMax = src.vcpusMax;
            vm.vcpusAtStartup = src.vcpusAtStartup;
            vm.domainType = src.domainType;
            vm.pvBootloader = src.pvBootloader;
            vm.hvmBootPolicy = src.hvmBootPolicy;
            vm.hvmBootParams = new LinkedHashMap<>(src.hvmBootParams);
            vm.platform = new LinkedHashMap<>(src.platform);
            vm.otherConfig = new LinkedHashMap<>(src.otherConfig);
            vm.otherConfig.remove("default_template");
            vm.blockedOperations = new LinkedHashMap<>(src.blockedOperations);
            vm.affinity = src.affinity;
            // RECONSTRUCTED (XenAPI reference, VM.clone): VIFs are copied onto the same networks with new MACs
            for (XVif f : pool.vifsOf(src)) {
                pool.newVif(vm, f.network, f.device, "");
            }
            for (XVbd b : pool.vbdsOf(src)) {
                XVdi copy = null;
                if (b.vdi != null) {
                    copy = newVdi(b.vdi.nameLabel, b.vdi.sr, b.vdi.virtualSize);
                    copy.type = b.vdi.type;
                    copy.nameDescription = b.vdi.nameDescription;
                }
                XVbd nb = pool.newVbd(vm, copy, b.userdevice, b.bootable);
                nb.mode = b.mode;
                nb.type = b.type;
                nb.empty = b.empty;
            }
            return vm.ref;
        });
        def("VM.provision", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "provision", true, HALTED);
            Object disks = vm.otherConfig.get("disks");
            if (disks instanceof String xml && !xml.isBlank()) {
                for (Element d : provisionDisks(xml)) {
                    String device = d.getAttribute("device");
                    long size = lng(d.getAttribute("size"), "size");
                    String srUuid = d.getAttribute("sr");
                    XSr sr = srUuid.isEmpty() ? pool.defaultSr() : pool.table("SR").values().stream()
                            .filter(s -> s.uuid.equals(srUuid)).map(s -> (XSr) s).findFirst()
                            .orElseThrow(() -> new XapiFailure("UUID_INVALID", "SR", srUuid));
                    if (pool.vbdsOf(vm).stream().anyMatch(b -> b.userdevice.equals(device))) {
                        throw new XapiFailure("DEVICE_ALREADY_EXISTS", device);
                    }
                    XVdi vdi = newVdi(vm.nameLabel + " " + device, sr, size);
                    vdi.type = d.getAttribute("type").isEmpty() ? "system" : d.getAttribute("type");
                    pool.newVbd(vm, vdi, device, Boolean.parseBoolean(d.getAttribute("bootable")));
                }
                vm.otherConfig.remove("disks");
            }
            return "";
        });
        // RECONSTRUCTED from the XenAPI reference (VM.snapshot, VM.revert; the VM's parent field): a snapshot is a
        // halted VM record of its own, is_a_snapshot, with copies of the VM's disks; the VM's parent becomes it
        def("VM.snapshot", 3, (c, a) -> {
            XapiVm src = vm(a);
            check(src, "snapshot", false, HALTED, RUNNING, PAUSED, SUSPENDED);
            XapiVm snap = pool.newVm(str(a, 2, "new_name"));
            snap.isASnapshot = true;
            snap.snapshotOf = src;
            snap.snapshotTime = java.time.Instant.now().with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0);
            snap.parent = src.parent;
            snap.staticMax = src.staticMax;
            snap.dynamicMin = src.dynamicMin;
            snap.dynamicMax = src.dynamicMax;
            snap.vcpusMax = src.vcpusMax;
            snap.vcpusAtStartup = src.vcpusAtStartup;
            for (XVbd b : pool.vbdsOf(src)) {
                XVdi copy = null;
                if (b.vdi != null) {
                    copy = newVdi(b.vdi.nameLabel, b.vdi.sr, b.vdi.virtualSize);
                    copy.type = b.vdi.type;
                }
                XVbd nb = pool.newVbd(snap, copy, b.userdevice, b.bootable);
                nb.type = b.type;
                nb.empty = b.empty;
            }
            src.parent = snap;
            return snap.ref;
        });
        def("VM.revert", 2, (c, a) -> {
            XapiVm snap = vm(a);
            if (!snap.isASnapshot || snap.snapshotOf == null || !pool.contains(snap.snapshotOf)) {
                throw new XapiFailure("VM_REVERT_FAILED", snap.ref, XObject.ref(snap.snapshotOf));
            }
            XapiVm vm = snap.snapshotOf;
            if (vm.powerState != HALTED) {
                pool.halt(vm); // a snapshot holds no memory: the VM comes back halted
            }
            vm.parent = snap;
            return "";
        });
        def("VM.destroy", 2, (c, a) -> {
            XapiVm vm = vm(a);
            check(vm, "destroy", true, HALTED, SUSPENDED);
            pool.remove(vm);
            return "";
        });
    }

    private static List<Element> provisionDisks(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList nl = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getElementsByTagName("disk");
            List<Element> l = new ArrayList<>();
            for (int i = 0; i < nl.getLength(); i++) {
                l.add((Element) nl.item(i));
            }
            return l;
        } catch (Exception e) {
            throw new XapiFailure("INTERNAL_ERROR", "cannot parse other_config:disks: " + e.getMessage());
        }
    }

    // ---- VDI, VBD ----------------------------------------------------------------------------------------

    private XVdi newVdi(String name, XSr sr, long size) {
        long free = sr.physicalSize - sr.utilisation();
        if (size < 0) {
            throw new XapiFailure("FIELD_TYPE_ERROR", "virtual_size");
        }
        if (size > free) {
            throw new XapiFailure("SR_FULL", Long.toString(size), Long.toString(free));
        }
        return pool.newVdi(name, sr, size);
    }

    private void storage() {
        def("VDI.create", 2, (c, a) -> {
            Map<String, Object> r = map(a.get(1), "args");
            XSr sr = obj("SR", r.get("SR"));
            XVdi vdi = newVdi(r.getOrDefault("name_label", "") instanceof String s ? s : "",
                    sr, lng(r.getOrDefault("virtual_size", "0"), "virtual_size"));
            vdi.nameDescription = r.get("name_description") instanceof String s ? s : "";
            vdi.type = r.get("type") instanceof String s ? s : "user";
            vdi.sharable = r.containsKey("sharable") && bool(r.get("sharable"), "sharable");
            vdi.readOnly = r.containsKey("read_only") && bool(r.get("read_only"), "read_only");
            vdi.otherConfig = r.containsKey("other_config") ? stringMap(r.get("other_config"), "other_config")
                    : new LinkedHashMap<>();
            return vdi.ref;
        });
        def("VDI.destroy", 2, (c, a) -> {
            XVdi vdi = obj("VDI", a.get(1));
            if (vdi.inUse()) {
                throw new XapiFailure("VDI_IN_USE", vdi.ref, "destroy");
            }
            pool.removeVdi(vdi);
            return "";
        });
        def("VDI.set_name_label", 3, (c, a) -> {
            ((XVdi) obj("VDI", a.get(1))).nameLabel = str(a, 2, "value");
            return "";
        });
        def("VBD.create", 2, (c, a) -> {
            Map<String, Object> r = map(a.get(1), "args");
            XapiVm vm = obj("VM", r.get("VM"));
            boolean empty = r.containsKey("empty") && bool(r.get("empty"), "empty");
            XVdi vdi = empty && (r.get("VDI") == null || XObject.NULL_REF.equals(r.get("VDI")))
                    ? null : obj("VDI", r.get("VDI"));
            String ud = r.get("userdevice") instanceof String s ? s : "autodetect";
            if (ud.equals("autodetect")) {
                ud = pool.freeUserdevice(vm);
            } else if (!ud.matches("\\d{1,2}") || Integer.parseInt(ud) > 15) {
                throw new XapiFailure("INVALID_DEVICE", ud);
            } else {
                String u = Integer.toString(Integer.parseInt(ud));
                if (pool.vbdsOf(vm).stream().anyMatch(b -> b.userdevice.equals(u))) {
                    throw new XapiFailure("DEVICE_ALREADY_EXISTS", u);
                }
                ud = u;
            }
            String mode = r.get("mode") instanceof String s ? s : "RW";
            String type = r.get("type") instanceof String s ? s : "Disk";
            if (!List.of("RW", "RO").contains(mode)) {
                throw new XapiFailure("FIELD_TYPE_ERROR", "mode");
            }
            if (!List.of("Disk", "CD", "Floppy").contains(type)) {
                throw new XapiFailure("FIELD_TYPE_ERROR", "type");
            }
            XVbd b = pool.newVbd(vm, vdi, ud, r.containsKey("bootable") && bool(r.get("bootable"), "bootable"));
            b.mode = mode;
            b.type = type;
            b.empty = empty;
            if (r.get("unpluggable") instanceof Boolean u) {
                b.unpluggable = u;
            }
            if (r.containsKey("other_config")) {
                b.otherConfig = stringMap(r.get("other_config"), "other_config");
            }
            if (r.get("qos_algorithm_type") instanceof String q) {
                b.qosAlgorithmType = q;
            }
            if (r.containsKey("qos_algorithm_params")) {
                b.qosAlgorithmParams = stringMap(r.get("qos_algorithm_params"), "qos_algorithm_params");
            }
            return b.ref;
        });
        // RECONSTRUCTED from the XenAPI reference (VIF.create: device, network, VM, MAC ("" = generated), MTU,
        // other_config, qos_*; the rest optional). A VIF made on a running VM stays unplugged here (no hot-plug)
        def("VIF.create", 2, (c, a) -> {
            Map<String, Object> r = map(a.get(1), "args");
            XapiVm vm = obj("VM", r.get("VM"));
            XNetwork n = obj("network", r.get("network"));
            String device = r.get("device") instanceof String d ? d : "";
            if (!device.matches("\\d{1,2}")) {
                throw new XapiFailure("INVALID_DEVICE", device);
            }
            if (pool.vifsOf(vm).stream().anyMatch(v -> v.device.equals(device))) {
                throw new XapiFailure("DEVICE_ALREADY_EXISTS", device);
            }
            XVif v = pool.newVif(vm, n, device, r.get("MAC") instanceof String m ? m : "");
            if (r.containsKey("MTU")) {
                v.mtu = lng(r.get("MTU"), "MTU");
            }
            if (r.containsKey("other_config")) {
                v.otherConfig = stringMap(r.get("other_config"), "other_config");
            }
            return v.ref;
        });
        def("VIF.destroy", 2, (c, a) -> {
            XVif v = obj("VIF", a.get(1));
            if (v.vm != null && v.vm.powerState.hasDomain()) {
                throw new XapiFailure("OPERATION_NOT_ALLOWED", "VIF is currently attached");
            }
            pool.removeVif(v);
            return "";
        });
        def("VBD.plug", 2, (c, a) -> {
            XVbd b = obj("VBD", a.get(1));
            if (b.vm.powerState != RUNNING) {
                throw XapiFailure.badPowerState(b.vm.ref, RUNNING, b.vm.powerState);
            }
            if (b.currentlyAttached) {
                throw new XapiFailure("DEVICE_ALREADY_ATTACHED", b.ref);
            }
            b.attach();
            return "";
        });
        def("VBD.unplug", 2, (c, a) -> {
            XVbd b = obj("VBD", a.get(1));
            if (b.vm.powerState != RUNNING) {
                throw XapiFailure.badPowerState(b.vm.ref, RUNNING, b.vm.powerState);
            }
            if (!b.currentlyAttached) {
                throw new XapiFailure("DEVICE_ALREADY_DETACHED", b.ref);
            }
            b.currentlyAttached = false;
            return "";
        });
        def("VBD.destroy", 2, (c, a) -> {
            XVbd b = obj("VBD", a.get(1));
            if (b.currentlyAttached) {
                throw new XapiFailure("OPERATION_NOT_ALLOWED", "VBD '" + b.uuid + "' still attached to '"
                        + b.vm.uuid + "'"); // RECONSTRUCTED wording
            }
            pool.removeVbd(b);
            return "";
        });
    }
}
