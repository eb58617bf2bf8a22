package dev.virtdeck.fleet;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.PoolMember;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batch engine: connects hosts and opens their drivers, lists VMs and runs actions on many
 * targets, all in parallel with a bound. One host's or target's failure never stops the others;
 * it becomes that host's {@link HostStatus} or that target's {@link Outcome}.
 *
 * <p>A host that could not be connected is remembered as failed, and tried again by the next
 * {@link #connect} or {@link #list} once its back-off has passed: {@link #FIRST_RETRY} after the
 * first failure, doubling up to {@link #MAX_RETRY}; a success resets it. So a one-shot command
 * asks each host once, and a long session (the TUI) sees a host come back.
 *
 * <p>A connected host whose connection is lost under a call (a {@link HostUnreachableException}
 * from its driver) is marked lost at once: the call fails with the cause and is never re-sent,
 * the host's targets not yet started in this run fail as not attempted, and the host is
 * connected again like a failed one, after its back-off.
 *
 * <p>A working connection is reused only while it is still right for the host asked for: when the
 * host's resolved settings differ (an edited inventory) or its SSH connection is known to be down,
 * it is closed and the host connected afresh. Long-lived fleets (the agent's) rely on that, and
 * call {@link #retryFailedNow} before each command so failed hosts are asked again at once.
 *
 * <pre>
 * try (Fleet fleet = new Fleet(options, pool::connect, new DefaultDriverOpener(), trace)) {
 *     Listing listing = fleet.list(hosts);
 *     List&lt;TargetResult&gt; results = fleet.run(targets, (driver, vm) -&gt; driver.start(vm));
 * }
 * </pre>
 */
public final class Fleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Fleet.class);
    /** The round trip measured as a host's latency. */
    static final RemoteCommand PING = RemoteCommand.of("true");
    /** Wait after a host's first failed connection before it is tried again. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    /** The longest wait between two connection attempts to a failed host. */
    public static final Duration MAX_RETRY = Duration.ofSeconds(60);

    private final FleetOptions options;
    private final HostConnector connector;
    private final DriverOpener opener;
    /** Looks for the installed kinds' tools on hosts whose inventory names no drivers. */
    private final DriverDetector detector;
    private final Trace trace;
    private final Bounded workers;
    private final AutoCloseable resources;
    private final Map<String, HostConnection> connections = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<HostConnection>> pending = new ConcurrentHashMap<>();
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();
    /** Drivers of lost connections: closed when the fleet closes, not under a call still running. */
    private final List<HypervisorDriver> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Hosts whose last listing failed (connected, but e.g. the toolstack is missing), with the error. */
    private final Map<String, String> unlisted = new ConcurrentHashMap<>();
    /** Pool membership of listed hosts (XAPI), to list each pool VM once. */
    private final Map<String, PoolMember> pools = new ConcurrentHashMap<>();
    private final Clock clock;
    /** Connection attempts made ({@link #connectionsOpened}). */
    private final AtomicInteger attempts = new AtomicInteger();

    /** Consecutive failed connections of a host and when it may be tried again. */
    private record Retry(int failures, Instant notBefore) {
    }

    public Fleet(FleetOptions options, HostConnector connector, DriverOpener opener, Trace trace) {
        this(options, connector, opener, trace, null);
    }

    /**
     * @param resources closed last by {@link #close()} (the SSH pool behind {@code connector}), or null
     */
    public Fleet(FleetOptions options, HostConnector connector, DriverOpener opener, Trace trace,
                 AutoCloseable resources) {
        this(options, connector, opener, trace, resources, Clock.systemUTC());
    }

    /**
     * @param clock times the retry back-off of failed hosts (tests pass a settable one)
     */
    public Fleet(FleetOptions options, HostConnector connector, DriverOpener opener, Trace trace,
                 AutoCloseable resources, Clock clock) {
        this.clock = clock;
        this.resources = resources;
        this.options = options;
        this.connector = connector;
        this.opener = opener;
        this.detector = new DriverDetector(opener.kinds());
        this.trace = trace;
        this.workers = new Bounded(options.parallel());
    }

    /**
     * Connects every host not connected yet, and the failed ones whose back-off has passed (in
     * parallel), and returns their statuses in order.
     */
    public List<HostStatus> connect(List<ResolvedHost> hosts) {
        return workers.map(hosts, h -> connection(h).status(),
                h -> HostStatus.failed(h.name(), "not connected: interrupted"));
    }

    /** Connects the hosts (as {@link #connect}) and lists their VMs, one host per worker. */
    public Listing list(List<ResolvedHost> hosts) {
        return list(hosts, false);
    }

    /**
     * Lists like {@link #list(List)}; with {@code release}, each host's connection is closed as
     * soon as its VMs are in, so a one-shot list over many hosts holds at most {@code parallel}
     * connections at once (about a third of a MiB of heap each), not one per host. Nothing can be
     * run on a released host afterwards: a later call connects it again.
     */
    public Listing list(List<ResolvedHost> hosts, boolean release) {
        List<HostListing> per = workers.map(hosts, h -> {
                    HostListing hl = listHost(h);
                    if (release) release(h.name());
                    return hl;
                },
                h -> new HostListing(HostStatus.failed(h.name(), "not listed: interrupted"), List.of()));
        List<HostStatus> statuses = new ArrayList<>();
        List<PoolVms.HostVms> vms = new ArrayList<>();
        for (HostListing hl : per) {
            statuses.add(hl.status());
            vms.add(new PoolVms.HostVms(hl.status().host(), pool(hl.status().host()), hl.vms()));
        }
        return new Listing(statuses, PoolVms.once(vms));
    }

    /** @return the status of a host connected before, if any */
    public Optional<HostStatus> status(String host) {
        return Optional.ofNullable(connections.get(host)).map(HostConnection::status);
    }

    /**
     * @return how long until a failed host is tried again (zero when due now); empty when the
     *         host is connected or was never tried
     */
    public Optional<Duration> retryIn(String host) {
        Retry r = retries.get(host);
        if (r == null) return Optional.empty();
        Duration left = Duration.between(clock.instant(), r.notBefore());
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /**
     * Lets the next {@link #connect} or {@link #list} try a failed host again right away, whatever
     * its back-off (a user asking for a refresh). Its failure count is kept, so the back-off
     * keeps growing if it fails again. No effect on a connected host.
     *
     * @return whether the host was failed
     */
    public boolean retryNow(String host) {
        return retries.computeIfPresent(host, (h, r) -> new Retry(r.failures(), Instant.EPOCH)) != null;
    }

    /** @return the wait after {@code failures} consecutive failed connections (at least 1) */
    static Duration backoff(int failures) {
        int doublings = Math.min(Math.max(0, failures - 1), 16);
        Duration d = FIRST_RETRY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    /**
     * Runs {@code work} on each host's SSH connection alone, in parallel (bounded), without detecting or
     * opening any driver: for what must work on a host with no toolstack yet ({@code host-check},
     * {@code host-setup}). A host that cannot be reached or authenticated gets {@code failed} with the reason.
     */
    public <R> List<R> onSsh(List<ResolvedHost> hosts, java.util.function.BiFunction<ResolvedHost, SshHost, R> work,
                             java.util.function.BiFunction<ResolvedHost, String, R> failed) {
        return workers.map(hosts, h -> {
            SshHost ssh;
            try {
                attempts.incrementAndGet();
                ssh = connector.connect(SshTargets.of(h, options.acceptNew(), options.connectTimeout(),
                        options.commandTimeout()));
            } catch (RuntimeException e) {
                log.warn("{}: {}", h.name(), e.getMessage());
                return failed.apply(h, Failures.describe(e, h.name(), null));
            }
            return work.apply(h, ssh);
        }, h -> failed.apply(h, "not connected: interrupted"));
    }

    /** @return the drivers opened on a connected host, in the host's driver order */
    public List<HypervisorDriver> drivers(String host) {
        HostConnection c = connections.get(host);
        if (c == null) return List.of();
        List<HypervisorDriver> out = new ArrayList<>();
        for (String kind : c.status().drivers()) out.add(c.drivers().get(kind));
        return out;
    }

    /**
     * Runs {@code action} on every target in parallel (bounded) and returns one result per target,
     * in input order. Targets must be on hosts connected (or tried) before.
     */
    public List<TargetResult> run(List<Target> targets, TargetAction action) {
        return workers.map(targets, t -> new TargetResult(t.label(), runOne(t, action)),
                t -> new TargetResult(t.label(), new Outcome.Skipped("not started: interrupted", null)));
    }

    /** The fleet's workers, for {@link Rollout}'s waves (so --parallel bounds those too). */
    Bounded workers() {
        return workers;
    }

    /** Runs the action on one target on the calling thread (a worker's item), its failures as outcomes. */
    Outcome runOne(Target t, TargetAction action) {
        HostConnection c = connections.get(t.host());
        if (c == null) return new Outcome.Failed("host was not connected", null);
        if (c.lost()) return new Outcome.Failed("not attempted: " + c.status().error(), null);
        if (!c.status().ok()) return new Outcome.Failed(c.status().error(), null);
        // A target without a driver on a host whose listing failed stands for the selector's VM
        // pattern, not for a VM: acting on it would pass the glob to the host as a VM name.
        String listError = t.driver() == null ? unlisted.get(t.host()) : null;
        if (listError != null) return new Outcome.Failed("not attempted: " + listError, null);
        HypervisorDriver driver = c.driver(t.driver());
        if (driver == null) return new Outcome.Failed("no driver " + t.driver() + " on this host", null);
        try {
            OpResult r = action.apply(driver, t.vm());
            log.info("{}: {}: {} [{}]", t.host(), t.vm(), r.message(), r.command());
            return new Outcome.Ok(r.message(), r.command());
        } catch (HostUnreachableException e) {
            String why = Failures.describe(e, t.host(), t.vm());
            log.warn("{}: {}", t.label(), e.detail(), e);
            markLost(c, e);
            return new Outcome.Failed(why, e.command());
        } catch (NotSupportedException e) {
            log.info("{}: {}", t.label(), e.detail());
            return new Outcome.Unsupported(Failures.describe(e, t.host(), t.vm()), e.command());
        } catch (VirtdeckException e) {
            log.warn("{}: {}", t.label(), e.detail(), e);
            return new Outcome.Failed(Failures.describe(e, t.host(), t.vm()), e.command());
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure", t.label(), e);
            return new Outcome.Failed(Failures.describe(e, t.host(), t.vm()), null);
        }
    }

    /**
     * The pool the host is a member of, as its drivers said when it was last listed; empty for a
     * standalone host or one not listed yet.
     */
    public Optional<PoolMember> pool(String host) {
        return Optional.ofNullable(pools.get(host));
    }

    private HostListing listHost(ResolvedHost h) {
        HostConnection c = connection(h);
        if (!c.status().ok()) return new HostListing(c.status(), List.of());
        List<VmInfo> vms = new ArrayList<>();
        for (HypervisorDriver d : drivers(h.name())) {
            try {
                vms.addAll(d.list());
                d.pool().ifPresent(p -> pools.put(h.name(), p));
            } catch (HostUnreachableException e) {
                log.warn("{}: listing with {} failed", h.name(), d.kind(), e);
                return new HostListing(markLost(c, e).status(), List.of());
            } catch (RuntimeException e) {
                log.warn("{}: listing with {} failed", h.name(), d.kind(), e);
                HostStatus failed = c.status().failedWith(Failures.describe(e, h.name(), null));
                unlisted.put(h.name(), failed.error());
                return new HostListing(failed, List.of());
            }
        }
        unlisted.remove(h.name());
        return new HostListing(c.status(), vms);
    }

    private record HostListing(HostStatus status, List<VmInfo> vms) {
    }

    /** Closes and forgets a host's connection (its back-off and pool membership are kept). */
    private void release(String host) {
        HostConnection c = connections.remove(host);
        pending.remove(host);
        if (c != null) retire(c);
    }

    /**
     * The host's connection, made on first use and again when a failed one's back-off has passed;
     * concurrent callers for one host share one attempt. A future per host (not computeIfAbsent's
     * bin lock) so slow hosts never serialize each other.
     */
    private HostConnection connection(ResolvedHost h) {
        String name = h.name();
        while (true) {
            CompletableFuture<HostConnection> mine = new CompletableFuture<>();
            CompletableFuture<HostConnection> existing = pending.putIfAbsent(name, mine);
            if (existing != null) {
                if (!existing.isDone()) return existing.join(); // an attempt is running: share it
                HostConnection c = existing.join();
                String stale = c.status().ok() ? staleness(c, h) : null;
                if (stale == null && (c.status().ok() || !retryDue(name))) return c;
                if (!pending.replace(name, existing, mine)) continue; // another caller retries: join it
                if (stale != null) {
                    log.info("{}: {}: connecting again", name, stale);
                    retire(c);
                } else {
                    log.info("{}: trying again to connect", name);
                }
            }
            HostConnection c;
            try {
                c = open(h); // failures come back as a failed connection
            } catch (RuntimeException | Error e) { // never leave the callers sharing this attempt waiting
                pending.remove(name, mine);
                mine.completeExceptionally(e);
                throw e;
            }
            if (c.status().ok()) {
                retries.remove(name);
            } else {
                int failures = retries.containsKey(name) ? retries.get(name).failures() + 1 : 1;
                retries.put(name, new Retry(failures, clock.instant().plus(backoff(failures))));
            }
            connections.put(name, c);
            mine.complete(c);
            return c;
        }
    }

    /**
     * Marks a host's connection lost (once, however many calls saw it): later targets on it fail
     * as not attempted and the next connect or list opens it again after the back-off.
     *
     * @return the connection now recorded for the host
     */
    private HostConnection markLost(HostConnection c, HostUnreachableException e) {
        String name = c.host().name();
        HostConnection lost = c.lostWith(Failures.describe(e, name, e.vm()));
        if (!connections.replace(name, c, lost)) return connections.getOrDefault(name, lost);
        retired.addAll(c.drivers().values());
        int failures = retries.containsKey(name) ? retries.get(name).failures() + 1 : 1;
        retries.put(name, new Retry(failures, clock.instant().plus(backoff(failures))));
        pending.put(name, CompletableFuture.completedFuture(lost));
        log.warn("{}: connection lost, trying again in {} s: {}", name, backoff(failures).toSeconds(), e.detail());
        return lost;
    }

    /**
     * Why a working connection kept from an earlier use must not serve {@code wanted} (null when it
     * may): the host's SSH settings changed (an edited inventory), or its SSH connection is known
     * to be down (the host rebooted). A long-lived fleet (the agent's) then connects afresh, as a
     * new process would, instead of failing where a cold CLI succeeds.
     */
    private static String staleness(HostConnection c, ResolvedHost wanted) {
        if (!c.host().equals(wanted)) return "its SSH settings changed";
        if (c.ssh() != null && !c.ssh().connected()) return "its SSH connection was lost";
        return null;
    }

    /** Closes a replaced or released connection (its drivers and SSH connection, which leaves the pool). */
    private static void retire(HostConnection c) {
        closeAll(c.drivers().values());
        closeSsh(c);
    }

    /**
     * Lets the next {@link #connect} or {@link #list} try every failed or lost host again right
     * away ({@link #retryNow} for each): a long-lived fleet calls it at the start of each new
     * command, so it never answers worse than a fresh process, which would try them all.
     */
    public void retryFailedNow() {
        retries.replaceAll((h, r) -> new Retry(r.failures(), Instant.EPOCH));
    }

    /** @return every host this fleet holds a connection attempt for, in no particular order */
    public List<HeldHost> held() {
        List<HeldHost> out = new ArrayList<>();
        for (HostConnection c : connections.values()) {
            boolean up = c.status().ok() && c.ssh() != null && c.ssh().connected();
            out.add(new HeldHost(c.host().name(), c.status().ok(), up, c.status().error()));
        }
        return out;
    }

    /** @return how many connection attempts (SSH connect and driver opening) this fleet has made */
    public int connectionsOpened() {
        return attempts.get();
    }

    private boolean retryDue(String host) {
        Retry r = retries.get(host);
        return r != null && !clock.instant().isBefore(r.notBefore());
    }

    /** @return the round trip of a trivial command, after one untimed exec that pays for warm-up */
    private static long latency(SshHost ssh) {
        ssh.exec(PING);
        long t0 = System.nanoTime();
        ssh.exec(PING);
        return Math.max(0, (System.nanoTime() - t0) / 1_000_000);
    }

    private HostConnection open(ResolvedHost h) {
        attempts.incrementAndGet();
        SshHost ssh = null;
        Map<String, HypervisorDriver> opened = new LinkedHashMap<>();
        try {
            ssh = connector.connect(SshTargets.of(h, options.acceptNew(), options.connectTimeout(),
                    options.commandTimeout()));
            Long latencyMs = options.probe() ? latency(ssh) : null;
            List<String> kinds = chooseDrivers(h, ssh);
            for (String kind : kinds) opened.put(kind, opener.open(kind, h, ssh, trace));
            if (options.probe()) {
                for (HypervisorDriver d : opened.values()) d.checkTools();
            }
            Set<String> transports = new LinkedHashSet<>();
            for (HypervisorDriver d : opened.values()) {
                String tr = opener.transport(d);
                if (tr != null) transports.add(tr);
            }
            String transport = transports.isEmpty() ? null : String.join(",", transports);
            log.info("{}: connected, latency {} ms, drivers {}, transport {}", h.name(), latencyMs, kinds, transport);
            return new HostConnection(h, ssh, opened, new HostStatus(h.name(), true, null, latencyMs, kinds, transport));
        } catch (HostError e) {
            closeAll(opened.values());
            log.warn("{}: {}", h.name(), e.getMessage());
            return HostConnection.failed(h, ssh, e.getMessage());
        } catch (RuntimeException e) {
            closeAll(opened.values());
            log.warn("{}: cannot connect or open drivers", h.name(), e);
            return HostConnection.failed(h, ssh, Failures.describe(e, h.name(), null));
        }
    }

    /** The inventory's drivers, else those of the installed modules whose toolstack the host has. */
    private List<String> chooseDrivers(ResolvedHost h, SshHost ssh) {
        if (!h.drivers().isEmpty()) {
            for (String kind : h.drivers()) {
                if (!opener.implemented(kind)) throw new HostError(notInstalled(kind));
            }
            return List.copyOf(new LinkedHashSet<>(h.drivers()));
        }
        List<String> found = detector.detect(ssh).stream().filter(opener::implemented).toList();
        if (!found.isEmpty()) return found;
        throw new HostError("no hypervisor toolstack found (looked for " + String.join(", ", detector.tools()) + ")");
    }

    private String notInstalled(String kind) {
        List<String> names = opener.kinds().stream().map(DriverKind::name).toList();
        return "driver " + kind + " is not installed (driver modules: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")";
    }

    /** A host-level refusal decided by the fleet itself. */
    private static final class HostError extends RuntimeException {
        HostError(String message) {
            super(message);
        }
    }

    private static void closeAll(Iterable<HypervisorDriver> drivers) {
        for (HypervisorDriver d : drivers) {
            try {
                d.close();
            } catch (RuntimeException e) {
                log.debug("closing driver {} failed", d.kind(), e);
            }
        }
    }

    private static void closeSsh(HostConnection c) {
        if (c.ssh() == null) return;
        try {
            c.ssh().close();
        } catch (RuntimeException e) {
            log.debug("{}: closing SSH failed", c.host().name(), e);
        }
    }

    /** Closes every driver and SSH connection the fleet opened, and its workers. */
    @Override
    public void close() {
        workers.close();
        for (HostConnection c : connections.values()) retire(c);
        closeAll(retired);
        retired.clear();
        connections.clear();
        pending.clear();
        retries.clear();
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                log.debug("closing fleet resources failed", e);
            }
        }
    }
}
