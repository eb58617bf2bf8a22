package dev.virtdeck.fleet;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.DriverProvider;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The driver modules on the class path, found through {@link ServiceLoader}: a new hypervisor
 * kind is a new module with a service entry, and this class does not change.
 */
public final class DefaultDriverOpener implements DriverOpener {
    private final Map<String, DriverProvider> byKind = new LinkedHashMap<>();
    private final List<DriverKind> kinds = new ArrayList<>();

    /** The providers visible to this class's loader (the application class path). */
    public DefaultDriverOpener() {
        this(ServiceLoader.load(DriverProvider.class, DefaultDriverOpener.class.getClassLoader()));
    }

    public DefaultDriverOpener(Iterable<DriverProvider> providers) {
        for (DriverProvider p : providers) {
            for (DriverKind k : p.kinds()) {
                DriverProvider before = byKind.putIfAbsent(k.name(), p);
                if (before != null) {
                    throw new IllegalStateException("driver kind " + k.name() + " is provided twice: by "
                            + before.getClass().getName() + " and " + p.getClass().getName());
                }
                kinds.add(k);
            }
        }
        kinds.sort(Comparator.comparingInt(DriverKind::preference).thenComparing(DriverKind::name));
    }

    @Override
    public boolean implemented(String kind) {
        return byKind.containsKey(kind);
    }

    @Override
    public List<DriverKind> kinds() {
        return List.copyOf(kinds);
    }

    @Override
    public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
        DriverProvider p = byKind.get(kind);
        if (p == null) throw new IllegalArgumentException("no driver module for kind " + kind);
        return p.open(kind, host, ssh, trace);
    }

    @Override
    public String transport(HypervisorDriver driver) {
        DriverProvider p = byKind.get(driver.kind());
        return p == null ? null : p.transport(driver);
    }
}
