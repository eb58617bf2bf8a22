package dev.virtdeck.xen;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
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
import java.util.function.Function;

/**
 * A dom0's VMs as {@link XlDriver} sees them: the domains {@code xl list} shows, the config files
 * of the config directory (the VMs that are off) and the save images of the save directory, with
 * the lookups, the domain addressing ({@link #onDomain}) and the "not running" / "no such VM"
 * errors every operation shares.
 */
final class XenDomains {
    private static final Logger LOG = LoggerFactory.getLogger(XenDomains.class);

    /** Stands for the domain argument in {@link #onDomain}. */
    static final String DOM = "\u0000DOM";

    private static final Duration GONE_POLL = Duration.ofMillis(500);

    private final Xl xl;
    private final XenDirs dirs;

    XenDomains(Xl xl, XenDirs dirs) {
        this.xl = xl;
        this.dirs = dirs;
    }

    Xl xl() {
        return xl;
    }

    /**
     * Every VM of the host in ONE exec ({@link XlListScript}): what {@code xl list}, {@code xl list -l}, the
     * config files, the save images and xentop say, read as if each had run on its own.
     */
    List<VmInfo> list() {
        XlListScript script = XlListScript.run(xl, dirs);
        List<XlParsers.Row> rows = XlParsers.list(xl.require(null, script.list()).stdout());
        Map<String, XlParsers.Domain> json = longList(script.longList());
        List<ConfigFile> configs = configs(script.configFiles(dirs), script::config);
        List<VmInfo> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (XlParsers.Row listed : rows) {
            if (listed.isDom0()) continue;
            XlParsers.Row r = withExactName(listed, json, configs);
            seen.add(r.name());
            out.add(info(r, json.get(r.name()), find(configs, r.name()), false));
        }
        Set<String> saveImages = saveImages(script.saveImages(dirs));
        for (ConfigFile c : configs) {
            if (seen.add(c.name())) out.add(info(null, null, c, saveImages.contains(savePath(c.name()))));
        }
        return withUsage(out, script.xentop());
    }

    /**
     * The running domains' disk and network counters from xentop (xl only; the script runs it only
     * when a guest runs): sectors of 512 bytes and KiB turned into bytes. Memory in use is not read
     * (xentop's MEM(k) is the allocation, not the guest's use). A host without xentop, or where it
     * fails, keeps its VMs without usage: the list itself does not fail.
     */
    private List<VmInfo> withUsage(List<VmInfo> vms, Optional<ExecResult> xentop) {
        if (xl.tool() != Toolstack.XL || xentop.isEmpty()) return vms;
        ExecResult r = xentop.get();
        if (!r.ok()) {
            LOG.debug("{}: {} failed, no disk/network counters: {}", xl.host(), r.command(), r.stderr().strip());
            return vms;
        }
        Map<String, XlParsers.Xentop> top = XlParsers.xentop(r.stdout());
        List<VmInfo> out = new ArrayList<>(vms.size());
        for (VmInfo v : vms) {
            XlParsers.Xentop t = v.state().isActive() ? top.get(v.name()) : null;
            out.add(t == null ? v : v.withUsage(new VmInfo.Usage(null, null, t.readSect() * 512, t.writeSect() * 512,
                    t.netRxKiB() * 1024, t.netTxKiB() * 1024)));
        }
        return out;
    }

    VmInfo details(String vm) {
        refuseDom0(vm);
        List<XlParsers.Row> rows = rows();
        Optional<XlParsers.Row> row = row(rows, vm);
        ConfigFile config = config(vm);
        if (row.isEmpty()) {
            if (config == null) throw new VmNotFoundException(xl.host(), vm, null, notFoundText());
            return info(null, null, config, saveImage(vm).isPresent());
        }
        XlParsers.Domain d = xl.tool() == Toolstack.XL ? domain(vm, row.get()).orElse(null) : null;
        return info(row.get(), d, config, false);
    }

    /** A config file of the config directory and what it says. */
    record ConfigFile(String path, String name, XlConfig config) {
    }

    List<XlParsers.Row> rows() {
        ExecResult r = xl.ok(null, "list");
        return XlParsers.list(r.stdout());
    }

    /** {@code xl list -l} by name; empty for xm (no JSON) or when only Domain-0 runs (the script skips it). */
    private Map<String, XlParsers.Domain> longList(Optional<ExecResult> run) {
        Map<String, XlParsers.Domain> out = new LinkedHashMap<>();
        if (xl.tool() != Toolstack.XL || run.isEmpty()) return out;
        ExecResult r = xl.require(null, run.get());
        for (XlParsers.Domain d : parseJson(r)) if (d.name() != null) out.put(d.name(), d);
        return out;
    }

    private List<XlParsers.Domain> parseJson(ExecResult r) {
        try {
            return XlParsers.longList(r.stdout());
        } catch (IllegalArgumentException e) {
            throw new CommandFailedException(xl.host(), null, r.command(), r.exitCode(), r.stdout(), e.getMessage());
        }
    }

