package dev.virtdeck.inventory;

import java.nio.file.Path;

/** {@code ~} and OpenSSH {@code %} token expansion for paths. */
final class PathExpansion {
    private PathExpansion() {
    }

    /** {@code ~} or {@code ~/x} becomes {@code home} or {@code home/x}; anything else is unchanged. */
    static String tilde(String path, Path home) {
        if (path.equals("~")) {
            return home.toString();
        }
        if (path.startsWith("~/")) {
            return home.resolve(path.substring(2)).toString();
        }
        return path;
    }

    /**
     * Expands OpenSSH tokens: {@code %h} remote host name, {@code %n} original alias, {@code %r}
     * remote user, {@code %p} port, {@code %u} local user, {@code %d} local home, {@code %%}.
     * Unknown tokens are left as written.
     */
    static String tokens(String s, String host, String alias, String remoteUser, int port, String localUser,
                         Path home) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char t = s.charAt(++i);
            switch (t) {
                case 'h' -> out.append(host);
                case 'n' -> out.append(alias);
                case 'r' -> out.append(remoteUser);
                case 'p' -> out.append(port);
                case 'u' -> out.append(localUser);
                case 'd' -> out.append(home);
                case '%' -> out.append('%');
                default -> out.append('%').append(t);
            }
        }
        return out.toString();
    }
}
