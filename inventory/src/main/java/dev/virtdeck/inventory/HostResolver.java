package dev.virtdeck.inventory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides every SSH setting of a host. For each setting the first source that has it wins:
 * <ol>
 *   <li>command-line {@link Overrides} (the user override applies to the target host only, as
 *       {@code ssh -l} does, not to its jump hosts)</li>
 *   <li>the inventory host</li>
 *   <li>the inventory's {@code defaults:}</li>
 *   <li>{@code ~/.ssh/config}, looked up by the host's address (which may be a Host alias):
 *       HostName, User, Port, IdentityFile, ProxyJump, ConnectTimeout</li>
 *   <li>OpenSSH's defaults: port 22, the local user name, those of {@code ~/.ssh/id_rsa},
 *       {@code id_ecdsa}, {@code id_ed25519} that exist, {@code ~/.ssh/known_hosts}</li>
 * </ol>
 * The command-line connect timeout applies to every hop, jump hosts too. When no source sets a
 * connect timeout it stays null and the fleet's (10 s) applies.
 * Jump hosts go through the same chain. A jump that names an inventory host uses that host's
 * own settings; {@code user@host:port} (and ProxyJump hops) are resolved like an inventory host
 * that sets only address, user and port. Relative identity and known_hosts paths of the inventory
 * are relative to the inventory file's directory.
 */
public final class HostResolver {
    private static final int MAX_HOPS = 16;
    private static final List<String> DEFAULT_IDENTITIES = List.of("id_rsa", "id_ecdsa", "id_ed25519");

    private final Inventory inv;
    private final SshConfig sshConfig;
    private final Overrides overrides;
    private final Path home;
    private final String localUser;

    /** Uses the {@code user.home} and {@code user.name} system properties for OpenSSH's defaults. */
    public HostResolver(Inventory inv, SshConfig sshConfig, Overrides overrides) {
        this(inv, sshConfig, overrides, Path.of(System.getProperty("user.home")), System.getProperty("user.name"));
    }

    /**
     * @param home      the directory {@code ~} stands for ({@code ~/.ssh/id_*}, known_hosts)
     * @param localUser the user name used when nothing else sets one
     */
    public HostResolver(Inventory inv, SshConfig sshConfig, Overrides overrides, Path home, String localUser) {
        this.inv = Objects.requireNonNull(inv, "inv");
        this.sshConfig = sshConfig == null ? SshConfig.empty() : sshConfig;
        this.overrides = overrides == null ? Overrides.NONE : overrides;
        this.home = Objects.requireNonNull(home, "home");
        this.localUser = Objects.requireNonNull(localUser, "localUser");
    }

    /**
     * Resolves a host and, recursively, its jump hosts.
     *
     * @throws InventoryException for a jump loop, an unknown jump host or an invalid ProxyJump;
     *                            the message names the inventory file and the host's line
     */
    public ResolvedHost resolve(Host host) throws InventoryException {
        return resolve(host, true, new ArrayList<>(), null, host);
    }

