package dev.virtdeck.sim;

/**
 * The login shell sshd hands the command line to. Both behaviours were verified on Debian 12
 * (bash 5.2, dash 0.5.12); they differ in the "not found" text and in {@code command -v} with several names.
 */
public enum LoginShell {
    /**
     * bash (Debian's default for root): {@code bash: NAME: command not found}, exit 127;
     * {@code command -v a b c} prints every name found, exit 1 only if none is found.
     */
    BASH,
    /**
     * dash ({@code /bin/sh}): {@code sh: 1: NAME: not found}, exit 127;
     * {@code command -v a b c} looks at the FIRST name only (real dash behaviour) and exits 127 if it is missing.
     */
    DASH
}
