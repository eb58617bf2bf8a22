package dev.virtdeck.tui;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.PoolVms;
import dev.virtdeck.fleet.UsageTracker;
import dev.virtdeck.inventory.ResolvedHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The fleet as the TUI sees it, refreshed in the background, one scheduled task per host on a
 * bounded pool (k9s's table model). A host whose refresh is still running drops the next tick
 * instead of queueing another, so a slow or dead host costs one worker and never delays the
 * others. A host that fails keeps its last-known rows, marked stale, with its error. A host that
 * could not be connected is tried again by the fleet once its back-off has passed
 * ({@link Fleet#FIRST_RETRY} doubling up to {@link Fleet#MAX_RETRY}), or at once by
 * {@link #refreshNow()}: a host down when the TUI opened comes back without a restart.
 *
 * <p>Listeners are called on a worker thread with a complete {@link Snapshot}; the UI hands it to
 * its own thread. No UI code here.
 */
public final class FleetModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetModel.class);

    /** An inventory host to watch, the groups it is shown under and its inventory tags. */
    public record Watched(ResolvedHost host, List<String> groups, List<String> tags) {
        public Watched {
            tags = List.copyOf(tags);
        }

        /** A host without tags. */
        public Watched(ResolvedHost host, List<String> groups) {
            this(host, groups, List.of());
        }
    }

    private final Fleet fleet;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, HostState> hosts = new LinkedHashMap<>();
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final AtomicLong version = new AtomicLong();
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    /** Mutable per-host state; fields are written by the one refresh running for the host. */
    private static final class HostState {
        final Watched watched;
        volatile HostView view;
        volatile List<VmInfo> vms = List.of();
        volatile Map<String, Capabilities> caps = Map.of();
        volatile Map<String, UsageRates> rates = Map.of();
        /** Read once per connection: null until then, and again after the host was down. */
        volatile HostView.Totals totals;
        final UsageTracker usage = new UsageTracker();
        volatile CompletableFuture<Void> inFlight;

        HostState(Watched w) {
            this.watched = w;
            this.view = HostView.pending(w.host().name(), w.groups());
        }
    }

    /**
     * @param parallel hosts refreshed at once at most
     */
    public FleetModel(Fleet fleet, List<Watched> watched, Duration interval, int parallel, Clock clock) {
        this.fleet = fleet;
        this.clock = clock;
        this.interval = interval;
        for (Watched w : watched) hosts.put(w.host().name(), new HostState(w));
        this.ticker = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat("virtdeck-refresh-tick-%d").setDaemon(true).build());
        this.workers = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, Math.max(1, watched.size()))),
                new ThreadFactoryBuilder().setNameFormat("virtdeck-refresh-%d").setDaemon(true).build());
        publish();
    }

    /** Starts the periodic refresh of every host (the first one right away). */
    public void start() {
        for (HostState h : hosts.values()) {
            ticker.scheduleAtFixedRate(() -> refresh(h), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void addListener(Consumer<Snapshot> l) {
        listeners.add(l);
    }

    /** @return the latest snapshot */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** @return the inventory tags of a watched host (empty for an unknown one): shown and filtered on */
    public List<String> tags(String host) {
        HostState h = hosts.get(host);
        return h == null ? List.of() : h.watched.tags();
    }

    /** @return the watched host of that name (its resolved SSH settings), if it is watched */
    public java.util.Optional<ResolvedHost> host(String name) {
        HostState h = hosts.get(name);
        return h == null ? java.util.Optional.empty() : java.util.Optional.of(h.watched.host());
    }

    /** @return the fleet the model lists (actions run through it) */
    public Fleet fleet() {
        return fleet;
    }

    /** Refreshes every host now; hosts already refreshing are not refreshed twice. */
    public CompletableFuture<Void> refreshAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (HostState h : hosts.values()) all.add(refresh(h));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * What the user's "refresh now" does: hosts that could not be connected are tried again at
     * once (skipping their back-off), then every host is refreshed.
     */
    public CompletableFuture<Void> refreshNow() {
        for (HostState h : hosts.values()) {
            if (!h.view.reachable()) fleet.retryNow(h.watched.host().name());
        }
        return refreshAll();
    }

    /** Refreshes one host now (or joins its running refresh). */
    public CompletableFuture<Void> refresh(String host) {
        HostState h = hosts.get(host);
        return h == null ? CompletableFuture.completedFuture(null) : refresh(h);
    }

    private CompletableFuture<Void> refresh(HostState h) {
        synchronized (h) {
            CompletableFuture<Void> running = h.inFlight;
            if (running != null && !running.isDone()) {
                log.debug("{}: refresh still running, dropping this tick", h.watched.host().name());
                return running;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            h.inFlight = mine;
            h.view = h.view.withRefreshing(true);
            try {
                workers.execute(() -> {
                    try {
                        list(h);
                    } catch (RuntimeException e) {
                        log.error("{}: refresh failed unexpectedly", h.watched.host().name(), e);
                    } finally {
                        mine.complete(null);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                mine.complete(null); // closing
            }
            return mine;
        }
    }

    private void list(HostState h) {
        String name = h.watched.host().name();
        long t0 = System.nanoTime();
        Listing l = fleet.list(List.of(h.watched.host()));
        long t1 = System.nanoTime();
        long ms = (t1 - t0) / 1_000_000;
        HostStatus st = l.hosts().get(0);
        HostView old = h.view;
        if (st.ok()) {
            Map<String, Capabilities> caps = new LinkedHashMap<>();
            for (HypervisorDriver d : fleet.drivers(name)) caps.put(d.kind(), d.capabilities());
            h.caps = Map.copyOf(caps);
            h.rates = Map.copyOf(h.usage.observe(l.vms(), List.of(name), t1));
            h.vms = List.copyOf(l.vms());
            h.view = new HostView(name, h.watched.groups(), true, st.latencyMs(), ms, clock.instant(), null,
                    st.drivers(), st.transport(), false, false, null, h.totals);
            if (h.totals == null) { // the rows first, then the host's totals (a few more execs, once)
                publish();
                h.totals = totals(name);
                h.view = h.view.withTotals(h.totals);
            }
        } else {
            boolean stale = !h.vms.isEmpty();
            h.totals = null; // read again on the next connection: the host may have changed
            h.view = new HostView(name, h.watched.groups(), false, st.latencyMs() != null ? st.latencyMs() : old.latencyMs(),
                    ms, old.lastOk(), st.error(), st.drivers().isEmpty() ? old.drivers() : st.drivers(),
                    st.transport() != null ? st.transport() : old.transport(), false, stale,
                    fleet.retryIn(name).map(d -> clock.instant().plus(d)).orElse(null), old.totals());
        }
        publish();
    }

    /**
     * The host's CPUs and memory from its first driver's {@code hostInfo} (one call per
     * connection, not per refresh); empty totals when it fails, so it is not asked again.
     */
    private HostView.Totals totals(String host) {
        List<HypervisorDriver> ds = fleet.drivers(host);
        if (ds.isEmpty()) return new HostView.Totals(null, null);
        try {
            HostInfo i = ds.get(0).hostInfo();
            return new HostView.Totals(i.cpus(), i.memoryTotalMiB());
        } catch (RuntimeException e) {
            log.debug("{}: host totals not read: {}", host, e.toString());
            return new HostView.Totals(null, null);
        }
    }

    private synchronized void publish() {
        List<HostView> views = new ArrayList<>();
        List<PoolVms.HostVms> listed = new ArrayList<>();
        Map<String, Boolean> stale = new HashMap<>();
        Map<String, UsageRates> rates = new HashMap<>();
        Map<String, Map<String, Capabilities>> caps = new LinkedHashMap<>();
        for (HostState h : hosts.values()) {
            HostView v = h.view;
            views.add(v);
            listed.add(new PoolVms.HostVms(v.name(), fleet.pool(v.name()), h.vms));
            stale.put(v.name(), v.stale());
            rates.putAll(h.rates);
            if (!h.caps.isEmpty()) caps.put(v.name(), h.caps);
        }
        List<VmRow> rows = new ArrayList<>();
        for (VmInfo vm : PoolVms.once(listed)) {
            rows.add(new VmRow(vm, stale.getOrDefault(vm.host(), false), rates.get(UsageTracker.key(vm))));
        }
        Snapshot s = new Snapshot(views, rows, caps, version.incrementAndGet());
        snapshot = s;
        for (Consumer<Snapshot> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                log.warn("snapshot listener failed", e);
            }
        }
    }

    /** Stops refreshing; the fleet is closed by its owner. */
    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }
}
