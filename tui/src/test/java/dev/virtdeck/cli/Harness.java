package dev.virtdeck.cli;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.fleet.DriverOpener;
import dev.virtdeck.fleet.FakeDriver;
import dev.virtdeck.fleet.FakeSsh;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshTarget;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the CLI in-process against fake hosts: hosts named {@code down*} are unreachable, every
 * other host gets a {@link FakeDriver} (replace it in {@link #drivers} before running).
 */
final class Harness {
    static final String INVENTORY = """
            defaults: {user: root}
            hosts:
              kvm1: {address: 10.0.0.1, drivers: [libvirt], groups: [rack]}
              kvm2: {address: 10.0.0.2, groups: [rack]}
              down1: {address: 10.0.0.9}
            """;

    final Map<String, HypervisorDriver> drivers = new ConcurrentHashMap<>();
    final AtomicInteger fleetsCreated = new AtomicInteger();
    final List<String> connected = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The SSH target each host was last connected with. */
    final Map<String, SshTarget> targets = new ConcurrentHashMap<>();
    final Path inventory;
    InputStream stdin = new ByteArrayInputStream(new byte[0]);
    /** stdout of the command running now, for drivers that look at what was printed so far. */
    volatile ByteArrayOutputStream liveOut;
    /** stderr of the command running now. */
    volatile ByteArrayOutputStream liveErr;
    /** Run as if stderr were a terminal (the progress line is drawn). */
    boolean errTerminal;

    Harness(Path dir) {
        this(dir, INVENTORY);
    }

    Harness(Path dir, String yaml) {
        try {
            inventory = dir.resolve("inventory.yaml");
            Files.writeString(inventory, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        drivers.put("kvm1", new FakeDriver("kvm1", "web", "db"));
        drivers.put("kvm2", new FakeDriver("kvm2", "web", "cache"));
    }

    record Result(int code, String out, String err) {
    }

    /** Runs {@code virtdeck -i INVENTORY ARGS...}. */
    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
        all.addAll(List.of(args));
        return runRaw(all.toArray(String[]::new));
    }

    /** Runs {@code virtdeck ARGS...} as given. */
    Result runRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        liveOut = out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        liveErr = err;
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        FleetFactory fleets = (options, trace, prompter) -> {
            fleetsCreated.incrementAndGet();
            return new Fleet(options, target -> {
                connected.add(target.name());
                targets.put(target.name(), target);
                trace.call(target.name(), "connect " + target.hostname());
                if (target.name().startsWith("down")) {
                    throw new HostUnreachableException(target.name(), null, null, "connection refused");
                }
                return new FakeSsh(target.name(), "/usr/bin/virsh\n");
            }, new DriverOpener() {
                public boolean implemented(String kind) {
                    return kind.equals("libvirt");
                }

                public java.util.List<dev.virtdeck.driver.DriverKind> kinds() {
                    return java.util.List.of(FakeDriver.LIBVIRT);
                }

                public HypervisorDriver open(String kind, ResolvedHost h, SshHost ssh, Trace t) {
                    return drivers.get(h.name());
                }
            }, trace);
        };
        Env env = new Env(stdin, o, e, false, fleets, inventory.resolveSibling("no-ssh-config"), errTerminal, Path.of(""));
        int code = Main.run(args, env);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
