package dev.virtdeck.sim.xapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code event.from(session, classes, token, timeout)}: RECONSTRUCTED from the XenAPI class reference (class
 * {@code event}: "Blocking call which returns a new token and a (possibly empty) batch of events ... The empty
 * string represents the beginning"; the result is a struct of {@code events}, {@code valid_ref_counts} and
 * {@code token}) and from xapi's own source ({@code ocaml/xapi/xapi_event.ml}, {@code event_types.ml}) for what
 * the reference leaves open, nothing captured from a real host:
 * <ul>
 *   <li>a subscription is {@code *}, a class name (matched case-insensitively) or {@code class/ref}; a name that
 *       is no class matches nothing, without an error, as in xapi;</li>
 *   <li>the empty token is the beginning: every object of the subscribed classes comes as ONE {@code add} event
 *       whose {@code snapshot} is the object's record (what its {@code get_record} returns);</li>
 *   <li>an event is {@code {id, timestamp, class, operation, ref, snapshot}}: {@code id} the object's creation
 *       generation as a decimal string, {@code timestamp} the string {@code "0.0"} (event.from sets no time),
 *       {@code class} in lower case ({@code "vm"}, {@code "vm_metrics"});</li>
 *   <li>{@code valid_ref_counts} maps every table (lower case) to its object count (int); the token is
 *       {@code "%020d,%020d"} (database generation, message generation); a token that does not parse fails
 *       with {@code EVENT_FROM_TOKEN_PARSE_FAILURE [token]};</li>
 *   <li>when nothing matches, the call waits up to {@code timeout} seconds (the pool lock released) for a
 *       matching object, then answers an empty batch.</li>
 * </ul>
 * Not simulated: a token from an earlier call (the sim keeps no per-object modification or deletion
 * generations, so it cannot tell what changed since); it fails with {@code INTERNAL_ERROR} saying so, rather
 * than answering something a real XAPI would not.
 */
final class XapiEvents {

    /** The tables that generate events (session does not: gen_events is false for it in xapi's datamodel). */
    private static final List<String> TABLES = List.of("pool", "host", "host_metrics", "VM", "VM_metrics",
            "VM_guest_metrics", "SR", "VDI", "VBD", "network", "VIF");
    private static final List<String> ALL_TABLES = List.of("pool", "host", "host_metrics", "VM", "VM_metrics",
            "VM_guest_metrics", "SR", "VDI", "VBD", "network", "VIF", "session");
    private static final Pattern TOKEN = Pattern.compile("(\\d+),(\\d+)");

    private record Subscription(String table, String ref) {
        boolean matches(String t, String r) {
            return (table.equals("*") || table.equals(t.toLowerCase(Locale.ROOT))) && (ref == null || ref.equals(r));
        }
    }

    private final SimXapiPool pool;

    XapiEvents(SimXapiPool pool) {
        this.pool = pool;
    }

    /** Called with the pool lock held; arguments after the session: classes, token, timeout. */
    Map<String, Object> from(Object classes, Object token, Object timeout) {
        List<Subscription> subs = subscriptions(classes);
        if (!(token instanceof String t)) {
            throw new XapiFailure("FIELD_TYPE_ERROR", "token");
        }
        if (!t.isEmpty()) {
            if (!TOKEN.matcher(t).matches()) {
                throw new XapiFailure("EVENT_FROM_TOKEN_PARSE_FAILURE", t);
            }
            throw new XapiFailure("INTERNAL_ERROR", "sim: event.from with a token from an earlier call is not"
                    + " simulated (the simulator keeps no modification or deletion generations); use the empty token");
        }
        long deadline = System.nanoTime() + (long) (seconds(timeout) * 1e9);
        List<Object> events = events(subs);
        try {
            long left;
            while (events.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                pool.lock.wait(Math.max(1, left / 1_000_000));
                events = events(subs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String table : ALL_TABLES) {
            counts.put(table.toLowerCase(Locale.ROOT), pool.table(table).size());
        }
        return Records.struct("events", events, "valid_ref_counts", counts,
                "token", String.format(Locale.ROOT, "%020d,%020d", XObject.generation(), 0));
    }

    private List<Object> events(List<Subscription> subs) {
        List<Object> events = new ArrayList<>();
        for (String table : TABLES) {
            for (XObject o : pool.table(table).values()) {
                if (subs.stream().anyMatch(s -> s.matches(table, o.ref))) {
                    events.add(Records.struct("id", Long.toString(o.created), "timestamp", "0.0",
                            "class", table.toLowerCase(Locale.ROOT), "operation", "add", "ref", o.ref,
                            "snapshot", o.record()));
                }
            }
        }
        return events;
    }

    private static List<Subscription> subscriptions(Object classes) {
        if (!(classes instanceof List<?> l)) {
            throw new XapiFailure("FIELD_TYPE_ERROR", "classes");
        }
        List<Subscription> subs = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) {
                throw new XapiFailure("FIELD_TYPE_ERROR", "classes");
            }
            int slash = s.indexOf('/');
            subs.add(s.equals("*") ? new Subscription("*", null)
                    : slash < 0 ? new Subscription(s.toLowerCase(Locale.ROOT), null)
                    : new Subscription(s.substring(0, slash).toLowerCase(Locale.ROOT), s.substring(slash + 1)));
        }
        return subs;
    }

    private static double seconds(Object timeout) {
        if (timeout instanceof Double d) {
            return Math.max(0, d);
        }
        if (timeout instanceof Integer || timeout instanceof Long) {
            return Math.max(0, ((Number) timeout).doubleValue());
        }
        throw new XapiFailure("FIELD_TYPE_ERROR", "timeout");
    }
}
