package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.libvirt.DomainStates;
import dev.virtdeck.libvirt.DomainSteps;
import dev.virtdeck.ssh.ExecResult;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link DomainSteps} as virsh runs, one each, and the {@code dominfo} probe the driver shares. */
final class VirshSteps implements DomainSteps {
    private static final Duration DEFINE_TIMEOUT = Duration.ofSeconds(60);

    /** What {@code dominfo} tells about a VM. */
    record Probe(String uuid, String word, VmState state, boolean persistent, boolean managedSave, String command) {
    }

    private final Virsh virsh;

    VirshSteps(Virsh virsh) {
        this.virsh = virsh;
    }

    Probe probe(String vm) {
        ExecResult r = virsh.ok(vm, "dominfo", "--domain", vm);
        Map<String, String> kv = VirshParsers.keyValues(r.stdout());
        String word = kv.getOrDefault("State", "");
        boolean saved = "yes".equals(kv.get("Managed save"));
        return new Probe(kv.get("UUID"), word, DomainStates.normalize(DomainStates.fromWord(word), saved),
                !"no".equals(kv.get("Persistent")), saved, r.command());
    }

    @Override
    public Domain look(String vm) {
        Probe p = probe(vm);
        return new Domain(p.state(), p.persistent(), p.command());
    }

    @Override
    public String xml(String vm, boolean inactive) {
        return (inactive ? virsh.ok(vm, "dumpxml", "--inactive", "--domain", vm) : virsh.ok(vm, "dumpxml", "--domain", vm))
                .stdout();
    }

    @Override
    public boolean exists(String vm) {
        ExecResult r = virsh.run("domuuid", "--domain", vm);
        if (r.ok()) return true;
        if (Virsh.isNotFound(VirshParsers.errorText(r.stderr()))) return false;
        throw Virsh.failure(virsh.host(), vm, r);
    }

    @Override
    public Read capabilities() {
        ExecResult r = virsh.ok(null, "capabilities");
        return new Read(r.command(), r.stdout());
    }

    /** {@code net-info}: its "Active:" line, or libvirt's "network not found". */
    @Override
    public Boolean networkActive(String network) {
        ExecResult r = virsh.run("net-info", "--network", network);
        if (!r.ok()) {
            String why = VirshParsers.errorText(r.stderr());
            if (why.contains("Network not found") || why.contains("failed to get network")) return null;
            throw Virsh.failure(virsh.host(), null, r);
        }
        String active = VirshParsers.keyValues(r.stdout()).get("Active");
        if (active == null) {
            throw new CommandFailedException(virsh.host(), null, r.command(), r.exitCode(), r.stdout(),
                    "unexpected output: no Active: line");
        }
        return active.strip().equals("yes");
    }

    @Override
    public String autostart(String vm, boolean on) {
        return (on ? virsh.ok(vm, "autostart", "--domain", vm) : virsh.ok(vm, "autostart", "--disable", "--domain", vm))
                .command();
    }

    @Override
    public String attachDisk(String vm, String path, String target, Set<Scope> scopes) {
        List<String> args = new ArrayList<>(List.of("attach-disk", "--domain", vm, "--source", path,
                "--target", target, "--driver", "qemu", "--subdriver", "qcow2", "--targetbus", "virtio"));
        args.addAll(VirshDriver.scopeFlags(scopes));
        return virsh.ok(vm, args.toArray(String[]::new)).command();
    }

    /** The XML goes to {@code virsh define /dev/stdin}: no temporary file is left on the host. */
    @Override
    public String define(String vm, String xml, String domainType) {
        ExecResult r = virsh.runWithInput(DEFINE_TIMEOUT, xml.getBytes(StandardCharsets.UTF_8),
                "define", "--file", "/dev/stdin");
        if (!r.ok()) throw Virsh.failure(virsh.host(), vm, r);
        return r.command();
    }

    @Override
    public String start(String vm) {
        return virsh.ok(vm, "start", "--domain", vm).command();
    }

    @Override
    public String destroy(String vm) {
        return virsh.ok(vm, "destroy", "--domain", vm).command();
    }

    @Override
    public String undefine(String vm) {
        return virsh.ok(vm, "undefine", "--domain", vm, "--managed-save", "--snapshots-metadata",
                "--checkpoints-metadata", "--nvram").command();
    }
}
