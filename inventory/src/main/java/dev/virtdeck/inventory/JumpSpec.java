package dev.virtdeck.inventory;

import com.google.common.net.HostAndPort;

/**
 * A jump host written as {@code [user@]host[:port]} (also OpenSSH's ProxyJump form, and
 * {@code [user@][v6addr]:port}).
 *
 * @param user null when not given
 * @param host host name, address or ~/.ssh/config alias
 * @param port null when not given
 */
public record JumpSpec(String user, String host, Integer port) {

    /**
     * @return whether {@code text} is a bare name (no user, no port), which in an inventory must
     *         name another inventory host
     */
    public static boolean isBareName(String text) {
        return text.indexOf('@') < 0 && text.indexOf(':') < 0 && !text.startsWith("ssh://");
    }

    /**
     * Parses {@code [ssh://][user@]host[:port]}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static JumpSpec parse(String text) {
        String s = text.startsWith("ssh://") ? text.substring("ssh://".length()) : text;
        String user = null;
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            user = s.substring(0, at);
            s = s.substring(at + 1);
            if (user.isEmpty()) {
                throw new IllegalArgumentException("empty user before '@' in '" + text + "'");
            }
        }
        // the port is checked first, so that a bad one is named as such
        String portText = s.lastIndexOf(':') > s.lastIndexOf(']') ? s.substring(s.lastIndexOf(':') + 1) : null;
        if (portText != null && parsePort(portText) == null) {
            throw new IllegalArgumentException("port '" + portText + "' in '" + text
                    + "' is not a number from 1 to 65535");
        }
        HostAndPort hp;
        try {
            hp = HostAndPort.fromString(s).requireBracketsForIPv6(); // host, host:port, [v6addr]:port
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("missing or invalid host in '" + text + "' (" + e.getMessage() + ")", e);
        }
        String host = hp.getHost();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("missing or invalid host in '" + text + "'");
        }
        return new JumpSpec(user, host, hp.hasPort() ? hp.getPort() : null);
    }

    /** @return the port, or null unless {@code s} is a decimal number from 1 to 65535 */
    static Integer parsePort(String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int p = Integer.parseInt(s);
        return p >= 1 && p <= 65535 ? p : null;
    }
}
