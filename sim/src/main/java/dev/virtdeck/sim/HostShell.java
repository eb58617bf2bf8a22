package dev.virtdeck.sim;

import java.io.IOException;

/**
 * The interactive login shell ({@code ssh host} with no command): reads lines, echoes them when there is a
 * PTY, and runs each one through the {@link Dispatcher}. {@code exit} or EOF ends it.
 */
final class HostShell {

    private HostShell() {}

    static int run(SimHost host, Io io) {
        String prompt = "root@" + host.hostname() + ":~# ";
        StringBuilder line = new StringBuilder();
        io.out(prompt);
        try {
            int b;
            int last = -1;
            while ((b = io.in.read()) >= 0) {
                if (b == '\n' && last == '\r') {
                    last = b;
                    continue; // CRLF from a client without a PTY
                }
                last = b;
                if (b == '\r' || b == '\n') {
                    if (io.pty) {
                        io.out("\n");
                    }
                    String cmd = line.toString().trim();
                    line.setLength(0);
                    if (cmd.equals("exit") || cmd.startsWith("exit ")) {
                        return 0;
                    }
                    if (!cmd.isEmpty()) {
                        Dispatcher.run(host, cmd, io);
                    }
                    io.out(prompt);
                } else if (b == 0x04 && io.pty && line.length() == 0) {
                    return 0;
                } else if (b >= 0x20 || b == '\t') {
                    line.append((char) b);
                    if (io.pty) {
                        io.rawOut(String.valueOf((char) b));
                    }
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }
}
