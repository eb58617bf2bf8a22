package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One VM's {@code showvminfo --machinereadable} output as a key/value map, with accessors for
 * the keys virtdeck uses. Keys come and go between releases (NOTES section 2), so every accessor
 * tolerates a missing key.
 */
public record MachineInfo(Map<String, String> keys) {

    public MachineInfo {
        keys = Map.copyOf(keys);
    }

    /** A storage controller ({@code storagecontrollernameN} and friends). */
    public record Controller(int index, String name, String type, int portCount, int maxPortCount) {
        /** @return true for an AHCI (SATA) controller, the only bus VirtualBox hot-plugs disks on */
        public boolean sata() {
            return "IntelAhci".equals(type);
        }
    }

    public String get(String key) {
        return keys.get(key);
    }

    public String name() {
        return keys.get("name");
    }

    public String uuid() {
        return keys.get("UUID");
    }

    /** @return the short state word ({@code poweroff}, {@code aborted-saved}, ...), or null */
    public String state() {
        return keys.get("VMState");
    }

    public boolean hasProcess() {
        return VBoxStates.hasProcess(state());
    }

    /** @return configured RAM in MiB ({@code memory=}); the balloon is taken from it at run time */
    public Long memoryMiB() {
        return number(keys.get("memory"));
    }

    /** @return the guest memory balloon in MiB, or null when this release/VM does not report it */
    public Long balloonMiB() {
        return number(keys.get("GuestMemoryBalloon"));
    }

    /** @return configured CPUs ({@code cpus=}): the count, or with CPU hot-plug the maximum */
    public Integer cpus() {
        Long n = number(keys.get("cpus"));
        return n == null ? null : n.intValue();
    }

    /**
     * @return TRUE/FALSE when showvminfo prints a {@code cpuhotplug} key, null when it does not (the
     *         key is not in any recorded capture, so its absence proves nothing)
     */
    public Boolean cpuHotplug() {
        String v = keys.get("cpuhotplug");
        return v == null ? null : "on".equals(v);
    }

    public String configFile() {
        return keys.get("CfgFile");
    }

    /** @return the directory holding the settings file, or null */
    public String folder() {
        String cfg = configFile();
        if (cfg == null) return null;
        int slash = Math.max(cfg.lastIndexOf('/'), cfg.lastIndexOf('\\'));
        return slash > 0 ? cfg.substring(0, slash) : null;
    }

    /**
     * @return the Unix socket path of UART1 in server mode, or null. The value is
     *         {@code server,<path>}; the path may contain commas, so only the first one splits.
     */
    public String uartServerPath() {
        String uart = keys.get("uart1");
        String mode = keys.get("uartmode1");
        if (uart == null || "off".equals(uart) || mode == null) return null;
        int comma = mode.indexOf(',');
        if (comma < 0 || !mode.substring(0, comma).equals("server")) return null;
        String path = mode.substring(comma + 1);
        return path.isEmpty() ? null : path;
    }

    /** @return the storage controllers in index order */
    public List<Controller> controllers() {
        List<Controller> out = new ArrayList<>();
        for (int i = 0; keys.containsKey("storagecontrollername" + i); i++) {
            Long ports = number(keys.get("storagecontrollerportcount" + i));
            Long max = number(keys.get("storagecontrollermaxportcount" + i));
            out.add(new Controller(i, keys.get("storagecontrollername" + i), keys.get("storagecontrollertype" + i),
                    ports == null ? 0 : ports.intValue(), max == null ? 0 : max.intValue()));
        }
        return out;
    }

    /** @return what is attached at the slot: a medium path, {@code none}, {@code emptydrive}, or null */
    public String slot(String controller, int port, int device) {
        return keys.get(controller + "-" + port + "-" + device);
    }

    /** @return the first port of {@code c} with nothing on device 0, or -1 */
    public int freePort(Controller c) {
        for (int p = 0; p < c.portCount(); p++) {
            String s = slot(c.name(), p, 0);
            if (s == null || "none".equals(s)) return p;
        }
        return -1;
    }

    /** @return the medium paths that have an image UUID (disk and DVD images), in controller order */
    public List<String> media() {
        List<String> out = new ArrayList<>();
        for (Controller c : controllers()) {
            for (int p = 0; p < c.portCount(); p++) {
                for (int d = 0; d < 2; d++) {
                    if (keys.containsKey(c.name() + "-ImageUUID-" + p + "-" + d)) out.add(slot(c.name(), p, d));
                }
            }
        }
        return out;
    }

    /** @return the normalized VM; current memory is the configured memory minus the balloon */
    public VmInfo toVmInfo(String host) {
        String word = state();
        Long mem = memoryMiB();
        Long balloon = balloonMiB();
        Long current = mem == null ? null : mem - (balloon == null ? 0 : balloon);
        Integer cpus = cpus();
        // With CPU hot-plug the plugged count is not printed anywhere: unknown, not guessed.
        Integer vcpus = Boolean.TRUE.equals(cpuHotplug()) ? null : cpus;
        return new VmInfo(host, VBoxDriver.KIND, name(), uuid(), VBoxStates.normalize(word),
                word == null ? "unknown" : word, vcpus, cpus, current, mem, true, null);
    }

    private static Long number(String s) {
        if (s == null) return null;
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
