package dev.virtdeck.xen;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;

/**
 * {@link XlDriver#setAutostart}: a symbolic link to the VM's config file in {@value #AUTO_DIR},
 * the directory the xendomains service ({@code XENDOMAINS_AUTO}) creates domains from at host
 * boot. Without xendomains enabled the link does nothing; a host without the directory is refused.
 */
final class XlAutostart {
    /** xendomains' default XENDOMAINS_AUTO (Debian's /etc/default/xendomains, Xen's sysconfig). */
    static final String AUTO_DIR = "/etc/xen/auto";

    private final XenDomains domains;

    XlAutostart(XenDomains domains) {
        this.domains = domains;
    }

    OpResult set(String vm, boolean on) {
        Xl xl = domains.xl();
        XenDomains.ConfigFile c = domains.config(vm);
        if (c == null && XenDomains.row(domains.rows(), vm).isEmpty()) {
            throw new VmNotFoundException(xl.host(), vm, null, domains.notFoundText());
        }
        if (c == null) {
            throw new InvalidRequestException(xl.host(), vm, null, "the VM has no config file in the config directory;"
                    + " xendomains starts domains from config files");
        }
        String link = AUTO_DIR + "/" + c.path().substring(c.path().lastIndexOf('/') + 1);
        return on ? on(vm, xl, c.path(), link) : off(vm, xl, link);
    }

    /**
     * @return whether xendomains would create the VM at boot (something at its name in
     *         {@value #AUTO_DIR}), or null for a VM without a config file (nothing to link)
     */
    Boolean isOn(String vm) {
        XenDomains.ConfigFile c = domains.config(vm);
        if (c == null) return null;
        ExecResult r = domains.xl().sh("test", "-e", AUTO_DIR + "/" + c.path().substring(c.path().lastIndexOf('/') + 1));
        if (r.exitCode() > 1) throw failed(domains.xl(), vm, r);
        return r.ok();
    }

    private OpResult on(String vm, Xl xl, String cfg, String link) {
        ExecResult dir = xl.sh("test", "-d", AUTO_DIR);
        if (dir.exitCode() == 1) {
            throw new InvalidRequestException(xl.host(), vm, dir.command(), "the host has no " + AUTO_DIR
                    + ": autostart needs the xendomains service (XENDOMAINS_AUTO=" + AUTO_DIR + ") set up first");
        }
        if (!dir.ok()) throw failed(xl, vm, dir);
        ExecResult ln = xl.sh("ln", "-s", "--", cfg, link);
        if (ln.ok()) {
            return new OpResult("autostart on (" + link + " -> " + cfg + "; created at boot by the xendomains"
                    + " service, if it is enabled)", ln.command());
        }
        if (!ln.stderr().contains("File exists")) throw failed(xl, vm, ln);
        ExecResult rl = xl.sh("readlink", "--", link);
        if (rl.ok() && rl.stdout().strip().equals(cfg)) return new OpResult("autostart already on (" + link + ")",
                rl.command());
        throw new InvalidRequestException(xl.host(), vm, rl.command(), link + " exists and is not a link to " + cfg
                + "; left as it is (see what it is, then remove it and retry)");
    }

    private OpResult off(String vm, Xl xl, String link) {
        ExecResult rl = xl.sh("readlink", "--", link);
        if (rl.ok()) {
            ExecResult rm = xl.sh("rm", "-f", "--", link);
            if (!rm.ok()) throw failed(xl, vm, rm);
            return new OpResult("autostart off (" + link + " removed)", rl.command() + " && " + rm.command());
        }
        ExecResult exists = xl.sh("test", "-e", link);
        if (exists.ok()) {
            throw new InvalidRequestException(xl.host(), vm, exists.command(), link + " is a file, not a link: xendomains"
                    + " starts it at boot; it is not virtdeck's to delete (move it away to turn autostart off)");
        }
        return new OpResult("autostart already off", rl.command());
    }

    private static VirtdeckException failed(Xl xl, String vm, ExecResult r) {
        return new dev.virtdeck.error.CommandFailedException(xl.host(), vm, r.command(), r.exitCode(), r.stdout(),
                r.stderr());
    }
}