    /** One running domain's {@code xl list -l} entry. */
    Optional<XlParsers.Domain> domain(String vm, XlParsers.Row row) {
        ExecResult r = longListRun(vm, row);
        if (!r.ok()) {
            if (Xl.isNotFound(XlParsers.errorText(r.stderr()))) return Optional.empty();
            throw xl.failure(vm, r);
        }
        return parseJson(r).stream().filter(d -> d.domid() == row.domid()).findFirst();
    }

    private ExecResult longListRun(String vm, XlParsers.Row row) {
        List<String> args = new ArrayList<>(List.of("list", "-l"));
        args.addAll(List.of(target(vm, Optional.of(row))));
        return xl.run(args.toArray(String[]::new));
    }

    /** {@code xl list -l DOM} as xl prints it (show, show --raw); a domain gone meanwhile is not found. */
    ExecResult longListRaw(String vm, XlParsers.Row row) {
        ExecResult r = longListRun(vm, row);
        if (!r.ok()) {
            if (Xl.isNotFound(XlParsers.errorText(r.stderr()))) {
                throw new VmNotFoundException(xl.host(), vm, r.command(), "the domain is gone");
            }
            throw xl.failure(vm, r);
        }
        return r;
    }

    XlParsers.Domain runningDomain(String vm) {
        XlParsers.Row row = runningRow(vm);
        return domain(vm, row).orElseThrow(() -> notRunningOrMissing(vm, null));
    }

    /** The domain's row; a VM that only has a config is "not running", anything else "no such VM". */
    XlParsers.Row runningRow(String vm) {
        refuseDom0(vm);
        return row(rows(), vm).orElseThrow(() -> notRunningOrMissing(vm, null));
    }

    /** Config files of the config directory that parse and name a domain, sorted by path; 1 + N execs. */
    List<ConfigFile> configs() {
        return configs(xl.ssh().exec(findConfigs(xl, dirs)), path -> xl.sh("cat", path));
    }

    /** {@code find CONFDIR -maxdepth 1 -name *.cfg -type f} (-type f: a symlink or directory is no config). */
    static RemoteCommand findConfigs(Xl xl, XenDirs dirs) {
        return xl.program("find", dirs.config(), "-maxdepth", "1", "-name", "*.cfg", "-type", "f");
    }

