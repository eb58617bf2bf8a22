package dev.virtdeck.xen;

import dev.virtdeck.host.QemuImg;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.ssh.ExecResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link XlDriver#create}: a new VM is a config file in the config directory, claimed atomically
 * so that two creates of one name cannot undo each other, with an optional new disk image.
 */
final class XlCreate {
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final XenDomains domains;
    private final XenImages images;

    XlCreate(XenDomains domains, XenImages images) {
        this.domains = domains;
        this.images = images;
    }

    /**
     * Writes {@code CONFIGDIR/NAME.cfg} (a PV kernel boot, or HVM from an ISO) with {@code tee} and
     * optionally starts it; on failure the config and the new disk image are removed again.
     */
    OpResult create(CreateSpec spec, boolean start) {
        Xl xl = domains.xl();
        String vm = spec.name();
        spec.refuseTemplate(xl.host(), xl.tool().command());
        validateName(vm);
        if (blank(spec.kernel()) && blank(spec.iso()) && blank(spec.image())) {
            throw new InvalidRequestException(xl.host(), vm, null, "give a kernel (PV guest), an ISO or a base image"
                    + " (HVM guest)");
        }
        if (spec.image() != null && !spec.image().startsWith("/")) {
            throw new InvalidRequestException(xl.host(), vm, null, "--image must be an absolute path on the host");
        }
        validateNic(vm, spec.network());
        try {
            XlConfigWriter.render(spec, "/validate.img"); // refuses unquotable values before touching the host
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(xl.host(), vm, null, e.getMessage());
        }
        if (XenDomains.row(domains.rows(), vm).isPresent() || domains.config(vm) != null) {
            throw new InvalidRequestException(xl.host(), vm, null, "a VM with this name already exists");
        }
        String path = domains.configPath(vm);
        ExecResult exists = xl.sh("test", "-e", path);
        if (exists.exitCode() != 1) {
            throw new InvalidRequestException(xl.host(), vm, exists.command(), "the config file " + path
                    + " already exists (for another name?)");
        }
        List<String> cmds = new ArrayList<>();
        String disk = null;
        QemuImg.Image base = spec.image() == null ? null : baseImage(vm, spec);
        if (base != null) cmds.add(base.command());
        if (spec.diskMiB() != null || base != null) {
            String dir = images.imageDir(vm, blank(spec.kernel()) ? List.of() : List.of(spec.kernel()));
            disk = images.freePath(vm, dir, XenImages.fileStem(vm) + "-xvda", base != null ? ".qcow2" : ".img");
        }
        // Two creates of one name at once: the config is written aside and hard-linked into place
        // (atomic, refused when the file exists), so exactly one claims the name, and only the
        // claimant makes the disk and, on failure, removes what it made, never the other's files.
        String staged = path + ".vd-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        boolean claimed = false;
        try {
            cmds.add(xl.write(vm, staged, XlConfigWriter.render(spec, disk), WRITE_TIMEOUT).command());
            ExecResult ln = xl.sh("ln", "--", staged, path);
            cmds.add(ln.command());
            if (ln.exitCode() == 1 && ln.stderr().contains("File exists")) {
                throw new InvalidRequestException(xl.host(), vm, ln.command(), "a VM with this name was created"
                        + " meanwhile by someone else (" + path + " appeared); nothing changed");
            }
            if (!ln.ok()) throw new CommandFailedException(xl.host(), vm, ln.command(), ln.exitCode(), ln.stdout(), ln.stderr());
            claimed = true;
            if (base != null) cmds.add(images.createOverlay(vm, disk, spec.image(), base, spec.diskMiB()).command());
            else if (disk != null) cmds.add(images.createImage(vm, disk, spec.diskMiB()).command());
            if (start) {
                ExecResult r = xl.run(XlDriver.CREATE_TIMEOUT, "create", path);
                cmds.add(r.command());
                if (!r.ok()) throw xl.failure(vm, r);
            }
        } catch (VirtdeckException e) {
            if (claimed) {
                images.removeQuietly(vm, path, e);
                if (disk != null) images.removeQuietly(vm, disk, e);
            }
            throw e;
        } finally {
            xl.sh("rm", "-f", "--", staged); // best effort: a leftover is inert (not a .cfg)
        }
        return new OpResult((start ? "created and started" : "created") + " (" + path
                + (disk == null ? "" : ", disk " + disk)
                + (base == null ? "" : " (qcow2 overlay on " + spec.image() + ")")
                + (spec.network().kind() == NicSpec.Kind.BRIDGE ? ", vif on bridge " + spec.network().name() : "")
                + ")", String.join(" && ", cmds));
    }

    /**
     * The base image's format and size, read before anything is made; an overlay smaller than its
     * base is refused (qemu-img would make it, and the guest would lose the base's end).
     */
    private QemuImg.Image baseImage(String vm, CreateSpec spec) {
        QemuImg.Image base = images.inspect(vm, spec.image());
        if (spec.diskMiB() != null && spec.diskMiB() < base.virtualMiB()) {
            throw new InvalidRequestException(domains.xl().host(), vm, null, "--disk " + spec.diskMiB() + " MiB is"
                    + " smaller than the base image (" + base.virtualMiB() + " MiB)");
        }
        return base;
    }

    /**
     * xl joins a vif to a host bridge; it has no named networks. The bridge name is a Linux
     * interface name (at most 15 characters, no ',' that would end the vif spec's key).
     */
    private void validateNic(String vm, NicSpec nic) {
        Xl xl = domains.xl();
        if (nic.kind() == NicSpec.Kind.NETWORK) {
            throw new InvalidRequestException(xl.host(), vm, null, XenCapabilities.NETWORKS);
        }
        if (nic.kind() == NicSpec.Kind.BRIDGE && !nic.name().matches("[A-Za-z0-9_.:-]{1,15}")) {
            throw new InvalidRequestException(xl.host(), vm, null, "'" + nic.name() + "' is no host bridge name"
                    + " (an interface name: up to 15 letters, digits, '.', '_', ':' or '-')");
        }
    }

    private void validateName(String vm) {
        Xl xl = domains.xl();
        String why = null;
        if (blank(vm)) why = "a name is required";
        else if (XlParsers.DOM0.equals(vm)) why = "Domain-0 is the host's own domain";
        else if (vm.matches("\\d+")) why = "an all-digit name would be read by xl as a domain id";
        else if (vm.startsWith("-")) why = "a name cannot start with '-'";
        else if (vm.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) why = "a name cannot hold control characters";
        // found on a real Xen 4.17: xl create fails opening its log file /var/log/xen/xl-NAME.log
        else if (vm.contains("/")) why = "a name cannot hold '/' (xl keeps a log file named after the domain)";
        if (why != null) throw new InvalidRequestException(xl.host(), vm, null, why);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
