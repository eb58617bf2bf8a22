package dev.virtdeck.tui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Passes on the VM names of the hosts each refresh listed (reachable, rows not stale), only when
 * they changed since last passed on: the CLI records them for shell completion, and a refresh
 * every few seconds must not rewrite a file each time.
 */
final class ListedVmNames implements Consumer<Snapshot> {
    private final Consumer<Map<String, List<String>>> sink;
    private final Map<String, List<String>> passed = new HashMap<>();

    ListedVmNames(Consumer<Map<String, List<String>>> sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void accept(Snapshot s) {
        Map<String, List<String>> listed = new LinkedHashMap<>();
        for (HostView h : s.hosts()) if (h.reachable() && !h.stale()) listed.put(h.name(), new ArrayList<>());
        for (VmRow r : s.rows()) {
            List<String> names = listed.get(r.vm().host());
            if (names != null) names.add(r.vm().name());
        }
        Map<String, List<String>> changed = new LinkedHashMap<>();
        listed.forEach((host, names) -> {
            if (!names.equals(passed.get(host))) changed.put(host, names);
        });
        if (changed.isEmpty()) return;
        passed.putAll(changed);
        sink.accept(changed);
    }
}
