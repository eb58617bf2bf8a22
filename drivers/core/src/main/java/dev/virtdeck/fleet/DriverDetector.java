package dev.virtdeck.fleet;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which hypervisor toolstacks a host has, for hosts whose inventory names no drivers: one
 * {@code command -v} over the tools the installed driver modules name.
 */
final class DriverDetector {
    /** Toolstack command on the PATH -> driver kind, in preference order. */
    private final Map<String, String> tools = new LinkedHashMap<>();
    /** Kind -> the kinds it supersedes when both are found. */
    private final Map<String, List<String>> supersedes = new LinkedHashMap<>();
    private final RemoteCommand probe;

    DriverDetector(List<DriverKind> kinds) {
        for (DriverKind k : kinds) {
            if (k.tool() != null) tools.putIfAbsent(k.tool(), k.name());
            supersedes.put(k.name(), k.supersedes());
        }
        List<String> argv = new ArrayList<>(List.of("command", "-v"));
        argv.addAll(tools.keySet());
        // {@code command -v} prints the path of each tool found; its exit code only says "not all".
        probe = RemoteCommand.of(argv);
    }

    RemoteCommand probe() {
        return probe;
    }

    /** @return the tools looked for, in preference order */
    List<String> tools() {
        return List.copyOf(tools.keySet());
    }

    /** @return driver kinds whose tool is on the host's PATH, in preference order, less those a found kind supersedes */
    List<String> detect(SshHost ssh) {
        if (tools.isEmpty()) return List.of();
        ExecResult r = ssh.exec(probe);
        return parse(r.stdout());
    }

    List<String> parse(String stdout) {
        List<String> found = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String path = line.strip();
            String base = path.substring(path.lastIndexOf('/') + 1);
            String kind = tools.get(base);
            if (kind != null && !found.contains(kind)) found.add(kind);
        }
        List<String> ordered = new ArrayList<>();
        for (String kind : tools.values()) if (found.contains(kind)) ordered.add(kind);
        for (String kind : found) ordered.removeAll(supersedes.getOrDefault(kind, List.of()));
        return ordered;
    }
}
