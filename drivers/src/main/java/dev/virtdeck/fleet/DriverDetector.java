package dev.virtdeck.fleet;

import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds which hypervisor toolstacks a host has, for hosts whose inventory names no drivers. */
final class DriverDetector {
    /** Toolstack command on the PATH -> driver kind, in preference order. */
    static final Map<String, String> TOOLS = new LinkedHashMap<>();

    static {
        TOOLS.put("virsh", "libvirt");
        TOOLS.put("xl", "xl");
        TOOLS.put("xm", "xm");
        TOOLS.put("VBoxManage", "vbox");
    }

    /** {@code command -v} prints the path of each tool found; its exit code only says "not all". */
    static final RemoteCommand PROBE = RemoteCommand.of(probeArgv());

    private DriverDetector() {
    }

    private static List<String> probeArgv() {
        List<String> argv = new ArrayList<>(List.of("command", "-v"));
        argv.addAll(TOOLS.keySet());
        return argv;
    }

    /** @return driver kinds whose tool is on the host's PATH, in preference order */
    static List<String> detect(SshHost ssh) {
        ExecResult r = ssh.exec(PROBE);
        return parse(r.stdout());
    }

    static List<String> parse(String stdout) {
        List<String> found = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String path = line.strip();
            String base = path.substring(path.lastIndexOf('/') + 1);
            String kind = TOOLS.get(base);
            if (kind != null && !found.contains(kind)) found.add(kind);
        }
        List<String> ordered = new ArrayList<>();
        for (String kind : TOOLS.values()) if (found.contains(kind)) ordered.add(kind);
        return ordered;
    }
}
