package dev.virtdeck.xen;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.host.FileStems;
import dev.virtdeck.host.HostFacts;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Xen driver: {@code xl} (kind "xl") or the legacy {@code xm} (kind "xm") run over SSH on the
 * host's dom0, through {@code sudo -n} when the inventory says so. Every domain name is its own argv
 * word; every command runs with {@code LC_ALL=C}.
 *
 * <p>Xen keeps no defined-but-off domains, so virtdeck treats the config files in the host's config
 * directory (default {@value #DEFAULT_CONFIG_DIR}, {@code *.cfg}) as the host's VMs: a config whose
 * {@code name} has no running domain is shut off, and {@link #start} runs {@code xl create} on it.
 * A running domain without a config file is listed as not persistent. Domain-0 is the host.
 *
 * <p>Cost: {@link #list()} is {@code xl list}, {@code xl list -l} (xl only), one {@code find} and
 * one {@code cat} per config file. Actions try first and look at configs only when xl says the
 * domain does not exist, to tell "shut off" from "no such VM".
 *
 * <p>Names xl cannot address by name are handled: an all-digit name would be read as a domain id,
 * so the domain id is looked up instead; a name starting with '-' is preceded by {@code --} (xl)
 * or refused (xm, which has no one spelling for it). {@code xl list} pads names to 40 columns, so
 * trailing blanks come from {@code xl list -l} (xl) or the config (xm).
 * {@link #create} refuses both, names with control characters (which a config cannot hold) and
 * names with '/' (xl could not open its per-domain log file {@code /var/log/xen/xl-NAME.log}).
 */
public final class XlDriver implements HypervisorDriver {
    public static final String DEFAULT_CONFIG_DIR = "/etc/xen";
    /** Where new disk images go when the guest has no file disk or kernel directory to sit next to. */
    static final List<String> IMAGE_DIRS = List.of("/var/lib/xen/images", "/var/lib/xen");
    static final String NO_DOMAIN = "no domain";
    /** libxl's words when the guest did not take a shutdown request within libxl's own wait. */
    static final String NOT_ACKNOWLEDGED = "didn't acknowledge control request";
    static final Duration CREATE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration SAVE_TIMEOUT = Duration.ofMinutes(10);
    /** Least time given to a shut-down domain to leave {@code xl list} (TCG dom0s are slow). */
    static final Duration GONE_WAIT = Duration.ofSeconds(30);
    static final Duration GONE_POLL = Duration.ofMillis(500);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(XlDriver.class);
    /** Stands for the domain argument in {@link #onDomain}. */
    private static final String DOM = "\u0000DOM";

    private final String hostName;
    private final Xl xl;
    private final Toolstack tool;
    private final String configDir;
    private final String saveDir;

    /**
     * @param hostName  inventory name of the host
     * @param ssh       the host's pooled SSH connection (not closed by this driver)
     * @param tool      xl or xm
     * @param configDir the host's domain config directory, null for {@value #DEFAULT_CONFIG_DIR}
     * @param saveDir   where {@link #save} writes images, or null when saving is not offered
     * @param sudo      run xl and the file programs through {@code sudo -n}
     */
    public XlDriver(String hostName, SshHost ssh, Toolstack tool, String configDir, String saveDir, boolean sudo) {
        this.hostName = hostName;
        this.tool = tool;
        this.xl = new Xl(hostName, ssh, tool, sudo);
        this.configDir = stripSlash(configDir == null || configDir.isBlank() ? DEFAULT_CONFIG_DIR : configDir);
        this.saveDir = saveDir == null || saveDir.isBlank() ? null : stripSlash(saveDir);
        if (!this.configDir.startsWith("/")) throw new IllegalArgumentException("config dir must be absolute: " + configDir);
        if (this.saveDir != null && !this.saveDir.startsWith("/")) {
            throw new IllegalArgumentException("save dir must be absolute: " + saveDir);
        }
    }

    /** A driver for kind "xl" or "xm" with the default config directory and no save directory. */
    public XlDriver(String hostName, SshHost ssh, String kind, boolean sudo) {
        this(hostName, ssh, Toolstack.forKind(kind), null, null, sudo);
    }

    @Override
    public String kind() {
        return tool.command();
    }

    @Override
    public String host() {
        return hostName;
    }

    /** @return the config directory this driver reads and writes */
    public String configDir() {
        return configDir;
    }

    @Override
    public Capabilities capabilities() {
        return tool == Toolstack.XL ? XenCapabilities.xl(saveDir != null) : XenCapabilities.XM;
    }

    // ---- reading -------------------------------------------------------------------------------

    @Override
    public List<VmInfo> list() {
        List<XlParsers.Row> rows = rows();
        Map<String, XlParsers.Domain> json = longList(rows);
        List<ConfigFile> configs = configs();
        List<VmInfo> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (XlParsers.Row listed : rows) {
            if (listed.isDom0()) continue;
            XlParsers.Row r = withExactName(listed, json, configs);
            seen.add(r.name());
            out.add(info(r, json.get(r.name()), find(configs, r.name()), false));
        }
        Set<String> images = saveImages();
        for (ConfigFile c : configs) {
            if (seen.add(c.name())) out.add(info(null, null, c, images.contains(savePath(c.name()))));
        }
        return out;
    }

    @Override
    public VmInfo details(String vm) {
        refuseDom0(vm);
        List<XlParsers.Row> rows = rows();
        Optional<XlParsers.Row> row = row(rows, vm);
        ConfigFile config = config(vm);
        if (row.isEmpty()) {
            if (config == null) throw new VmNotFoundException(hostName, vm, null, notFoundText());
            return info(null, null, config, saveImage(vm).isPresent());
        }
        XlParsers.Domain d = tool == Toolstack.XL ? domain(vm, row.get()).orElse(null) : null;
        return info(row.get(), d, config, false);
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public OpResult start(String vm) {
        refuseDom0(vm);
        ConfigFile config = config(vm);
        if (config == null) {
            Optional<XlParsers.Row> running = row(rows(), vm);
            if (running.isPresent()) return new OpResult("already running (no config file)", null);
            throw new VmNotFoundException(hostName, vm, null, notFoundText());
        }
        Optional<String> image = saveImage(vm);
        if (image.isPresent() && row(rows(), vm).isEmpty()) return restore(vm, config, image.get());
        ExecResult r = xl.run(CREATE_TIMEOUT, "create", config.path());
        if (r.ok()) return new OpResult("started", r.command());
        String why = XlParsers.errorText(r.stderr());
        if (why.contains("already exists")) return new OpResult("already running", r.command());
        throw xl.failure(vm, r);
    }

    /**
     * {@code xl restore CONFIG IMAGE}, then the image is deleted (as libvirt does with a managed
     * save): restoring the same image twice would run a stale copy of the guest. A failed restore
     * keeps the image.
     */
    private OpResult restore(String vm, ConfigFile config, String image) {
        ExecResult r = xl.run(SAVE_TIMEOUT, "restore", config.path(), image);
        if (!r.ok()) throw xl.failure(vm, r);
        ExecResult rm = xl.shOk(vm, "rm", "-f", "--", image);
        return new OpResult("restored from " + image, r.command() + " && " + rm.command());
    }

    /**
     * {@code xl shutdown -w} bounded by the request's timeout (the SSH exec timeout closes the
     * channel at the deadline), then {@code xl destroy} when forced.
     */
    @Override
    public OpResult shutdown(String vm, ShutdownRequest request) {
        refuseDom0(vm);
        if (!request.waitForShutoff()) {
            ExecResult r = onDomain(vm, null, "shutdown", DOM);
            if (r.ok()) return new OpResult("shutdown requested", r.command());
            if (offButDefined(vm, r)) return new OpResult("already shut off", r.command());
            if (XlParsers.errorText(r.stderr()).contains(NOT_ACKNOWLEDGED)) {
                throw new OperationTimeoutException(hostName, vm, r.command(),
                        "the guest did not acknowledge the shutdown request (paused or hung); use poweroff");
            }
            throw xl.failure(vm, r);
        }
        Duration timeout = request.timeout() == null ? ShutdownRequest.DEFAULT_TIMEOUT : request.timeout();
        long start = System.nanoTime();
        String command;
        String still = "still running after " + seconds(timeout);
        String forced = "forced after " + seconds(timeout);
        try {
            ExecResult r = onDomain(vm, timeout, "shutdown", "-w", DOM);
            command = r.command();
            if (r.ok()) {
                // -w returns on the shutdown event; xl's per-domain monitor destroys the domain a
                // moment later. Wait for that, so "shut down" means a following start works.
                boolean gone = awaitGone(vm, Math.max(start + timeout.toNanos(), System.nanoTime() + GONE_WAIT.toNanos()));
                return new OpResult("shut down after " + seconds(Duration.ofNanos(System.nanoTime() - start))
                        + (gone ? "" : " (the domain is still being torn down)"), command);
            }
            if (offButDefined(vm, r)) return new OpResult("already shut off", command);
            String why = XlParsers.errorText(r.stderr());
            if (why.contains(NOT_ACKNOWLEDGED)) {
                // libxl waited (60 s) for the guest to take the request, in vain: a paused or hung
                // guest, answered like a deadline that passed (the catch below)
                still = "still running: the guest did not acknowledge the shutdown request";
                forced = "forced off: the guest did not acknowledge the shutdown request";
                throw new OperationTimeoutException(hostName, vm, command, still);
            }
            if (!why.contains("PV control interface not available")) throw xl.failure(vm, r);
            if (!request.force()) {
                throw new InvalidRequestException(hostName, vm, command, "the guest has no PV drivers, so it cannot"
                        + " be asked to shut down; use poweroff (or --force)");
            }
            still = "the guest has no PV control interface";
            forced = "forced off: " + still;
        } catch (OperationTimeoutException e) {
            command = e.command() != null ? e.command() : xl.command("shutdown", "-w", vm).shellLine();
            if (!isRunning(vm)) {
                return new OpResult("shut down after " + seconds(Duration.ofNanos(System.nanoTime() - start)), command);
            }
            if (!request.force()) throw new OperationTimeoutException(hostName, vm, command, still);
        }
        ExecResult d = onDomain(vm, null, "destroy", DOM);
        String cmds = command + " && " + d.command();
        if (!d.ok()) {
            if (offButDefined(vm, d)) return new OpResult("shut down (just before the forced power-off)", cmds);
            throw xl.failure(vm, d);
        }
        LOG.info("{}: {}: forced off: {}", hostName, vm, still);
        return new OpResult(forced, cmds);
    }

    @Override
    public OpResult poweroff(String vm) {
        refuseDom0(vm);
        ExecResult r = onDomain(vm, null, "destroy", DOM);
        if (r.ok()) return new OpResult("powered off", r.command());
        if (offButDefined(vm, r)) return new OpResult("already shut off", r.command());
        throw xl.failure(vm, r);
    }

    @Override
    public OpResult reboot(String vm) {
        refuseDom0(vm);
        ExecResult r = onDomain(vm, null, "reboot", DOM);
        if (r.ok()) return new OpResult("reboot requested", r.command());
        if (offButDefined(vm, r)) throw notRunning(vm, r.command());
        if (XlParsers.errorText(r.stderr()).contains("PV control interface not available")) {
            throw new InvalidRequestException(hostName, vm, r.command(),
                    "the guest has no PV drivers, so it cannot be asked to reboot; use reset");
        }
        throw xl.failure(vm, r);
    }

    /** {@code xl trigger DOM reset}: HVM guests only (a PV guest has no emulated reset). */
    @Override
    public OpResult reset(String vm) {
        refuseDom0(vm);
        if (tool == Toolstack.XM) throw new NotSupportedException(hostName, vm, Operation.RESET, XenCapabilities.NO_RESET_XM);
        XlParsers.Domain d = runningDomain(vm);
        if (!"hvm".equals(d.type())) {
            throw new NotSupportedException(hostName, vm, Operation.RESET, "this is a " + d.type() + " guest; "
                    + XenCapabilities.RESET);
        }
        ExecResult r = onDomain(vm, null, "trigger", DOM, "reset");
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("reset", r.command());
    }

    /** Looks first: xl pause/unpause exit 0 even when nothing happened. */
    @Override
    public OpResult pause(String vm) {
        XlParsers.Row row = runningRow(vm);
        if (XenStates.normalize(row.flags()) == VmState.PAUSED) return new OpResult("already paused", null);
        ExecResult r = onDomain(vm, null, "pause", DOM);
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("paused", r.command());
    }

    @Override
    public OpResult resume(String vm) {
        XlParsers.Row row = runningRow(vm);
        if (XenStates.normalize(row.flags()) != VmState.PAUSED) return new OpResult("already running", null);
        ExecResult r = onDomain(vm, null, "unpause", DOM);
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("resumed", r.command());
    }

    /** {@code xl save DOM SAVEDIR/NAME.save}; the domain is gone afterwards and {@link #start} restores it. */
    @Override
    public OpResult save(String vm) {
        refuseDom0(vm);
        if (!capabilities().supports(Operation.SAVE)) {
            throw new NotSupportedException(hostName, vm, Operation.SAVE, capabilities().of(Operation.SAVE).reason());
        }
        if (row(rows(), vm).isEmpty()) {
            // saved already: the SPI's "already in that state", not a "not running" refusal
            Optional<String> image = saveImage(vm);
            if (image.isPresent() && config(vm) != null) return new OpResult("already saved to " + image.get(), null);
            throw notRunningOrMissing(vm, null);
        }
        String path = savePath(vm);
        ExecResult r = onDomain(vm, SAVE_TIMEOUT, "save", DOM, path);
        if (!r.ok()) {
            // a partial image would make the VM look saved and start restore garbage
            VirtdeckException e = xl.failure(vm, r);
            removeQuietly(vm, path, e);
            throw e;
        }
        return new OpResult("saved to " + path + " (start restores it)", r.command());
    }

    // ---- resources -----------------------------------------------------------------------------

    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        refuseDom0(vm);
        if (mib < 1) throw new InvalidRequestException(hostName, vm, null, "memory must be at least 1 MiB");
        liveOnly(vm, scope, Operation.SET_MEMORY);
        XlParsers.Row row = runningRow(vm);
        if (max) {
            if (mib < row.memoryMiB()) {
                throw new InvalidRequestException(hostName, vm, null, "maximum " + mib + " MiB is below the current "
                        + row.memoryMiB() + " MiB; lower the memory first");
            }
            ExecResult r = onDomain(vm, null, "mem-max", DOM, tool.memoryArg(mib));
            if (!r.ok()) throw xl.failure(vm, r);
            return new OpResult("maximum memory set to " + mib + " MiB (live; the config keeps its maxmem)", r.command());
        }
        Long maxMiB = maxMemoryMiB(vm, row);
        if (maxMiB != null && mib > maxMiB) {
            throw new InvalidRequestException(hostName, vm, null, "memory " + mib + " MiB exceeds the maximum "
                    + maxMiB + " MiB (maxmem); raise it first with --max");
        }
        ExecResult r = onDomain(vm, null, "mem-set", DOM, tool.memoryArg(mib));
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("memory set to " + mib + " MiB (live balloon target)", r.command());
    }

    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        refuseDom0(vm);
        if (count < 1) throw new InvalidRequestException(hostName, vm, null, "vCPUs must be at least 1");
        if (max) {
            throw new NotSupportedException(hostName, vm, Operation.SET_VCPUS,
                    "the maximum is fixed when the domain is built (maxvcpus in its config)");
        }
        liveOnly(vm, scope, Operation.SET_VCPUS);
        XlParsers.Row row = runningRow(vm);
        Integer maxVcpus = maxVcpus(vm, row);
        if (maxVcpus != null && count > maxVcpus) {
            throw new InvalidRequestException(hostName, vm, null, count + " vCPUs exceed the boot-time maximum "
                    + maxVcpus + " (maxvcpus)");
        }
        ExecResult r = onDomain(vm, null, "vcpu-set", DOM, Integer.toString(count));
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("vCPUs set to " + count + " (live; the guest brings them online)", r.command());
    }

    /**
     * Creates a raw image file ({@code truncate -s}) next to the guest's first file disk or its
     * kernel (else in {@link #IMAGE_DIRS}) and attaches it with {@code xl block-attach} on the first
     * free xvd name from xvdb; the file is removed again if attaching fails.
     */
    @Override
    public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        refuseDom0(vm);
        if (tool == Toolstack.XM) throw new NotSupportedException(hostName, vm, Operation.ATTACH_DISK, XenCapabilities.NO_DISK_XM);
        if (sizeMiB < 1) throw new InvalidRequestException(hostName, vm, null, "disk size must be at least 1 MiB");
        liveOnly(vm, scope, Operation.ATTACH_DISK);
        XlParsers.Domain d = runningDomain(vm);
        if (!"pv".equals(d.type())) {
            throw new NotSupportedException(hostName, vm, Operation.ATTACH_DISK, "this is a " + d.type() + " guest; "
                    + XenCapabilities.DISK);
        }
        ExecResult list = onDomain(vm, null, "block-list", DOM);
        if (!list.ok()) throw xl.failure(vm, list);
        Set<String> used = new LinkedHashSet<>(List.of("xvda"));
        for (int id : XlParsers.blockDevices(list.stdout())) {
            String name = XlParsers.vdevName(id);
            if (name != null) used.add(name);
        }
        d.disks().forEach(x -> used.add(x.vdev()));
        String vdev = null;
        for (int i = 1; i < 26 * 27 && vdev == null; i++) {
            String candidate = "xvd" + XlParsers.letters(i);
            if (!used.contains(candidate)) vdev = candidate;
        }
        List<String> near = new ArrayList<>();
        d.disks().forEach(x -> near.add(x.path()));
        near.add(d.kernel());
        String dir = imageDir(vm, near);
        String path = freePath(vm, dir, fileStem(vm) + "-" + vdev, ".img");
        ExecResult created = createImage(vm, path, sizeMiB);
        ExecResult r = onDomain(vm, null, "block-attach", DOM, "format=raw,vdev=" + vdev + ",access=rw,target=" + path);
        if (!r.ok()) {
            VirtdeckException failure = xl.failure(vm, r);
            removeQuietly(vm, path, failure);
            throw failure;
        }
        return new OpResult("attached " + sizeMiB + " MiB raw disk " + path + " as " + vdev + " (live)",
                created.command() + " && " + r.command());
    }

    // ---- create / delete -----------------------------------------------------------------------

    /**
     * Writes {@code CONFIGDIR/NAME.cfg} (a PV kernel boot, or HVM from an ISO) with {@code tee} and
     * optionally starts it; on failure the config and the new disk image are removed again.
     */
    @Override
    public OpResult create(CreateSpec spec, boolean start) {
        String vm = spec.name();
        validateName(vm);
        if (spec.memoryMiB() < 1) throw new InvalidRequestException(hostName, vm, null, "memory must be at least 1 MiB");
        if (spec.vcpus() < 1) throw new InvalidRequestException(hostName, vm, null, "vCPUs must be at least 1");
        if (spec.diskMiB() != null && spec.diskMiB() < 1) {
            throw new InvalidRequestException(hostName, vm, null, "disk size must be at least 1 MiB");
        }
        if (blank(spec.kernel()) && blank(spec.iso())) {
            throw new InvalidRequestException(hostName, vm, null, "give a kernel (PV guest) or an ISO (HVM guest)");
        }
        try {
            XlConfigWriter.render(spec, "/validate.img"); // refuses unquotable values before touching the host
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(hostName, vm, null, e.getMessage());
        }
        if (row(rows(), vm).isPresent() || config(vm) != null) {
            throw new InvalidRequestException(hostName, vm, null, "a VM with this name already exists");
        }
        String path = configDir + "/" + fileStem(vm) + ".cfg";
        ExecResult exists = xl.sh("test", "-e", path);
        if (exists.exitCode() != 1) {
            throw new InvalidRequestException(hostName, vm, exists.command(), "the config file " + path
                    + " already exists (for another name?)");
        }
        List<String> cmds = new ArrayList<>();
        String disk = null;
        if (spec.diskMiB() != null) {
            String dir = imageDir(vm, blank(spec.kernel()) ? List.of() : List.of(spec.kernel()));
            disk = freePath(vm, dir, fileStem(vm) + "-xvda", ".img");
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
                throw new InvalidRequestException(hostName, vm, ln.command(), "a VM with this name was created"
                        + " meanwhile by someone else (" + path + " appeared); nothing changed");
            }
            if (!ln.ok()) throw new CommandFailedException(hostName, vm, ln.command(), ln.exitCode(), ln.stdout(), ln.stderr());
            claimed = true;
            if (disk != null) cmds.add(createImage(vm, disk, spec.diskMiB()).command());
            if (start) {
                ExecResult r = xl.run(CREATE_TIMEOUT, "create", path);
                cmds.add(r.command());
                if (!r.ok()) throw xl.failure(vm, r);
            }
        } catch (VirtdeckException e) {
            if (claimed) {
                removeQuietly(vm, path, e);
                if (disk != null) removeQuietly(vm, disk, e);
            }
            throw e;
        } finally {
            xl.sh("rm", "-f", "--", staged); // best effort: a leftover is inert (not a .cfg)
        }
        return new OpResult((start ? "created and started" : "created") + " (" + path
                + (disk == null ? "" : ", disk " + disk) + ")", String.join(" && ", cmds));
    }

    /** Stops a running domain (with {@code force}), removes its config file and, if asked, its file disks. */
    @Override
    public OpResult delete(String vm, boolean withDisks, boolean force) {
        refuseDom0(vm);
        Optional<XlParsers.Row> row = row(rows(), vm);
        ConfigFile config = config(vm);
        if (row.isEmpty() && config == null) throw new VmNotFoundException(hostName, vm, null, notFoundText());
        List<String> cmds = new ArrayList<>();
        Set<String> disks = new LinkedHashSet<>();
        if (row.isPresent()) {
            if (!force) {
                throw new InvalidRequestException(hostName, vm, null, "the VM is running (" + row.get().flags()
                        + "); stop it first or use --force");
            }
            if (withDisks && tool == Toolstack.XL) {
                domain(vm, row.get()).ifPresent(d -> d.disks().forEach(x -> addFileDisk(disks, x.path())));
            }
            ExecResult r = onDomain(vm, null, "destroy", DOM);
            cmds.add(r.command());
            if (!r.ok() && !offButDefined(vm, r)) throw xl.failure(vm, r);
        }
        if (config != null) {
            if (withDisks) config.config().list("disk").forEach(s -> addFileDisk(disks, XlConfig.diskTarget(s)));
            cmds.add(xl.shOk(vm, "rm", "-f", "--", config.path()).command());
        }
        for (String disk : disks) cmds.add(xl.shOk(vm, "rm", "-f", "--", disk).command());
        Optional<String> image = saveImage(vm);
        if (image.isPresent()) cmds.add(xl.shOk(vm, "rm", "-f", "--", image.get()).command());
        String msg = "deleted" + (config == null ? " (no config file)" : " (" + config.path() + " removed)")
                + (image.isEmpty() ? "" : " with its save image " + image.get())
                + (disks.isEmpty() ? "" : " with " + disks.size() + " disk file(s): " + String.join(", ", disks));
        return new OpResult(msg, String.join(" && ", cmds));
    }

    // ---- console / host ------------------------------------------------------------------------

    /** {@code xl console} has no busy check: a second client simply shares the console. */
    @Override
    public ConsoleStream console(String vm, boolean force) {
        refuseDom0(vm);
        String[] target = target(vm, row(rows(), vm));
        if (target == null) throw notRunningOrMissing(vm, null);
        try {
            return XlConsole.open(xl, vm, target); // "--" before a name starting with '-'
        } catch (VmNotFoundException e) {
            throw notRunningOrMissing(vm, e.command());
        }
    }

    @Override
    public HostInfo hostInfo() {
        ExecResult r = xl.ok(null, "info");
        Map<String, String> info = XlParsers.info(r.stdout());
        List<XlParsers.Row> rows = rows();
        HostFacts f = HostFacts.gather(xl.ssh(), hostName);
        Map<String, String> extra = new LinkedHashMap<>();
        rows.stream().filter(XlParsers.Row::isDom0).findFirst().ifPresent(d -> {
            extra.put("dom0 memory", d.memoryMiB() + " MiB");
            extra.put("dom0 vcpus", Integer.toString(d.vcpus()));
            extra.put("dom0 state", d.flags());
        });
        for (String k : List.of("virt_caps", "xen_caps", "xen_scheduler", "xen_commandline")) {
            if (info.get(k) != null && !info.get(k).isEmpty()) extra.put(k, info.get(k));
        }
        extra.put("config dir", configDir);
        if (saveDir != null) extra.put("save dir", saveDir);
        long guests = rows.stream().filter(x -> !x.isDom0()).count();
        for (ConfigFile c : configs()) if (row(rows, c.name()).isEmpty()) guests++;
        Integer cpus = integer(info.get("nr_cpus"));
        return new HostInfo(hostName, kind(), tool.command(), info.getOrDefault("host", f.hostname()), f.vmx(), f.svm(),
                f.devKvm(), f.kvmModules(), f.toolstacks(), "Xen", xenVersion(info), null,
                cpus != null ? cpus : f.cpus(), longValue(info.get("total_memory")), longValue(info.get("free_memory")),
                null, (int) guests, extra);
    }

    /** Nothing to release: the SSH connection belongs to the pool. */
    @Override
    public void close() {
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A config file of the config directory and what it says. */
    record ConfigFile(String path, String name, XlConfig config) {
    }

    private List<XlParsers.Row> rows() {
        ExecResult r = xl.ok(null, "list");
        return XlParsers.list(r.stdout());
    }

    /** {@code xl list -l} by name; empty for xm (no JSON) or when only Domain-0 runs. */
    private Map<String, XlParsers.Domain> longList(List<XlParsers.Row> rows) {
        Map<String, XlParsers.Domain> out = new LinkedHashMap<>();
        if (tool != Toolstack.XL || rows.stream().allMatch(XlParsers.Row::isDom0)) return out;
        ExecResult r = xl.ok(null, "list", "-l");
        for (XlParsers.Domain d : parseJson(r)) if (d.name() != null) out.put(d.name(), d);
        return out;
    }

    private List<XlParsers.Domain> parseJson(ExecResult r) {
        try {
            return XlParsers.longList(r.stdout());
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(hostName, null, r.command(), r.exitCode(), r.stdout(), e.getMessage());
        }
    }

    /** One running domain's {@code xl list -l} entry. */
    private Optional<XlParsers.Domain> domain(String vm, XlParsers.Row row) {
        String[] t = target(vm, Optional.of(row));
        List<String> args = new ArrayList<>(List.of("list", "-l"));
        args.addAll(List.of(t));
        ExecResult r = xl.run(args.toArray(String[]::new));
        if (!r.ok()) {
            if (Xl.isNotFound(XlParsers.errorText(r.stderr()))) return Optional.empty();
            throw xl.failure(vm, r);
        }
        return parseJson(r).stream().filter(d -> d.domid() == row.domid()).findFirst();
    }

    private XlParsers.Domain runningDomain(String vm) {
        XlParsers.Row row = runningRow(vm);
        return domain(vm, row).orElseThrow(() -> notRunningOrMissing(vm, null));
    }

    /** The domain's row; a VM that only has a config is "not running", anything else "no such VM". */
    private XlParsers.Row runningRow(String vm) {
        refuseDom0(vm);
        return row(rows(), vm).orElseThrow(() -> notRunningOrMissing(vm, null));
    }

    private static Optional<XlParsers.Row> row(List<XlParsers.Row> rows, String vm) {
        Optional<XlParsers.Row> exact = rows.stream().filter(r -> !r.isDom0() && r.name().equals(vm)).findFirst();
        if (exact.isPresent() || vm.stripTrailing().equals(vm)) return exact;
        // xl and xm pad the name column with blanks, so a name's trailing blanks do not survive xl list
        return rows.stream().filter(r -> !r.isDom0() && r.name().equals(vm.stripTrailing())).findFirst();
    }

    /**
     * The row under its exact name: {@code xl list} pads names to 40 columns, so trailing blanks
     * are lost; {@code xl list -l} (by domain id) or a config whose name differs only by them has
     * the exact one.
     */
    private static XlParsers.Row withExactName(XlParsers.Row r, Map<String, XlParsers.Domain> json,
                                               List<ConfigFile> configs) {
        String exact = json.values().stream().filter(d -> d.domid() == r.domid()).map(XlParsers.Domain::name)
                .findFirst().orElse(null);
        if (exact == null && find(configs, r.name()) == null) {
            exact = configs.stream().map(ConfigFile::name).filter(n -> n.stripTrailing().equals(r.name()))
                    .findFirst().orElse(null);
        }
        if (exact == null || exact.equals(r.name())) return r;
        return new XlParsers.Row(exact, r.domid(), r.memoryMiB(), r.vcpus(), r.flags(), r.cpuSeconds());
    }

    /** Config files of the config directory that parse and name a domain, sorted by path. */
    List<ConfigFile> configs() {
        ExecResult r = xl.sh("find", configDir, "-maxdepth", "1", "-name", "*.cfg", "-type", "f");
        if (!r.ok()) throw new CommandFailedException(hostName, null, r.command(), r.exitCode(), r.stdout(), r.stderr());
        List<String> paths = r.stdout().lines().map(String::strip).filter(p -> p.startsWith("/")).sorted().toList();
        List<ConfigFile> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String path : paths) {
            ExecResult c = xl.sh("cat", path);
            if (!c.ok()) {
                LOG.warn("{}: cannot read {}: {}", hostName, path, c.stderr().strip());
                continue;
            }
            try {
                XlConfig cfg = XlConfig.parse(c.stdout());
                String name = cfg.string("name");
                if (blank(name)) {
                    LOG.debug("{}: {} names no domain; skipped", hostName, path);
                } else if (!names.add(name)) {
                    LOG.warn("{}: {} names {} again; the first config wins", hostName, path, name);
                } else {
                    out.add(new ConfigFile(path, name, cfg));
                }
            } catch (XlConfig.ParseException e) {
                LOG.warn("{}: {} skipped: {}", hostName, path, e.getMessage());
            }
        }
        return out;
    }

    private ConfigFile config(String vm) {
        return find(configs(), vm);
    }

    private static ConfigFile find(List<ConfigFile> configs, String vm) {
        return configs.stream().filter(c -> c.name().equals(vm)).findFirst().orElse(null);
    }

    /** @param saved a config-only VM whose save image exists (listed as saved) */
    private VmInfo info(XlParsers.Row row, XlParsers.Domain d, ConfigFile c, boolean saved) {
        XlConfig cfg = c == null ? null : c.config();
        Long cfgMem = cfg == null ? null : cfg.number("memory");
        Long cfgMax = cfg == null || cfg.number("maxmem") == null ? cfgMem : cfg.number("maxmem");
        Long cfgVcpus = cfg == null ? null : cfg.number("vcpus");
        Long cfgMaxVcpus = cfg == null || cfg.number("maxvcpus") == null ? cfgVcpus : cfg.number("maxvcpus");
        if (row == null) {
            return new VmInfo(hostName, kind(), c.name(), cfg.string("uuid"), saved ? VmState.SUSPENDED : VmState.SHUTOFF,
                    saved ? "no domain; saved to " + savePath(c.name()) : NO_DOMAIN,
                    toInt(cfgVcpus), toInt(cfgMaxVcpus), cfgMem, cfgMax, true, null);
        }
        Long maxMem = d != null && d.maxMemKiB() != null ? Long.valueOf(d.maxMemKiB() / 1024) : cfgMax;
        Integer maxVcpus = d != null && d.maxVcpus() != null ? d.maxVcpus() : toInt(cfgMaxVcpus);
        return new VmInfo(hostName, kind(), row.name(), d == null ? null : d.uuid(), XenStates.normalize(row.flags()),
                row.flags(), row.vcpus(), maxVcpus, row.memoryMiB(), maxMem, c != null,
                Math.round(row.cpuSeconds() * 1e9));
    }

    private Long maxMemoryMiB(String vm, XlParsers.Row row) {
        if (tool == Toolstack.XL) {
            Optional<XlParsers.Domain> d = domain(vm, row);
            if (d.isPresent() && d.get().maxMemKiB() != null) return d.get().maxMemKiB() / 1024;
        }
        ConfigFile c = config(vm);
        if (c == null) return null;
        return c.config().number("maxmem") != null ? c.config().number("maxmem") : c.config().number("memory");
    }

    private Integer maxVcpus(String vm, XlParsers.Row row) {
        if (tool == Toolstack.XL) {
            Optional<XlParsers.Domain> d = domain(vm, row);
            if (d.isPresent() && d.get().maxVcpus() != null) return d.get().maxVcpus();
        }
        ConfigFile c = config(vm);
        if (c == null) return null;
        Long n = c.config().number("maxvcpus") != null ? c.config().number("maxvcpus") : c.config().number("vcpus");
        return toInt(n);
    }

    /**
     * Runs xl with the domain argument in place of {@link #DOM}. A name xl would read as a domain
     * id (all digits) is replaced by its domain id, looked up first; when it is not running the
     * result is xl's own "invalid domain identifier" answer for it.
     */
    private ExecResult onDomain(String vm, Duration timeout, String... args) {
        Optional<XlParsers.Row> row = vm.matches("\\d+") ? row(rows(), vm) : Optional.empty();
        String[] t = target(vm, row);
        List<String> argv = new ArrayList<>();
        for (String a : args) {
            if (a.equals(DOM)) argv.addAll(List.of(t == null ? new String[] {vm} : t));
            else argv.add(a);
        }
        String[] words = argv.toArray(String[]::new);
        if (t == null) {
            return new ExecResult(xl.command(words).shellLine(), 1, "", vm + " is an invalid domain identifier\n",
                    Duration.ZERO);
        }
        return timeout == null ? xl.run(words) : xl.run(timeout, words);
    }

    /** @return the argv words naming {@code vm} to xl, or null for an all-digit name that is not running */
    private String[] target(String vm, Optional<XlParsers.Row> row) {
        if (vm.matches("\\d+")) return row.map(r -> new String[] {Integer.toString(r.domid())}).orElse(null);
        if (vm.startsWith("-") && tool == Toolstack.XM) {
            // xend's xm reads some subcommands' arguments with getopt (which needs "--" before such a
            // name) and others positionally (which take "--" for the name): no one spelling works
            throw new InvalidRequestException(hostName, vm, null,
                    "xm cannot be given a domain name starting with '-' (it would read it as an option)");
        }
        if (vm.startsWith("-")) return new String[] {"--", vm};
        return new String[] {vm};
    }

    /**
     * After xl said the domain does not exist: true when the VM exists as a config (so it is off),
     * {@link VmNotFoundException} when not even that; false for any other failure.
     */
    private boolean offButDefined(String vm, ExecResult failed) {
        if (!Xl.isNotFound(XlParsers.errorText(failed.stderr()))) return false;
        if (config(vm) != null) return true;
        throw new VmNotFoundException(hostName, vm, failed.command(), notFoundText());
    }

    private VirtdeckException notRunningOrMissing(String vm, String command) {
        if (config(vm) != null) return notRunning(vm, command);
        return new VmNotFoundException(hostName, vm, command, notFoundText());
    }

    private InvalidRequestException notRunning(String vm, String command) {
        return new InvalidRequestException(hostName, vm, command, "the VM is not running (shut off); start it first");
    }

    private String notFoundText() {
        return "no such VM (no running domain, and no config in " + configDir + " names it)";
    }

    /** Where {@link #save} puts the VM's image: one fixed file per VM, so that start finds it. */
    private String savePath(String vm) {
        return saveDir + "/" + fileStem(vm) + ".save";
    }

    /** The save images in the save directory (none without one); one {@code find}. */
    private Set<String> saveImages() {
        if (saveDir == null) return Set.of();
        ExecResult r = xl.sh("find", saveDir, "-maxdepth", "1", "-name", "*.save", "-type", "f");
        if (!r.ok()) return Set.of(); // a missing save directory holds no images
        Set<String> out = new LinkedHashSet<>();
        for (String line : r.stdout().split("\n")) if (!line.isBlank()) out.add(line.strip());
        return out;
    }

    private Optional<String> saveImage(String vm) {
        if (saveDir == null) return Optional.empty();
        String path = savePath(vm);
        return xl.sh("test", "-f", path).ok() ? Optional.of(path) : Optional.empty();
    }

    /** Polls {@code xl list} until the domain has left it or the deadline (nanoTime) passed. */
    private boolean awaitGone(String vm, long deadline) {
        while (row(rows(), vm).isPresent()) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(GONE_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private boolean isRunning(String vm) {
        return row(rows(), vm).map(r -> XenStates.normalize(r.flags()).isActive()).orElse(false);
    }

    private void refuseDom0(String vm) {
        if (XlParsers.DOM0.equals(vm)) {
            throw new InvalidRequestException(hostName, vm, null, "Domain-0 is the host (dom0), not a VM");
        }
    }

    private void liveOnly(String vm, Set<Scope> scope, Operation op) {
        if (scope.contains(Scope.CONFIG)) {
            throw new NotSupportedException(hostName, vm, op, capabilities().of(op).reason());
        }
    }

    private void validateName(String vm) {
        String why = null;
        if (blank(vm)) why = "a name is required";
        else if (XlParsers.DOM0.equals(vm)) why = "Domain-0 is the host's own domain";
        else if (vm.matches("\\d+")) why = "an all-digit name would be read by xl as a domain id";
        else if (vm.startsWith("-")) why = "a name cannot start with '-'";
        else if (vm.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) why = "a name cannot hold control characters";
        // found on a real Xen 4.17: xl create fails opening its log file /var/log/xen/xl-NAME.log
        else if (vm.contains("/")) why = "a name cannot hold '/' (xl keeps a log file named after the domain)";
        if (why != null) throw new InvalidRequestException(hostName, vm, null, why);
    }

    /** The first existing directory of: those of {@code near} (absolute file paths not under /dev), then {@link #IMAGE_DIRS}. */
    private String imageDir(String vm, List<String> near) {
        List<String> candidates = new ArrayList<>();
        for (String p : near) {
            if (p == null || !p.startsWith("/") || p.startsWith("/dev/")) continue;
            int slash = p.lastIndexOf('/');
            if (slash > 0) candidates.add(p.substring(0, slash));
        }
        candidates.addAll(IMAGE_DIRS);
        for (String dir : new LinkedHashSet<>(candidates)) {
            ExecResult r = xl.sh("test", "-d", dir);
            if (r.ok()) return dir;
        }
        throw new InvalidRequestException(hostName, vm, null, "no directory for the disk image: none of "
                + String.join(", ", new LinkedHashSet<>(candidates)) + " exists on the host");
    }

    /** @return {@code dir/stem[-N]ext} that does not exist yet */
    private String freePath(String vm, String dir, String stem, String ext) {
        for (int i = 0; ; i++) {
            String path = dir + "/" + stem + (i == 0 ? "" : "-" + i) + ext;
            ExecResult r = xl.sh("test", "-e", path);
            if (r.exitCode() == 1) return path;
            if (r.exitCode() != 0) throw new CommandFailedException(hostName, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        }
    }

    /**
     * A sparse raw image: {@code truncate -s} (coreutils, on every dom0); where truncate is missing
     * (exit 127), {@code qemu-img create -f raw}.
     */
    private ExecResult createImage(String vm, String path, long sizeMiB) {
        ExecResult r = xl.sh("truncate", "-s", sizeMiB + "M", "--", path);
        if (r.exitCode() == 127) r = xl.sh("qemu-img", "create", "-q", "-f", "raw", path, sizeMiB + "M");
        if (!r.ok()) throw new CommandFailedException(hostName, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r;
    }

    private void removeQuietly(String vm, String path, VirtdeckException cause) {
        try {
            xl.shOk(vm, "rm", "-f", "--", path);
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: could not remove {}: {}", hostName, vm, path, e.getMessage());
            cause.addSuppressed(e);
        }
    }

    private static void addFileDisk(Set<String> disks, String path) {
        if (path != null && path.startsWith("/") && !path.startsWith("/dev/")) disks.add(path);
    }

    /** The config/image file stem: the name itself when it is a plain word, else a safe form with a hash. */
    static String fileStem(String vm) {
        if (vm.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}")) return vm;
        return FileStems.of(vm);
    }

    static String xenVersion(Map<String, String> info) {
        if (info.get("xen_version") != null) return info.get("xen_version");
        if (info.get("xen_major") == null) return null;
        return info.get("xen_major") + "." + info.getOrDefault("xen_minor", "?") + info.getOrDefault("xen_extra", "");
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) return ms / 1000 + " s";
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String stripSlash(String dir) {
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Integer toInt(Long n) {
        return n == null ? null : n.intValue();
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
