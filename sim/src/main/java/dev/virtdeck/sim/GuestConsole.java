package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code socat - UNIX-CONNECT:PATH} / {@code nc -U PATH} on a VirtualBox host: connects to the UART server
 * socket of the VM whose {@code uartmode1} is {@code server,PATH}; the channel then talks to that VM's serial
 * console, where a tiny guest shell echoes input and answers {@code echo}, {@code uname [-a]}, {@code hostname},
 * {@code nproc} and {@code poweroff}, with the prompt {@code "# "}.
 *
 * <p>The guest's serial tty echoes and writes "\r\n" line ends regardless of whether the SSH side has a PTY.
 * The console ends on EOF from the client (or Ctrl-D with a PTY) and when the VM stops running.
 */
final class GuestConsole {

    private static final DateTimeFormatter SOCAT_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final int EOF = -1;

    /** virsh's and xl's console escape character, Ctrl-] . */
    static final int CTRL_RBRACKET = 0x1d;

    private final SimVm vm;
    private final Io io;
    private final StringBuilder line = new StringBuilder();
    private final int escape;
    private final Object token;
    private final boolean uart;

    private GuestConsole(SimVm vm, Io io, int escape, Object token, boolean uart) {
        this.vm = vm;
        this.io = io;
        this.escape = escape;
        this.token = token;
        this.uart = uart;
    }

    /**
     * A hypervisor console session ({@code virsh console}, {@code xl console}) on a PTY: nothing is printed
     * until the guest writes (no prompt redraw on attach), Ctrl-] detaches with exit 0, and the session ends
     * when the VM stops or another session takes the console over ({@code token} no longer held).
     */
    static int attach(SimVm vm, Io io, Object token) {
        return new GuestConsole(vm, io, CTRL_RBRACKET, token, false).loop();
    }

    /** Runs socat or nc; {@code program} is the basename. */
    static int run(SimHost host, String program, List<String> args, Io io) {
        String path = program.equals("socat") ? socatPath(args) : ncPath(args);
        if (path == null) {
            io.err("sim: " + program + " " + String.join(" ", args) + " is not simulated "
                    + "(only 'socat - UNIX-CONNECT:PATH' and 'nc -U PATH')\n");
            return 2;
        }
        Optional<SimVm> vm = host.vms().stream()
                .filter(x -> path.equals(x.uartServerPath())).findFirst();
        String failure = vm.isEmpty() ? "No such file or directory"
                : vm.get().state().hasProcess() ? null : "Connection refused"; // a stale socket file
        if (failure != null) {
            // Captured on Debian 12 (socat 1.7.4.4, netcat-openbsd) against a missing / stale socket: rc 1.
            if (program.equals("socat")) {
                io.err(LocalDateTime.now(host.clock()).format(SOCAT_TIME) + " socat["
                        + ThreadLocalRandom.current().nextInt(1000, 60000) + "] E connect(, AF=1 \"" + path
                        + "\", " + (path.length() + 2) + "): " + failure + "\n");
            } else {
                io.err("nc: " + path + ": " + failure + "\n");
            }
            return 1;
        }
        return new GuestConsole(vm.get(), io, -1, null, true).loop();
    }

    private static String socatPath(List<String> args) {
        String path = null;
        boolean stdio = false;
        for (String a : args) {
            String upper = a.toUpperCase();
            int colon = a.indexOf(':');
            if (colon > 0 && List.of("UNIX-CONNECT", "UNIX-CLIENT", "UNIX").contains(upper.substring(0, colon))) {
                path = a.substring(colon + 1);
            } else if (a.equals("-") || a.startsWith("-,") || upper.startsWith("STDIO") || upper.startsWith("STDIN")) {
                stdio = true;
            } else if (!a.matches("-[dDuUvxhT0-9.]+")) {
                return null;
            }
        }
        return stdio ? path : null;
    }

    private static String ncPath(List<String> args) {
        boolean unix = false;
        String path = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-U")) {
                unix = true;
            } else if (a.equals("-q") || a.equals("-w")) {
                i++;
            } else if (a.equals("-N") || a.equals("-v")) {
                continue;
            } else if (a.startsWith("-")) {
                return null;
            } else {
                path = a;
            }
        }
        return unix ? path : null;
    }

    private int loop() {
        BlockingQueue<Integer> input = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> pump(io.in, input), "sim-console-in");
        reader.setDaemon(true);
        reader.start();
        if (uart) {
            io.rawOut("# ");
        }
        try {
            while (true) {
                Integer b = input.poll(50, TimeUnit.MILLISECONDS);
                if (!vm.state().hasProcess()) {
                    return 0; // the VM went away: socat sees EOF on the socket and exits 0
                }
                if (token != null && !vm.holdsConsole(token)) {
                    return 0; // another session took the console over (--force)
                }
                if (b == null) {
                    continue;
                }
                if (b == EOF || uart && b == 0x04 && io.pty || b == escape) {
                    return 0;
                }
                if (!onByte(b)) {
                    return 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void pump(InputStream in, BlockingQueue<Integer> out) {
        try {
            int b;
            while ((b = in.read()) >= 0) {
                out.add(b);
            }
        } catch (IOException ignored) {
            // channel closed: same as EOF
        }
        out.add(EOF);
    }

    /** Handles one input byte like a cooked guest tty; false when the console must end. */
    private boolean onByte(int b) {
        switch (b) {
            case '\r', '\n' -> {
                io.rawOut("\r\n");
                String cmd = line.toString().trim();
                line.setLength(0);
                String answer = execute(cmd);
                if (answer == null) {
                    return false;
                }
                io.rawOut(answer + "# ");
            }
            case 0x7f, 0x08 -> {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    io.rawOut("\b \b");
                }
            }
            case 0x03 -> {
                line.setLength(0);
                io.rawOut("^C\r\n# ");
            }
            default -> {
                if (b >= 0x20) {
                    line.append((char) b);
                    io.rawOut(String.valueOf((char) b));
                }
            }
        }
        return true;
    }

    /** Returns the command's output (with "\r\n" line ends), or null when the console ends. */
    private String execute(String cmd) {
        if (cmd.isEmpty()) {
            return "";
        }
        String[] w = cmd.split("\\s+", 2);
        return switch (w[0]) {
            case "echo" -> (w.length > 1 ? w[1] : "") + "\r\n";
            case "hostname" -> vm.guestHostname() + "\r\n";
            case "nproc" -> vm.vcpusCur() + "\r\n";
            case "uname" -> (w.length > 1 && w[1].equals("-a")
                    ? "Linux " + vm.guestHostname() + " 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 "
                    + "(2024-02-01) x86_64 GNU/Linux" : "Linux") + "\r\n";
            case "poweroff" -> {
                synchronized (vm) {
                    vm.state(VmPowerState.POWEROFF);
                }
                io.rawOut("[   42.123456] reboot: Power down\r\n");
                yield null;
            }
            default -> "-sh: " + w[0] + ": not found\r\n";
        };
    }
}