    /**
     * @param chain  names being resolved (outermost first) to detect loops
     * @param jumpOverride the hop to go through instead of the host's own jump (ProxyJump chains)
     * @param origin the inventory host whose resolution started this, for error locations
     */
    private ResolvedHost resolve(Host host, boolean target, List<String> chain, ResolvedHost jumpOverride,
                                 Host origin) throws InventoryException {
        if (chain.contains(host.name()) || chain.size() > MAX_HOPS) {
            List<String> loop = new ArrayList<>(chain);
            loop.add(host.name());
            throw error(origin, "jump loop: " + String.join(" -> ", loop));
        }
        chain.add(host.name());
        Defaults d = inv.defaults();
        SshConfig.Entry ssh = sshConfig.lookup(host.address());
        String hostname = first(ssh.hostName(), host.address());
        String user = first(target ? overrides.user() : null, host.user(), d.user(), ssh.user(), localUser);
        int port = first(host.port(), d.port(), ssh.port(), 22);
        Duration connectTimeout = first(overrides.connectTimeout(), host.connectTimeout(), d.connectTimeout(),
                ssh.connectTimeout());
        List<Path> identities = identities(host, ssh, hostname, user, port);
        Path knownHosts = overrides.knownHosts() != null ? overrides.knownHosts()
                : host.knownHosts() != null ? inventoryPath(host.knownHosts())
                : d.knownHosts() != null ? inventoryPath(d.knownHosts())
                : home.resolve(".ssh").resolve("known_hosts");

        ResolvedHost jump = jumpOverride;
        if (jump == null && host.jump() != null) {
            jump = resolveJump(host.jump(), host, chain, origin);
        } else if (jump == null && ssh.proxyJump() != null) {
            jump = resolveProxyJump(ssh.proxyJump(), host, chain, origin);
        }
        chain.remove(chain.size() - 1);
        return new ResolvedHost(host.name(), hostname, port, user, identities, knownHosts, jump, host.sudo(),
                host.drivers(), host.libvirt(), host.xen(), connectTimeout);
    }

    private List<Path> identities(Host host, SshConfig.Entry ssh, String hostname, String user, int port) {
        String configured = first(host.identity(), inv.defaults().identity());
        if (configured != null) {
            return List.of(inventoryPath(configured));
        }
        List<Path> out = new ArrayList<>();
        for (String f : ssh.identityFiles()) {
            String expanded = PathExpansion.tokens(PathExpansion.tilde(f, home), hostname, host.address(), user,
                    port, localUser, home);
            out.add(Path.of(expanded));
        }
        if (out.isEmpty()) {
            for (String name : DEFAULT_IDENTITIES) {
                Path p = home.resolve(".ssh").resolve(name);
                if (Files.exists(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** An inventory {@code jump:} value: an inventory host name or {@code [user@]host[:port]}. */
    private ResolvedHost resolveJump(String jump, Host from, List<String> chain, Host origin)
            throws InventoryException {
        if (JumpSpec.isBareName(jump)) {
            Host next = inv.host(jump).orElseThrow(() -> error(from, "unknown jump host '" + jump
                    + "'" + Names.hint(jump, inv.hosts().keySet())));
            return resolve(next, false, chain, null, origin);
        }
        return resolve(adHoc(jump, from), false, chain, null, origin);
    }

    /** A ProxyJump value: {@code none}, one hop, or a comma-separated chain (first hop first). */
    private ResolvedHost resolveProxyJump(String value, Host from, List<String> chain, Host origin)
            throws InventoryException {
        ResolvedHost previous = null;
        for (String hop : value.split(",")) {
            String h = hop.strip();
            if (h.isEmpty()) {
                throw error(from, "empty hop in ProxyJump '" + value + "' (~/.ssh/config for " + from.address()
                        + ")");
            }
            Host next = JumpSpec.isBareName(h) && inv.hosts().containsKey(h) ? inv.hosts().get(h) : adHoc(h, from);
            previous = resolve(next, false, chain, previous, origin);
        }
        return previous;
    }

    private Host adHoc(String text, Host from) throws InventoryException {
        JumpSpec spec;
        try {
            spec = JumpSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(from, "invalid jump host: " + e.getMessage());
        }
        return new Host(text, spec.host(), spec.port(), spec.user(), null, null, List.of(), LibvirtSettings.DEFAULT,
                false, null, List.of(), List.of(), from.line());
    }

    private Path inventoryPath(String p) {
        Path path = Path.of(PathExpansion.tilde(p, home));
        if (path.isAbsolute()) {
            return path;
        }
        Path dir = inv.source() == null ? null : inv.source().toAbsolutePath().getParent();
        return dir == null ? path.toAbsolutePath() : dir.resolve(path);
    }

    private InventoryException error(Host at, String message) {
        String key = inv.hosts().containsKey(at.name()) ? "hosts." + at.name() + ".jump" : at.name();
        return new InventoryException(inv.source(), at.line(), 0, key, message);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
