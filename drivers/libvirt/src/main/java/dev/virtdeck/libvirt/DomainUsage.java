package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmInfo;

import java.util.function.Function;

/**
 * A running domain's usage counters from its bulk stats ({@code virConnectGetAllDomainStats}, or
 * {@code virsh domstats --balloon --block --interface}), the same keys on both transports:
 *
 * <ul>
 *   <li>memory the guest uses: {@code balloon.available - balloon.unused} (KiB), present only when
 *       the guest's balloon driver reports statistics (a stats period is set and the guest
 *       answers); the host's view {@code balloon.rss} (KiB) otherwise;</li>
 *   <li>disk: {@code block.N.rd.bytes} / {@code block.N.wr.bytes} summed over
 *       {@code block.count} disks;</li>
 *   <li>network: {@code net.N.rx.bytes} / {@code net.N.tx.bytes} summed over {@code net.count}
 *       interfaces.</li>
 * </ul>
 *
 * A group the stats lack (no {@code block.count}) gives null; a domain with no disk gives 0. A
 * disk without the counter (an empty CD-ROM) adds nothing; if no disk has it, the sum is null.
 */
public final class DomainUsage {
    private DomainUsage() {
    }

    /** @param num the stat of that key as a number, or null when absent or not a number */
    public static VmInfo.Usage from(Function<String, Long> num) {
        Long available = num.apply("balloon.available");
        Long unused = num.apply("balloon.unused");
        Long used = available != null && unused != null && available >= unused ? available - unused : null;
        return new VmInfo.Usage(used, num.apply("balloon.rss"),
                sum(num, "block", "rd.bytes"), sum(num, "block", "wr.bytes"),
                sum(num, "net", "rx.bytes"), sum(num, "net", "tx.bytes"));
    }

    private static Long sum(Function<String, Long> num, String group, String counter) {
        Long count = num.apply(group + ".count");
        if (count == null) return null;
        long total = 0;
        boolean any = count == 0;
        for (long i = 0; i < count; i++) {
            Long v = num.apply(group + "." + i + "." + counter);
            if (v != null) {
                total += v;
                any = true;
            }
        }
        return any ? total : null;
    }
}
