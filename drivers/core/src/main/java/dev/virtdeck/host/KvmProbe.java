package dev.virtdeck.host;

import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.time.Duration;
import java.util.Locale;

/**
 * Proves whether a host's KVM runs guests by booting one: QEMU starts the host's own kernel image from /boot
 * with no disk and no initramfs, console on the serial port, {@code panic=-1} and {@code -no-reboot}, so the
 * guest prints its {@code Linux version} banner within a second or two and then stops on its own (no root
 * file system). The banner is the proof; a writable /dev/kvm is not (on nested machines without vmx/svm in
 * the CPU flags a KVM guest can run real-mode code yet never reach its kernel, while the same guest under TCG
 * boots in seconds). When KVM fails, the same kernel is booted under TCG, so the report can tell "KVM fails"
 * from "this probe cannot boot here".
 *
 * <p>One exec per accelerator of a fixed script (the kernel path, the accelerator and the time limit are
 * positional parameters, never part of the script's text).
 */
public final class KvmProbe {

    /** Generous for KVM (a working one prints in about a second) and for TCG (about 6 s on a 2-core host). */
    public static final Duration KVM_LIMIT = Duration.ofSeconds(30);
    public static final Duration TCG_LIMIT = Duration.ofSeconds(120);

    /**
     * Exit 0: the banner was seen (printed on stdout); 1: QEMU ended or was stopped by {@code timeout}
     * without it; 3: no readable kernel; 4: no QEMU. QEMU's own messages go to stderr (first 2000 bytes).
     */
    static final String SCRIPT = String.join("\n",
            "PATH=\"$PATH:/usr/local/sbin:/usr/sbin:/sbin\"",
            "k=$1; a=$2; t=$3",
            "q=$(command -v qemu-system-x86_64) || { echo 'qemu-system-x86_64 is not installed' >&2; exit 4; }",
            "[ -r \"$k\" ] || { echo \"cannot read the kernel image $k\" >&2; exit 3; }",
            "e=$(mktemp) || exit 5",
            "timeout \"$t\" \"$q\" -machine \"pc,accel=$a\" -nodefaults -display none -monitor none -serial stdio"
                    + " -m 128 -no-reboot -kernel \"$k\" -append 'console=ttyS0 panic=-1' </dev/null 2>\"$e\""
                    + " | grep -a -m 1 -o 'Linux version [^ ]*'",
            "r=$?",
            "head -c 2000 \"$e\" >&2; rm -f \"$e\"",
            "exit $r");

    /**
     * One boot's outcome.
     *
     * @param accel   kvm or tcg
     * @param booted  the guest kernel printed its banner
     * @param seconds how long the exec took
     * @param detail  the banner, or why not (QEMU's message, "nothing within N s")
     */
    public record Boot(String accel, boolean booted, double seconds, String detail) {
        /** @return one line for a report */
        public String describe() {
            String t = String.format(Locale.ROOT, "%.1f s", seconds);
            return booted ? accel + " guest reached its kernel (" + detail + ") in " + t
                    : accel + " guest did not boot: " + detail;
        }
    }

    /**
     * @param kvm the KVM boot
     * @param tcg the TCG boot, made only when the KVM one failed; null otherwise
     */
    public record Result(Boot kvm, Boot tcg) {
        public boolean kvmWorks() {
            return kvm.booted();
        }
    }

    private KvmProbe() {
    }

    /** @return the command that boots {@code kernel} with accelerator {@code accel} (kvm or tcg) */
    public static RemoteCommand command(String kernel, String accel, Duration limit, boolean sudo) {
        return RemoteCommand.of("sh", "-c", SCRIPT, "sh", kernel, accel, Long.toString(limit.toSeconds()))
                .withSudo(sudo);
    }

    /**
     * Boots under KVM, and under TCG when KVM failed.
     *
     * @param kernel a kernel image on the host ({@link HostSurvey#bootKernel()})
     * @param sudo   run QEMU through {@code sudo -n} (/dev/kvm is often root or kvm group only)
     */
    public static Result run(SshHost ssh, String kernel, boolean sudo) {
        Boot kvm = boot(ssh, kernel, "kvm", KVM_LIMIT, sudo);
        Boot tcg = kvm.booted() ? null : boot(ssh, kernel, "tcg", TCG_LIMIT, sudo);
        return new Result(kvm, tcg);
    }

    static Boot boot(SshHost ssh, String kernel, String accel, Duration limit, boolean sudo) {
        ExecResult r = ssh.exec(command(kernel, accel, limit, sudo), limit.plusSeconds(30));
        return interpret(accel, limit, r);
    }

    static Boot interpret(String accel, Duration limit, ExecResult r) {
        double seconds = r.duration() == null ? 0 : r.duration().toMillis() / 1000.0;
        if (r.ok()) return new Boot(accel, true, seconds, r.stdout().strip());
        String err = qemuMessage(r.stderr());
        String why = switch (r.exitCode()) {
            case 3, 4 -> err;
            default -> err.isEmpty() ? "its serial console printed nothing within " + limit.toSeconds() + " s"
                    : err;
        };
        return new Boot(accel, false, seconds, why);
    }

    /** QEMU's first error line, without its program-name prefix; warnings about CPU features are noise. */
    private static String qemuMessage(String stderr) {
        for (String line : stderr.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.contains("warning:") || l.contains("terminating on signal")) continue;
            return l.replaceFirst("^qemu-system-x86_64: ", "");
        }
        return "";
    }
}
