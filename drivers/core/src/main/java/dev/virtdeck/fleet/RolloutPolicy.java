package dev.virtdeck.fleet;

/**
 * How a batch run is rolled out: in waves of {@code serial} targets, one wave after another,
 * stopping once more than {@code maxFail} targets have failed, taking targets in {@code order}.
 *
 * @param serial  targets per wave (at least 1, or 1% to 100%), or null for one wave of all targets
 * @param maxFail failures allowed before the run stops (at least 0), or null for no limit
 * @param order   the order targets are taken into waves
 */
public record RolloutPolicy(Limit serial, Limit maxFail, Order order) {
    /** One wave, no failure limit, host by host: a plain parallel run. */
    public static final RolloutPolicy ALL_AT_ONCE = new RolloutPolicy(null, null, Order.HOST);

    /** The order targets are taken into waves (and results are reported in). */
    public enum Order {
        /** Host by host in inventory order, a host's targets together in selector then listing order. */
        HOST,
        /** By VM name in natural order (web-2 before web-10), ties by host in inventory order. */
        VM
    }

    public RolloutPolicy {
        if (order == null) throw new IllegalArgumentException("order is required");
        if (serial instanceof Limit.Count c && c.n() < 1) {
            throw new IllegalArgumentException("serial must be at least 1, got " + c.n());
        }
        if (serial instanceof Limit.Percent p && p.percent() < 1) {
            throw new IllegalArgumentException("serial must be 1% to 100%, got " + p.text());
        }
    }

    /** @return the number of targets per wave for a run of {@code total} targets (at least 1) */
    public int waveSize(int total) {
        return serial == null ? Math.max(1, total) : Math.max(1, serial.of(total));
    }
}