    /**
     * @param find the run of {@link #findConfigs}; a failure (no config directory) fails the caller
     * @param cat  reads one listed file; one that cannot be read, parsed or names no domain is logged and skipped
     */
    private List<ConfigFile> configs(ExecResult find, Function<String, ExecResult> cat) {
        if (!find.ok()) {
            throw new CommandFailedException(xl.host(), null, find.command(), find.exitCode(), find.stdout(), find.stderr());
        }
        List<String> paths = find.stdout().lines().map(String::strip).filter(p -> p.startsWith("/")).sorted().toList();
        List<ConfigFile> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String path : paths) {
            ExecResult c = cat.apply(path);
            if (!c.ok()) {
                LOG.warn("{}: cannot read {} (exit {}): {}", xl.host(), path, c.exitCode(), c.stderr().strip());
                continue;
            }
            try {
                XlConfig cfg = XlConfig.parse(c.stdout());
                String name = cfg.string("name");
                if (name == null || name.isBlank()) {
                    LOG.debug("{}: {} names no domain; skipped", xl.host(), path);
                } else if (!names.add(name)) {
                    LOG.warn("{}: {} names {} again; the first config wins", xl.host(), path, name);
                } else {
                    out.add(new ConfigFile(path, name, cfg));
                }
            } catch (XlConfig.ParseException e) {
                LOG.warn("{}: {} skipped: {}", xl.host(), path, e.getMessage());
            }
        }
        return out;
    }

    ConfigFile config(String vm) {
        return find(configs(), vm);
    }

    /** @param saved a config-only VM whose save image exists (listed as saved) */
    private VmInfo info(XlParsers.Row row, XlParsers.Domain d, ConfigFile c, boolean saved) {
        XlConfig cfg = c == null ? null : c.config();
        Long cfgMem = cfg == null ? null : cfg.number("memory");
        Long cfgMax = cfg == null || cfg.number("maxmem") == null ? cfgMem : cfg.number("maxmem");
        Long cfgVcpus = cfg == null ? null : cfg.number("vcpus");
        Long cfgMaxVcpus = cfg == null || cfg.number("maxvcpus") == null ? cfgVcpus : cfg.number("maxvcpus");
        if (row == null) {
            return new VmInfo(xl.host(), xl.tool().command(), c.name(), cfg.string("uuid"),
                    saved ? VmState.SUSPENDED : VmState.SHUTOFF,
                    saved ? "no domain; saved to " + savePath(c.name()) : XlDriver.NO_DOMAIN,
                    toInt(cfgVcpus), toInt(cfgMaxVcpus), cfgMem, cfgMax, true, null);
        }
        Long maxMem = d != null && d.maxMemKiB() != null ? Long.valueOf(d.maxMemKiB() / 1024) : cfgMax;
        Integer maxVcpus = d != null && d.maxVcpus() != null ? d.maxVcpus() : toInt(cfgMaxVcpus);
        return new VmInfo(xl.host(), xl.tool().command(), row.name(), d == null ? null : d.uuid(),
                XenStates.normalize(row.flags()), row.flags(), row.vcpus(), maxVcpus, row.memoryMiB(), maxMem,
                c != null, Math.round(row.cpuSeconds() * 1e9));
    }

    Long maxMemoryMiB(String vm, XlParsers.Row row) {
        if (xl.tool() == Toolstack.XL) {
            Optional<XlParsers.Domain> d = domain(vm, row);
            if (d.isPresent() && d.get().maxMemKiB() != null) return d.get().maxMemKiB() / 1024;
        }
        ConfigFile c = config(vm);
        if (c == null) return null;
        return c.config().number("maxmem") != null ? c.config().number("maxmem") : c.config().number("memory");
    }

    Integer maxVcpus(String vm, XlParsers.Row row) {
        if (xl.tool() == Toolstack.XL) {
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
    ExecResult onDomain(String vm, Duration timeout, String... args) {
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
    String[] target(String vm, Optional<XlParsers.Row> row) {
        if (vm.matches("\\d+")) return row.map(r -> new String[] {Integer.toString(r.domid())}).orElse(null);
        if (vm.startsWith("-") && xl.tool() == Toolstack.XM) {
            // xend's xm reads some subcommands' arguments with getopt (which needs "--" before such a
            // name) and others positionally (which take "--" for the name): no one spelling works
            throw new InvalidRequestException(xl.host(), vm, null,
                    "xm cannot be given a domain name starting with '-' (it would read it as an option)");
        }
        if (vm.startsWith("-")) return new String[] {"--", vm};
        return new String[] {vm};
    }

    /**
     * After xl said the domain does not exist: true when the VM exists as a config (so it is off),
     * {@link VmNotFoundException} when not even that; false for any other failure.
     */
    boolean offButDefined(String vm, ExecResult failed) {
        if (!Xl.isNotFound(XlParsers.errorText(failed.stderr()))) return false;
        if (config(vm) != null) return true;
        throw new VmNotFoundException(xl.host(), vm, failed.command(), notFoundText());
    }

    VirtdeckException notRunningOrMissing(String vm, String command) {
        if (config(vm) != null) return notRunning(vm, command);
        return new VmNotFoundException(xl.host(), vm, command, notFoundText());
    }

    InvalidRequestException notRunning(String vm, String command) {
        return new InvalidRequestException(xl.host(), vm, command, "the VM is not running (shut off); start it first");
    }

    String notFoundText() {
        return "no such VM (no running domain, and no config in " + dirs.config() + " names it)";
    }

    /** Where {@link XlDriver#create} writes the VM's config. */
    String configPath(String vm) {
        return dirs.config() + "/" + XenImages.fileStem(vm) + ".cfg";
    }

    /** Where {@link XlDriver#save} puts the VM's image: one fixed file per VM, so that start finds it. */
    String savePath(String vm) {
        return dirs.save() + "/" + XenImages.fileStem(vm) + ".save";
    }

    /** {@code find SAVEDIR -maxdepth 1 -name *.save -type f}; only with a save directory. */
    static RemoteCommand findSaves(Xl xl, XenDirs dirs) {
        return xl.program("find", dirs.save(), "-maxdepth", "1", "-name", "*.save", "-type", "f");
    }

    /** The save images the script's find listed (none without a save directory). */
    private static Set<String> saveImages(Optional<ExecResult> find) {
        if (find.isEmpty() || !find.get().ok()) return Set.of(); // a missing save directory holds no images
        Set<String> out = new LinkedHashSet<>();
        for (String line : find.get().stdout().split("\n")) if (!line.isBlank()) out.add(line.strip());
        return out;
    }

    Optional<String> saveImage(String vm) {
        if (dirs.save() == null) return Optional.empty();
        String path = savePath(vm);
        return xl.sh("test", "-f", path).ok() ? Optional.of(path) : Optional.empty();
    }

    /** Polls {@code xl list} until the domain has left it or the deadline (nanoTime) passed. */
    boolean awaitGone(String vm, long deadline) {
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

    boolean isRunning(String vm) {
        return row(rows(), vm).map(r -> XenStates.normalize(r.flags()).isActive()).orElse(false);
    }

    void refuseDom0(String vm) {
        if (XlParsers.DOM0.equals(vm)) {
            throw new InvalidRequestException(xl.host(), vm, null, "Domain-0 is the host (dom0), not a VM");
        }
    }

    static Optional<XlParsers.Row> row(List<XlParsers.Row> rows, String vm) {
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

    private static ConfigFile find(List<ConfigFile> configs, String vm) {
        return configs.stream().filter(c -> c.name().equals(vm)).findFirst().orElse(null);
    }

    private static Integer toInt(Long n) {
        return n == null ? null : n.intValue();
    }
}
