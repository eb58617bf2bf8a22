package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few file programs clients use on hypervisor hosts, against the host's {@link SimFiles} table:
 * {@code qemu-img create|info}, {@code rm}, {@code cp}, {@code test -e|-f|-d}, {@code cat}, {@code tee} and
 * {@code find DIR -maxdepth 1 -name GLOB [-type f]}. Error texts are GNU coreutils/findutils (Debian 12);
 * qemu-img's are captured from qemu-img 7.2.22 (Debian 12).
 */
final class FileTools {

    private FileTools() {}

    static int run(SimHost host, String prog, List<String> args, Io io) {
        return switch (prog) {
            case "qemu-img" -> qemuImg(host, args, io);
            case "rm" -> rm(host, args, io);
            case "cp" -> cp(host, args, io);
            case "test" -> test(host, args, io);
            case "cat" -> cat(host, args, io);
            case "tee" -> tee(host, args, io);
            case "ln" -> ln(host, args, io);
            case "readlink" -> readlink(host, args, io);
            case "find" -> find(host, args, io);
            default -> throw new IllegalArgumentException(prog);
        };
    }

    private static int gap(String what, Io io) {
        io.err("sim: " + what + " is not simulated\n");
        return 2;
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKMGTPE]?)");

    /**
     * {@code qemu-img create [-q] -f FMT [-F BACKFMT -b BASE] PATH [SIZE]} (SIZE optional with a base: the
     * base's) and {@code qemu-img info --output=json [-U] [--] PATH}. Texts captured from qemu-img 7.2.22.
     */
    private static int qemuImg(SimHost host, List<String> args, Io io) {
        if (!args.isEmpty() && args.get(0).equals("info")) {
            return qemuImgInfo(host, args.subList(1, args.size()), io);
        }
        if (args.isEmpty() || !args.get(0).equals("create")) {
            return gap("qemu-img " + String.join(" ", args), io);
        }
        boolean quiet = false;
        String fmt = "raw";
        String backFmt = null;
        String base = null;
        String path = null;
        String size = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-q")) {
                quiet = true;
            } else if (a.equals("-f") && i + 1 < args.size()) {
                fmt = args.get(++i);
            } else if (a.equals("-F") && i + 1 < args.size()) {
                backFmt = args.get(++i);
            } else if (a.equals("-b") && i + 1 < args.size()) {
                base = args.get(++i);
            } else if (a.startsWith("-")) {
                return gap("qemu-img create option " + a, io);
            } else if (path == null) {
                path = a;
            } else if (size == null) {
                size = a;
            } else {
                return gap("qemu-img create with extra argument " + a, io);
            }
        }
        boolean overlay = base != null;
        if (path == null || (size == null && !overlay) || !List.of("qcow2", "raw").contains(fmt)
                || (overlay && (!fmt.equals("qcow2") || backFmt == null || !base.startsWith("/")))) {
            return gap("qemu-img create " + String.join(" ", args.subList(1, args.size())), io);
        }
        long bytes = 0;
        if (size != null) {
            Matcher m = SIZE.matcher(size);
            if (!m.matches()) {
                io.err("qemu-img: Invalid image size specified. You may use k, M, G, T, P or E suffixes for\n"
                        + "qemu-img: kilobytes, megabytes, gigabytes, terabytes, petabytes and exabytes.\n");
                return 1;
            }
            bytes = Long.parseLong(m.group(1)) << switch (m.group(2)) {
                case "k", "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                case "T" -> 40;
                case "P" -> 50;
                case "E" -> 60;
                default -> 0;
            };
        }
        if (overlay) {
            var b = host.files().get(base);
            if (b.isEmpty()) {
                io.err("qemu-img: " + path + ": Could not open '" + base + "': No such file or directory\n"
                        + "Could not open backing image.\n");
                return 1;
            }
            if (!host.files().format(base).equals(backFmt)) {
                io.err("qemu-img: " + path + ": Image is not in " + backFmt + " format\nCould not open backing image.\n");
                return 1;
            }
            if (size == null) {
                bytes = b.get().size();
            }
        }
        String parent = path.lastIndexOf('/') <= 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
        if (!host.files().isDirectory(parent)) {
            io.err("qemu-img: " + path + ": Could not create '" + path + "': No such file or directory\n");
            return 1;
        }
        host.files().putImage(path, bytes, fmt, base);
        if (!quiet) {
            io.out(fmt.equals("qcow2")
                    ? "Formatting '" + path + "', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size="
                    + bytes + (overlay ? " backing_file=" + base + " backing_fmt=" + backFmt : "")
                    + " lazy_refcounts=off refcount_bits=16\n"
                    // RECONSTRUCTED: qemu-img raw format line (same shape as the captured qcow2 line)
                    : "Formatting '" + path + "', fmt=raw size=" + bytes + "\n");
        }
        return 0;
    }

    /** {@code qemu-img info --output=json [-U] [--] PATH}: the fields a client reads, in qemu-img 7.2's order. */
    private static int qemuImgInfo(SimHost host, List<String> args, Io io) {
        String path = null;
        boolean json = false;
        for (String a : args) {
            if (a.equals("--output=json")) {
                json = true;
            } else if (a.equals("-U") || a.equals("--force-share") || a.equals("--")) {
                continue;
            } else if (a.startsWith("-") || path != null) {
                return gap("qemu-img info " + String.join(" ", args), io);
            } else {
                path = a;
            }
        }
        if (!json || path == null) {
            return gap("qemu-img info " + String.join(" ", args), io);
        }
        var f = host.files().get(path);
        if (f.isEmpty()) {
            io.err("qemu-img: Could not open '" + path + "': Could not open '" + path + "': No such file or directory\n");
            return 1;
        }
        String fmt = host.files().format(path);
        var backing = host.files().backing(path);
        StringBuilder sb = new StringBuilder("{\n");
        backing.ifPresent(b -> sb.append("    \"backing-filename-format\": \"")
                .append(host.files().format(b)).append("\",\n"));
        sb.append("    \"virtual-size\": ").append(f.get().size()).append(",\n");
        sb.append("    \"filename\": \"").append(jsonText(path)).append("\",\n");
        if (fmt.equals("qcow2")) {
            sb.append("    \"cluster-size\": 65536,\n");
        }
        sb.append("    \"format\": \"").append(fmt).append("\",\n");
        sb.append("    \"actual-size\": ").append(fmt.equals("qcow2") ? 200704 : 4096).append(",\n");
        if (fmt.equals("qcow2")) {
            sb.append("    \"format-specific\": {\n        \"type\": \"qcow2\",\n        \"data\": {\n"
                    + "            \"compat\": \"1.1\",\n            \"compression-type\": \"zlib\",\n"
                    + "            \"lazy-refcounts\": false,\n            \"refcount-bits\": 16,\n"
                    + "            \"corrupt\": false,\n            \"extended-l2\": false\n        }\n    },\n");
        }
        backing.ifPresent(b -> sb.append("    \"full-backing-filename\": \"").append(jsonText(b)).append("\",\n")
                .append("    \"backing-filename\": \"").append(jsonText(b)).append("\",\n"));
        sb.append("    \"dirty-flag\": false\n}\n");
        io.out(sb.toString());
        return 0;
    }

    private static String jsonText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static int rm(SimHost host, List<String> args, Io io) {
        boolean force = false;
        boolean operands = false;
        int rc = 0;
        for (String a : args) {
            if (!operands && a.equals("--")) {
                operands = true;
            } else if (!operands && a.equals("-f")) {
                force = true;
            } else if (!operands && a.startsWith("-")) {
                return gap("rm " + a, io);
            } else if (!host.files().remove(a) && !force) {
                io.err("rm: cannot remove '" + a + "': No such file or directory\n");
                rc = 1;
            }
        }
        return rc;
    }

    /** {@code cp [--sparse=always] [--] SOURCE DEST} of one file (libvirt's clone copies disks so). */
    private static int cp(SimHost host, List<String> args, Io io) {
        List<String> operands = new java.util.ArrayList<>();
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.equals("--sparse=always")) {
                continue; // sparseness is not modelled
            } else if (options && a.startsWith("-")) {
                return gap("cp " + a, io);
            } else {
                operands.add(a);
            }
        }
        if (operands.size() != 2) return gap("cp with " + operands.size() + " operands", io);
        String from = operands.get(0);
        String to = operands.get(1);
        if (host.files().isDirectory(to)) return gap("cp into a directory", io);
        if (host.files().copy(from, to)) return 0;
        io.err(host.files().isDirectory(from) ? "cp: -r not specified; omitting directory '" + from + "'\n"
                : "cp: cannot stat '" + from + "': No such file or directory\n");
        return 1;
    }

    private static int test(SimHost host, List<String> args, Io io) {
        if (args.size() != 2 || !List.of("-e", "-f", "-d", "-L", "-h").contains(args.get(0))) {
            return gap("test " + String.join(" ", args), io);
        }
        String p = args.get(1);
        boolean yes = switch (args.get(0)) {
            case "-f" -> host.files().get(p).isPresent();
            case "-d" -> host.files().isDirectory(p);
            case "-L", "-h" -> host.files().readlink(p).isPresent();
            default -> host.files().exists(p);
        };
        return yes ? 0 : 1;
    }

    private static int cat(SimHost host, List<String> args, Io io) {
        int rc = 0;
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
                continue;
            }
            if (options && a.startsWith("-") && !a.equals("-")) {
                return gap("cat " + a, io);
            }
            var f = host.files().get(a);
            if (f.isPresent()) {
                io.out(f.get().content());
            } else {
                io.err("cat: " + a + (host.files().isDirectory(a) ? ": Is a directory\n" : ": No such file or directory\n"));
                rc = 1;
            }
        }
        return rc;
    }

    /**
     * {@code ln [-s] [--] SOURCE DEST}: a hard link, or with {@code -s} a symbolic one; GNU ln's
     * messages when DEST exists or SOURCE is missing (a symbolic link's SOURCE need not exist).
     */
    private static int ln(SimHost host, List<String> args, Io io) {
        if (!args.isEmpty() && args.get(0).equals("-s")) {
            List<String> rest = args.subList(1, args.size());
            List<String> ops = !rest.isEmpty() && rest.get(0).equals("--") ? rest.subList(1, rest.size()) : rest;
            if (ops.size() != 2 || (ops == rest && ops.stream().anyMatch(a -> a.startsWith("-")))) {
                return gap("ln " + String.join(" ", args), io);
            }
            if (host.files().symlink(ops.get(0), ops.get(1))) return 0;
            io.err("ln: failed to create symbolic link '" + ops.get(1) + "': File exists\n");
            return 1;
        }
        List<String> ops = !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
        if (ops.size() != 2 || (ops == args && ops.stream().anyMatch(a -> a.startsWith("-")))) {
            return gap("ln " + String.join(" ", args), io);
        }
        try {
            if (host.files().link(ops.get(0), ops.get(1))) return 0;
            io.err("ln: failed to create hard link '" + ops.get(1) + "': File exists\n");
        } catch (IllegalArgumentException missing) {
            io.err("ln: failed to access '" + ops.get(0) + "': No such file or directory\n");
        }
        return 1;
    }

    /** {@code readlink [--] PATH}: the link's target and exit 0; nothing and exit 1 for a non-link (GNU). */
    private static int readlink(SimHost host, List<String> args, Io io) {
        List<String> ops = !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
        if (ops.size() != 1 || (ops == args && ops.get(0).startsWith("-"))) {
            return gap("readlink " + String.join(" ", args), io);
        }
        var target = host.files().readlink(ops.get(0));
        if (target.isEmpty()) return 1;
        io.out(target.get() + "\n");
        return 0;
    }

    private static int tee(SimHost host, List<String> args, Io io) {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            return gap("tee " + String.join(" ", args), io);
        }
        String path = args.get(0);
        String parent = path.lastIndexOf('/') <= 0 ? "/" : path.substring(0, path.lastIndexOf('/'));
        String text;
        try (InputStream in = io.in) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        io.out(text);
        if (!host.files().isDirectory(parent)) {
            io.err("tee: " + path + ": No such file or directory\n");
            return 1;
        }
        host.files().put(path, text);
        return 0;
    }

    /** {@code find DIR -maxdepth 1 [-type f] -name GLOB [-type f]}: files directly in DIR, sorted. */
    private static int find(SimHost host, List<String> args, Io io) {
        if (args.isEmpty()) {
            return gap("find without arguments", io);
        }
        String dir = args.get(0);
        String glob = "*";
        boolean depthOne = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-maxdepth") && i + 1 < args.size() && args.get(i + 1).equals("1")) {
                depthOne = true;
                i++;
            } else if (a.equals("-name") && i + 1 < args.size()) {
                glob = args.get(++i);
            } else if (a.equals("-type") && i + 1 < args.size() && args.get(i + 1).equals("f")) {
                i++;
            } else {
                return gap("find option " + a, io);
            }
        }
        if (!depthOne) {
            return gap("find without -maxdepth 1", io);
        }
        if (!host.files().isDirectory(dir)) {
            io.err("find: '" + dir + "': No such file or directory\n");
            return 1;
        }
        String prefix = dir.endsWith("/") ? dir : dir + "/";
        Pattern p = Pattern.compile(globRegex(glob));
        for (String path : host.files().paths()) {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0
                    && p.matcher(path.substring(prefix.length())).matches()) {
                io.out(path + "\n");
            }
        }
        return 0;
    }

    private static String globRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            sb.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return sb.toString();
    }
}
