package dev.virtdeck.xen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.virtdeck.error.Durations.seconds;
import static dev.virtdeck.xen.XenDomains.DOM;

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
    static final String NO_DOMAIN = "no domain";
    /** libxl's words when the guest did not take a shutdown request within libxl's own wait. */
    static final String NOT_ACKNOWLEDGED = "didn't acknowledge control request";
    static final Duration CREATE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration SAVE_TIMEOUT = Duration.ofMinutes(10);
    /** Least time given to a shut-down domain to leave {@code xl list} (TCG dom0s are slow). */
    static final Duration GONE_WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(XlDriver.class);

    private final String hostName;
    private final Xl xl;
    private final Toolstack tool;
    private final XenDirs dirs;
    private final XenDomains domains;
    private final XenImages images;
    private final XlCreate creator;
    private final XlAutostart autostart;

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
        this.dirs = new XenDirs(configDir, saveDir);
        this.domains = new XenDomains(xl, dirs);
        this.images = new XenImages(xl);
        this.creator = new XlCreate(domains, images);
        this.autostart = new XlAutostart(domains);
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
        return dirs.config();
    }

    @Override
    public Capabilities capabilities() {
        return tool == Toolstack.XL ? XenCapabilities.xl(dirs.save() != null) : XenCapabilities.XM;
    }

    // ---- reading -------------------------------------------------------------------------------

    /** The running domains, then the VMs only a config file (and maybe a save image) stands for. */
    @Override
    public List<VmInfo> list() {
        return domains.list();
    }

    @Override
    public VmInfo details(String vm) {
        return domains.details(vm);
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public OpResult start(String vm) {
        domains.refuseDom0(vm);
        XenDomains.ConfigFile config = domains.config(vm);
        if (config == null) {
            Optional<XlParsers.Row> running = XenDomains.row(domains.rows(), vm);
            if (running.isPresent()) return new OpResult("already running (no config file)", null);
            throw new VmNotFoundException(hostName, vm, null, domains.notFoundText());
        }
        Optional<String> image = domains.saveImage(vm);
        if (image.isPresent() && XenDomains.row(domains.rows(), vm).isEmpty()) return restore(vm, config, image.get());
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
    private OpResult restore(String vm, XenDomains.ConfigFile config, String image) {
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
        domains.refuseDom0(vm);
        if (!request.waitForShutoff()) {
            ExecResult r = domains.onDomain(vm, null, "shutdown", DOM);
            if (r.ok()) return new OpResult("shutdown requested", r.command());
            if (domains.offButDefined(vm, r)) return new OpResult("already shut off", r.command());
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
            ExecResult r = domains.onDomain(vm, timeout, "shutdown", "-w", DOM);
            command = r.command();
            if (r.ok()) {
                // -w returns on the shutdown event; xl's per-domain monitor destroys the domain a
                // moment later. Wait for that, so "shut down" means a following start works.
                boolean gone = domains.awaitGone(vm, Math.max(start + timeout.toNanos(), System.nanoTime() + GONE_WAIT.toNanos()));
                return new OpResult("shut down after " + seconds(Duration.ofNanos(System.nanoTime() - start))
                        + (gone ? "" : " (the domain is still being torn down)"), command);
            }
            if (domains.offButDefined(vm, r)) return new OpResult("already shut off", command);
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
            if (!domains.isRunning(vm)) {
                return new OpResult("shut down after " + seconds(Duration.ofNanos(System.nanoTime() - start)), command);
            }
            if (!request.force()) throw new OperationTimeoutException(hostName, vm, command, still);
        }
        ExecResult d = domains.onDomain(vm, null, "destroy", DOM);
        String cmds = command + " && " + d.command();
        if (!d.ok()) {
            if (domains.offButDefined(vm, d)) return new OpResult("shut down (just before the forced power-off)", cmds);
            throw xl.failure(vm, d);
        }
        LOG.info("{}: {}: forced off: {}", hostName, vm, still);
        return new OpResult(forced, cmds);
    }

    @Override
    public OpResult poweroff(String vm) {
        domains.refuseDom0(vm);
        ExecResult r = domains.onDomain(vm, null, "destroy", DOM);
        if (r.ok()) return new OpResult("powered off", r.command());
        if (domains.offButDefined(vm, r)) return new OpResult("already shut off", r.command());
        throw xl.failure(vm, r);
    }

    @Override
    public OpResult reboot(String vm) {
        domains.refuseDom0(vm);
        ExecResult r = domains.onDomain(vm, null, "reboot", DOM);
        if (r.ok()) return new OpResult("reboot requested", r.command());
        if (domains.offButDefined(vm, r)) throw domains.notRunning(vm, r.command());
        if (XlParsers.errorText(r.stderr()).contains("PV control interface not available")) {
            throw new InvalidRequestException(hostName, vm, r.command(),
                    "the guest has no PV drivers, so it cannot be asked to reboot; use reset");
        }
        throw xl.failure(vm, r);
    }

    /** {@code xl trigger DOM reset}: HVM guests only (a PV guest has no emulated reset). */
    @Override
    public OpResult reset(String vm) {
        domains.refuseDom0(vm);
        if (tool == Toolstack.XM) throw Operation.RESET.unsupported(hostName, vm, XenCapabilities.NO_RESET_XM);
        XlParsers.Domain d = domains.runningDomain(vm);
        if (!"hvm".equals(d.type())) {
            throw Operation.RESET.unsupported(hostName, vm, "this is a " + d.type() + " guest; "
                    + XenCapabilities.RESET);
        }
        ExecResult r = domains.onDomain(vm, null, "trigger", DOM, "reset");
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("reset", r.command());
    }

    /** Looks first: xl pause/unpause exit 0 even when nothing happened. */
    @Override
    public OpResult pause(String vm) {
        XlParsers.Row row = domains.runningRow(vm);
        if (XenStates.normalize(row.flags()) == VmState.PAUSED) return new OpResult("already paused", null);
        ExecResult r = domains.onDomain(vm, null, "pause", DOM);
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("paused", r.command());
    }

    @Override
    public OpResult resume(String vm) {
        XlParsers.Row row = domains.runningRow(vm);
        if (XenStates.normalize(row.flags()) != VmState.PAUSED) return new OpResult("already running", null);
        ExecResult r = domains.onDomain(vm, null, "unpause", DOM);
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("resumed", r.command());
    }

    /** {@code xl save DOM SAVEDIR/NAME.save}; the domain is gone afterwards and {@link #start} restores it. */
    @Override
    public OpResult save(String vm) {
        domains.refuseDom0(vm);
        if (!capabilities().supports(Operation.SAVE)) {
            throw Operation.SAVE.unsupported(hostName, vm, capabilities().of(Operation.SAVE).reason());
        }
        if (XenDomains.row(domains.rows(), vm).isEmpty()) {
            // saved already: the SPI's "already in that state", not a "not running" refusal
            Optional<String> image = domains.saveImage(vm);
            if (image.isPresent() && domains.config(vm) != null) {
                return new OpResult("already saved to " + image.get(), null);
            }
            throw domains.notRunningOrMissing(vm, null);
        }
        String path = domains.savePath(vm);
        ExecResult r = domains.onDomain(vm, SAVE_TIMEOUT, "save", DOM, path);
        if (!r.ok()) {
            // a partial image would make the VM look saved and start restore garbage
            VirtdeckException e = xl.failure(vm, r);
            images.removeQuietly(vm, path, e);
            throw e;
        }
        return new OpResult("saved to " + path + " (start restores it)", r.command());
    }

    // ---- resources -----------------------------------------------------------------------------

    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        domains.refuseDom0(vm);
        liveOnly(vm, scope, Operation.SET_MEMORY);
        XlParsers.Row row = domains.runningRow(vm);
        if (max) {
            if (mib < row.memoryMiB()) {
                throw new InvalidRequestException(hostName, vm, null, "maximum " + mib + " MiB is below the current "
                        + row.memoryMiB() + " MiB; lower the memory first");
            }
            ExecResult r = domains.onDomain(vm, null, "mem-max", DOM, tool.memoryArg(mib));
            if (!r.ok()) throw xl.failure(vm, r);
            return new OpResult("maximum memory set to " + mib + " MiB (live; the config keeps its maxmem)", r.command());
        }
        Long maxMiB = domains.maxMemoryMiB(vm, row);
        if (maxMiB != null && mib > maxMiB) {
            throw new InvalidRequestException(hostName, vm, null, "memory " + mib + " MiB exceeds the maximum "
                    + maxMiB + " MiB (maxmem); raise it first with --max");
        }
        ExecResult r = domains.onDomain(vm, null, "mem-set", DOM, tool.memoryArg(mib));
        if (!r.ok()) throw xl.failure(vm, r);
        return new OpResult("memory set to " + mib + " MiB (live balloon target)", r.command());
    }

    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        domains.refuseDom0(vm);
        if (max) {
            throw Operation.SET_VCPUS.unsupported(hostName, vm,
                    "the maximum is fixed when the domain is built (maxvcpus in its config)");
        }
        liveOnly(vm, scope, Operation.SET_VCPUS);
        XlParsers.Row row = domains.runningRow(vm);
        Integer maxVcpus = domains.maxVcpus(vm, row);
        if (maxVcpus != null && count > maxVcpus) {
            throw new InvalidRequestException(hostName, vm, null, count + " vCPUs exceed the boot-time maximum "
                    + maxVcpus + " (maxvcpus)");
        }
        ExecResult r = domains.onDomain(vm, null, "vcpu-set", DOM, Integer.toString(count));
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
        domains.refuseDom0(vm);
        if (tool == Toolstack.XM) throw Operation.ATTACH_DISK.unsupported(hostName, vm, XenCapabilities.NO_DISK_XM);
        liveOnly(vm, scope, Operation.ATTACH_DISK);
        XlParsers.Domain d = domains.runningDomain(vm);
        if (!"pv".equals(d.type())) {
            throw Operation.ATTACH_DISK.unsupported(hostName, vm, "this is a " + d.type() + " guest; "
                    + XenCapabilities.DISK);
        }
        ExecResult list = domains.onDomain(vm, null, "block-list", DOM);
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
        String dir = images.imageDir(vm, near);
        String path = images.freePath(vm, dir, XenImages.fileStem(vm) + "-" + vdev, ".img");
        ExecResult created = images.createImage(vm, path, sizeMiB);
        ExecResult r = domains.onDomain(vm, null, "block-attach", DOM, "format=raw,vdev=" + vdev + ",access=rw,target=" + path);
        if (!r.ok()) {
            VirtdeckException failure = xl.failure(vm, r);
            images.removeQuietly(vm, path, failure);
            throw failure;
        }
        return new OpResult("attached " + sizeMiB + " MiB raw disk " + path + " as " + vdev + " (live)",
                created.command() + " && " + r.command());
    }

    // ---- create / delete -----------------------------------------------------------------------

    /** See {@link XlCreate}. */
    @Override
    public OpResult create(CreateSpec spec, boolean start) {
        return creator.create(spec, start);
    }

    /** Stops a running domain (with {@code force}), removes its config file and, if asked, its file disks. */
    @Override
    public OpResult delete(String vm, boolean withDisks, boolean force) {
        domains.refuseDom0(vm);
        Optional<XlParsers.Row> row = XenDomains.row(domains.rows(), vm);
        XenDomains.ConfigFile config = domains.config(vm);
        if (row.isEmpty() && config == null) throw new VmNotFoundException(hostName, vm, null, domains.notFoundText());
        List<String> cmds = new ArrayList<>();
        Set<String> disks = new LinkedHashSet<>();
        if (row.isPresent()) {
            if (!force) {
                throw new InvalidRequestException(hostName, vm, null, "the VM is running (" + row.get().flags()
                        + "); stop it first or use --force");
            }
            if (withDisks && tool == Toolstack.XL) {
                domains.domain(vm, row.get()).ifPresent(d -> d.disks().forEach(x -> XenImages.addFileDisk(disks, x.path())));
            }
            ExecResult r = domains.onDomain(vm, null, "destroy", DOM);
            cmds.add(r.command());
            if (!r.ok() && !domains.offButDefined(vm, r)) throw xl.failure(vm, r);
        }
        if (config != null) {
            if (withDisks) config.config().list("disk").forEach(s -> XenImages.addFileDisk(disks, XlConfig.diskTarget(s)));
            cmds.add(xl.shOk(vm, "rm", "-f", "--", config.path()).command());
        }
        for (String disk : disks) cmds.add(xl.shOk(vm, "rm", "-f", "--", disk).command());
        Optional<String> image = domains.saveImage(vm);
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
        domains.refuseDom0(vm);
        String[] target = domains.target(vm, XenDomains.row(domains.rows(), vm));
        if (target == null) throw domains.notRunningOrMissing(vm, null);
        try {
            return XlConsole.open(xl, vm, target); // "--" before a name starting with '-'
        } catch (VmNotFoundException e) {
            throw domains.notRunningOrMissing(vm, e.command());
        }
    }

    @Override
    public HostInfo hostInfo() {
        ExecResult r = xl.ok(null, "info");
        Map<String, String> info = XlParsers.info(r.stdout());
        List<XlParsers.Row> rows = domains.rows();
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
        extra.put("config dir", dirs.config());
        if (dirs.save() != null) extra.put("save dir", dirs.save());
        long guests = rows.stream().filter(x -> !x.isDom0()).count();
        for (XenDomains.ConfigFile c : domains.configs()) if (XenDomains.row(rows, c.name()).isEmpty()) guests++;
        return HostInfo.of(hostName, kind(), tool.command(), f, new HostInfo.Reported(info.get("host"), "Xen",
                XlParsers.xenVersion(info), null, toInt(XlParsers.infoNumber(info, "nr_cpus")),
                XlParsers.infoNumber(info, "total_memory"), XlParsers.infoNumber(info, "free_memory"), null, (int) guests),
                extra);
    }

    /** Nothing to release: the SSH connection belongs to the pool. */
    @Override
    public void close() {
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void liveOnly(String vm, Set<Scope> scope, Operation op) {
        if (scope.contains(Scope.CONFIG)) {
            throw op.unsupported(hostName, vm, capabilities().of(op).reason());
        }
    }

    private static Integer toInt(Long n) {
        return n == null ? null : n.intValue();
    }

    // ---- show ----------------------------------------------------------------------------------

    /**
     * A running domain's devices from its {@code xl list -l DOM} entry (block-attached disks
     * included), a domain that is off from its config file; no addresses (xl cannot know them) and
     * autostart is whether its config is in xendomains' /etc/xen/auto (null without a config file).
     */
    @Override
    public VmDetails describe(String vm) {
        refuseXm(vm);
        VmInfo v = domains.details(vm);
        Optional<XlParsers.Row> row = XenDomains.row(domains.rows(), vm);
        XlShow.Devices d;
        if (row.isPresent()) {
            ExecResult r = domains.longListRaw(vm, row.get());
            d = XlShow.fromJson(entry(vm, row.get(), r).path("config"));
        } else {
            XenDomains.ConfigFile c = domains.config(vm);
            if (c == null) throw new VmNotFoundException(hostName, vm, null, domains.notFoundText());
            d = XlShow.fromConfig(c.config());
        }
        List<String> notes = d.nics().isEmpty() ? List.of() : List.of(XlShow.NO_ADDRESSES);
        return new VmDetails(v, d.disks(), d.nics(), d.consoles(), autostart.isOn(vm), notes);
    }

    /** A running domain's {@code xl list -l DOM} JSON; a domain that is off: its config file. */
    @Override
    public String rawConfig(String vm) {
        refuseXm(vm);
        domains.refuseDom0(vm);
        Optional<XlParsers.Row> row = XenDomains.row(domains.rows(), vm);
        if (row.isPresent()) return domains.longListRaw(vm, row.get()).stdout();
        XenDomains.ConfigFile c = domains.config(vm);
        if (c == null) throw new VmNotFoundException(hostName, vm, null, domains.notFoundText());
        ExecResult r = xl.sh("cat", c.path());
        if (!r.ok()) throw new CommandFailedException(hostName, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r.stdout();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private void refuseXm(String vm) {
        if (tool != Toolstack.XL) throw Operation.SHOW.unsupported(hostName, vm, capabilities().of(Operation.SHOW).reason());
    }

    /** The domain's entry of an {@code xl list -l DOM} output (a JSON array), by domid. */
    private JsonNode entry(String vm, XlParsers.Row row, ExecResult r) {
        try {
            for (JsonNode e : JSON.readTree(r.stdout())) {
                if (e.path("domid").asInt(-1) == row.domid()) return e;
            }
        } catch (JsonProcessingException e) {
            throw new CommandFailedException(hostName, vm, r.command(), r.exitCode(), r.stdout(),
                    "xl list -l did not print JSON: " + e.getOriginalMessage());
        }
        throw new VmNotFoundException(hostName, vm, r.command(), "the domain is gone (xl list -l has no entry for it)");
    }

    /** See {@link XlAutostart}: a link in /etc/xen/auto for the xendomains service. */
    @Override
    public OpResult setAutostart(String vm, boolean on) {
        return autostart.set(vm, on);
    }
}
